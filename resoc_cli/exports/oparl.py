"""OParl 1.1 as static JSON files: the German standard for council information systems.

OParl (https://oparl.org) is what council information systems publish and what their
clients read; a folder written here, served from `base` by any web server, is such a system:
`system.json` leads to the one Body (the dataset), which lists its Organizations (bodies and
partner organisations), Persons (with their Memberships), Meetings (with their AgendaItems
and Location) and Papers (the requests for advice, each with its Consultations, the meetings
that treated it). Every object also sits in a file at its own id.

What OParl cannot say is left out rather than guessed: a date that the data knows only to the
month or year is not written as a day, and a meeting without a time has no `start`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .. import meaning
from ..visibility import is_internal
from ..dataset import Dataset
from ..jsontext import dumps
from ..models import SEAT_ROLES
from ..views import View
from ..when import When

VERSION = "https://schema.oparl.org/1.1/"
DEFAULT_BASE = "http://localhost:8000/"
MEETING_STATE = {"planned": "terminiert", "held": "durchgeführt", "cancelled": "abgesagt"}
Obj = dict[str, Any]


class OParl:
    """Builds the OParl objects of a dataset, their ids made from one base address."""

    def __init__(self, ds: Dataset, base: str) -> None:
        self.ds, self.base = ds, base if base.endswith("/") else base + "/"

    def url(self, *parts: str) -> str:
        return self.base + "/".join(parts) + ".json"

    def obj(self, kind: str, id: str | None = None, *, at: tuple[str, ...] | None = None) -> Obj:
        """An object's id and type; its file is at `at` (default: KIND/ID)."""
        return {"id": self.url(*(at or (kind.lower(), id or ""))), "type": VERSION + kind}

    def party(self, id: str | None) -> str | None:
        """An organisation or a body, both OParl Organizations."""
        kind = meaning.party_kind(self.ds, id)
        return self.url("organization", f"{kind}-{id}") if kind else None

    # ------------------------------------------------------------------ objects

    def system(self) -> Obj:
        return {**self.obj("System", at=("system",)), "oparlVersion": VERSION, "body": self.url("bodies"),
                "name": "resoc: regionaal sociaal-economisch overleg in Vlaanderen"}

    def body(self) -> Obj:
        return {**self.obj("Body", at=("body",)), "system": self.url("system"),
                "name": "Regionaal sociaal-economisch overleg (RESOC, SERR, ERSV)", "shortName": "resoc",
                "organization": self.url("organizations"), "person": self.url("people"),
                "meeting": self.url("meetings"), "paper": self.url("papers"), "legislativeTerm": [],
                "classification": "regionaal sociaal-economisch overleg"}

    def organizations(self) -> Iterator[Obj]:
        for c in self.ds.all("council"):
            yield {**self.obj("Organization", f"council-{c.id}"), "body": self.url("body"), "name": c.name,
                   "organizationType": "Gremium", "classification": c.type,
                   **_dates(c.start_date, c.end_date), **({"website": c.website} if c.website else {}),
                   **({"subOrganizationOf": self.party(c.parent)} if c.parent else {})}
        for o in self.ds.all("organisation"):
            yield {**self.obj("Organization", f"organisation-{o.id}"), "body": self.url("body"), "name": o.name,
                   **({"shortName": o.short_name} if o.short_name else {}), "organizationType": "Institution",
                   "classification": o.type, **({"website": o.website} if o.website else {})}

    def people(self) -> Iterator[Obj]:
        for person in self.ds.all("contact"):
            memberships = [self.membership(person.id, council, m) for council, m in self.ds.seats_of(person.id)]
            yield {**self.obj("Person", person.id), "body": self.url("body"), "name": person.name,
                   **({"familyName": person.family_name} if person.family_name else {}),
                   **({"givenName": person.given_name} if person.given_name else {}), "membership": memberships}

    def membership(self, person: str, council: Any, m: Any) -> Obj:
        index = next(i for i, held in enumerate(council.memberships) if held is m)
        return {**self.obj("Membership", at=("membership", f"{council.id}-{index + 1}")), "person": self.url("person", person),
                "organization": self.url("organization", f"council-{council.id}"), "role": m.label or m.role,
                "votingRight": m.role in SEAT_ROLES, **_dates(m.start_date, m.end_date),
                **({"onBehalfOf": self.party(m.on_behalf_of)} if self.party(m.on_behalf_of) else {})}

    def meetings(self) -> Iterator[Obj]:
        for mt in sorted(self.ds.all("meeting"), key=lambda x: (x.start_date.earliest, x.id)):
            here = self.obj("Meeting", mt.id)
            yield {**here, "name": mt.name or self.ds.name_of("council", mt.council), "meetingState": MEETING_STATE[mt.status],
                   "cancelled": mt.status == "cancelled", **_times(mt),
                   **({"location": {**self.obj("Location", at=("location", mt.id)), "description": mt.location}}
                      if mt.location else {}),
                   "organization": [self.url("organization", f"council-{mt.council}")],
                   "participant": [self.url("person", a.contact) for a in mt.attendance if a.status == "present"],
                   "agendaItem": [self.agenda_item(mt, here["id"], order, item) for order, item in enumerate(mt.agenda, 1)]}

    def agenda_item(self, mt: Any, meeting: str, order: int, item: Any) -> Obj:
        out = {**self.obj("AgendaItem", at=("agendaitem", f"{mt.id}-{_key(item.number)}")), "meeting": meeting, "number": item.number,
               "order": order, "name": item.title, "public": not is_internal(item)}
        if item.advice:
            out["consultation"] = self.url("consultation", f"{item.advice}-{mt.id}-{_key(item.number)}")
        if item.decision is not None:
            out.update(result=item.decision.outcome, resolutionText=item.decision.text)
        return out

    def papers(self) -> Iterator[Obj]:
        for a in sorted(self.ds.all("advice"), key=lambda x: (x.received.earliest, x.id)):
            requester = self.party(a.requested_by)
            yield {**self.obj("Paper", a.id), "body": self.url("body"), "name": a.name, "reference": a.id,
                   **({"date": a.received.earliest.isoformat()} if a.received.precision == "day" else {}),
                   "paperType": f"Adviesvraag ({a.dossier_type})",
                   **({"originatorOrganization": [requester]} if requester else {}),
                   "underDirectionOf": [self.url("organization", f"council-{a.council}")],
                   "consultation": list(self.consultations(a)), **({"web": a.url} if a.url else {})}

    def consultations(self, advice: Any) -> Iterator[Obj]:
        """Every agenda item that treated the advice: OParl's Beratungsfolge."""
        for mt in sorted(self.ds.all("meeting"), key=lambda x: x.start_date.earliest):
            for item in mt.agenda:
                if item.advice == advice.id:
                    key = _key(item.number)
                    yield {**self.obj("Consultation", at=("consultation", f"{advice.id}-{mt.id}-{key}")),
                           "paper": self.url("paper", advice.id), "agendaItem": self.url("agendaitem", f"{mt.id}-{key}"),
                           "meeting": self.url("meeting", mt.id), "organization": [self.url("organization", f"council-{mt.council}")],
                           "authoritative": advice.decided_at == mt.id, "role": "advies"}


def _key(number: str) -> str:
    """An agenda item's number as part of an address (stable when a confidential item is left out)."""
    from ..editing import slug

    return slug(number)


def _day(when: When | None) -> str | None:
    return when.earliest.isoformat() if when is not None and when.precision == "day" else None


def _dates(start: When | None, end: When | None) -> Obj:
    """startDate and endDate where the data knows the day."""
    return {k: v for k, v in (("startDate", _day(start)), ("endDate", _day(end))) if v}


def _times(mt: Any) -> Obj:
    """start and end as date-times in Belgian time, where the meeting has a time."""
    zone, day = ZoneInfo("Europe/Brussels"), mt.start_date.earliest
    out = {}
    for key, clock in (("start", mt.start_time), ("end", mt.end_time)):
        if clock is not None:
            out[key] = dt.datetime.combine(day, dt.time.fromisoformat(clock), tzinfo=zone).isoformat()
    return out


def _page(items: list[Obj]) -> Obj:
    """An OParl object list of one page."""
    return {"data": items, "pagination": {"totalElements": len(items), "elementsPerPage": len(items) or 1,
                                          "currentPage": 1, "totalPages": 1}, "links": {}}


def documents(ds: Dataset, base: str = DEFAULT_BASE) -> dict[str, Obj]:
    """Every file of the export, by its path relative to the base: the lists and each object."""
    o = OParl(ds, base)
    lists = {"organizations": list(o.organizations()), "people": list(o.people()), "meetings": list(o.meetings()),
             "papers": list(o.papers())}
    files: dict[str, Obj] = {"system.json": o.system(), "bodies.json": _page([o.body()]), "body.json": o.body()}
    for name, items in lists.items():
        files[f"{name}.json"] = _page(items)
        for item in items:
            files[item["id"].removeprefix(o.base)] = item
    return files


def write_oparl(ds: Dataset, out: Path, view: View, base: str = DEFAULT_BASE) -> list[Path]:
    """Write the export into the folder `out` (created), one JSON file per list and object."""
    from ..writing import atomic_write_all

    def files() -> Iterator[tuple[Path, bytes]]:
        made: set[Path] = set()
        for rel, value in documents(ds, base).items():
            path = out / rel
            if path.parent not in made:  # once per folder, not per file
                path.parent.mkdir(parents=True, exist_ok=True)  # inside the export's own folder
                made.add(path.parent)
            yield path, (dumps(value) + "\n").encode("utf-8")

    return atomic_write_all(files())
