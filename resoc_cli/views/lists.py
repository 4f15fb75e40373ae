"""The list of every kind, at a date: one small lister per kind, registered by the kind's name.

A lister yields (current, row) for every record its filters select; `listing` keeps the
current ones (or all, with history) and counts the rest, in one pass. What "current" means
comes from meaning.py, for every kind alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from .. import meaning, reference
from ..dataset import Dataset
from ..errors import UsageError
from ..kinds import BY_PLURAL, KINDS
from ..models import Council, Membership
from ..suggest import unknown
from ..when import text_of
from . import View
from .plain import first_detail
from .search import fold

Row = dict[str, Any]
Lister = Callable[..., Iterable[tuple[bool, Row]]]
LISTERS: dict[str, Lister] = {}
BY_NAME: set[str] = set()  # kinds listed by name; the others keep their lister's order (dates, the pact's tree)


def lister(kind: str, by_name: bool = False) -> Callable[[Lister], Lister]:
    """Register a kind's lister; `by_name` sorts its rows as people look for them, by name."""
    assert kind in KINDS, kind

    def register(function: Lister) -> Lister:
        LISTERS[kind] = function
        if by_name:
            BY_NAME.add(kind)
        return function

    return register


# The filters whose values are neither ids nor a model's choices: the values the data holds.
PRESENT: dict[tuple[str, str], Callable[[Dataset], Iterable[Any]]] = {
    ("region", "province"): lambda ds: (r.province for r in ds.all("region")),
    ("source", "language"): lambda ds: (s.language for s in ds.all("source")),
    ("action", "pillar"): lambda ds: (p.pillar.id for p in ds.actions()),
}


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for names as people sort them: case and accents ignored ('Émile' with 'Emile'),
    numbers by value ('Werkgroep 2' before 'Werkgroep 10')."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", fold(text).strip()) if part)


def check_filters(ds: Dataset, kind: str, filters: dict[str, Any]) -> None:
    """A filter value that names no record, or no allowed value, is a usage error naming the nearest."""
    for f in KINDS[kind].filters:
        value = filters.get(f.name)
        if value is None:
            continue
        if (kind, f.name) in PRESENT and value not in (held := {v for v in PRESENT[kind, f.name](ds) if v}):
            raise UsageError(f"{f.flag}: {unknown(f.name, str(value), held)}")
        if f.refers and not ds.exists(f.refers, value):
            raise UsageError(f"{f.flag}: {unknown(f.refers.replace('party', 'organisation or body'), value, ds.ids(f.refers))}")
        if f.choices and str(value) not in f.allowed():
            raise UsageError(f"{f.flag}: {unknown('value', str(value), {*f.allowed(), *_words(f.choices[1], f.allowed())})}")


def _words(field: str, allowed: Iterable[str]) -> dict[str, str]:
    """The words tables show for a field's values, folded, in Dutch and English: 'voorzitter' -> chair."""
    from ..labels import LANGUAGES, values_of

    return {fold(label): code for lang in LANGUAGES for code, label in values_of(field, lang).items() if code in allowed}


def as_choices(kind: str, filters: dict[str, Any]) -> dict[str, Any]:
    """Filter values given as the words a table shows (voorzitter, lopend, werkgroep) read as the
    values they stand for, so staff can filter by what they see."""
    out = dict(filters)
    for f in KINDS[kind].filters:
        value = out.get(f.name)
        if f.choices and isinstance(value, str) and value not in (allowed := f.allowed()):
            out[f.name] = _words(f.choices[1], allowed).get(fold(value), value)
    return out


def listing(ds: Dataset, kind: str, view: View, /, **filters: Any) -> tuple[list[Row], int]:
    """The rows a view shows of a kind, and how many current-only hid."""
    filters = as_choices(kind, {k: v for k, v in filters.items() if v is not None})
    check_filters(ds, kind, filters)
    rows, hidden = [], 0
    for current, row in LISTERS[kind](ds, view, **filters):
        if current or view.history:
            rows.append(row)
        else:
            hidden += 1
    if kind in BY_NAME:
        rows.sort(key=lambda row: (natural_key(str(row.get("name") or "")), str(row.get("id"))))
    return rows, hidden


def list_rows(ds: Dataset, kind: str, view: View, /, **filters: Any) -> list[Row]:
    """The rows of `resoc KIND list` (by singular or plural kind name): what its json prints."""
    return listing(ds, BY_PLURAL[kind].name if kind in BY_PLURAL else kind, view, **filters)[0]


def _dates(item: Any) -> Row:
    return {"start_date": text_of(item.start_date), "end_date": text_of(item.end_date)}


def seat_text(ds: Dataset, council: Council, m: Membership) -> dict[str, Any]:
    """A seat as data (tables write it as a sentence in the reader's language: labels.seat_line)."""
    return {"council": council.id, "council_name": council.name, "role": m.role, "on_behalf_of": m.on_behalf_of,
            "on_behalf_of_name": ds.name_of("party", m.on_behalf_of)}


@lister("region", by_name=True)
def _regions(ds: Dataset, view: View, province: str | None = None) -> Iterator[tuple[bool, Row]]:
    for r in ds.all("region"):
        if province and r.province != province:
            continue
        municipalities = [m for m in r.municipalities if view.shows(ds, "municipality", m)]
        yield view.shows(ds, "region", r), {
            "id": r.id, "name": r.name, "province": reference.provinces().get(r.province or "", None), "ersv": r.ersv,
            "municipalities": len(municipalities), "councils": ds.count_referring("council", "regions", r.id)}


@lister("municipality")
def _municipalities(ds: Dataset, view: View, region: str | None = None) -> list[tuple[bool, Row]]:
    rows = []
    for r in ds.all("region"):
        if region and r.id != region:
            continue
        for m in r.municipalities:
            rows.append((view.shows(ds, "municipality", m), {
                "nis": m.nis, "name": reference.name(m.nis) or m.name, "region": r.id, "region_name": r.name,
                "province": reference.provinces().get(reference.province_of(m.nis) or "", None), **_dates(m)}))
    return sorted(rows, key=lambda pair: (pair[1]["name"] or "", pair[1]["nis"]))


@lister("council", by_name=True)
def _councils(ds: Dataset, view: View, type: str | None = None, region: str | None = None,
              parent: str | None = None) -> Iterator[tuple[bool, Row]]:
    for c in ds.each("council"):  # each: a list keeps its rows, not 10,000 bodies
        if (type and c.type != type) or (region and region not in c.regions) or (parent and c.parent != parent):
            continue
        yield view.shows(ds, "council", c), {
            "id": c.id, "name": c.name, "type": c.type, "regions": list(c.regions), "parent": c.parent, **_dates(c),
            "phone": first_detail(c, "phone"), "email": first_detail(c, "email")}


class SeatRow(NamedTuple):
    """A seat as the contacts list needs it: its text, whether the filters choose it, whether it is held."""

    text: dict[str, Any]
    chosen: bool
    held: bool


@lister("contact", by_name=True)
def _contacts(ds: Dataset, view: View, council: str | None = None, organisation: str | None = None,
              role: str | None = None) -> Iterator[tuple[bool, Row]]:
    filtered = bool(council or organisation or role)
    seats: dict[str, list[SeatRow]] = defaultdict(list)  # by person, made body by body: the bodies are not kept
    for c, m in ds.each_seat():
        if m.contact is not None:
            chosen = (not council or c.id == council) and (not organisation or m.on_behalf_of == organisation) \
                and (not role or m.role == role)
            seats[m.contact].append(SeatRow(seat_text(ds, c, m), chosen, meaning.seat_current(ds, c, m, view.day)))
    for person in ds.each("contact"):  # each: a list keeps its rows, not 58,000 people
        mine = seats.get(person.id, [])
        chosen = [s for s in mine if s.chosen]
        if filtered and not chosen:
            continue
        held = [s for s in chosen if s.held]
        current = bool(held) if filtered else meaning.holds_on(s.held for s in mine)
        yield current, {"id": person.id, "name": person.name, "seats": [s.text for s in (chosen if view.history else held)],
                        "email": first_detail(person, "email"), "phone": first_detail(person, "phone")}


@lister("organisation", by_name=True)
def _organisations(ds: Dataset, view: View, type: str | None = None, side: str | None = None) -> Iterator[tuple[bool, Row]]:
    for o in ds.each("organisation"):
        if (not type or o.type == type) and (not side or o.side == side):
            yield True, {"id": o.id, "name": o.name, "short_name": o.short_name, "type": o.type, "side": o.side,
                         "parent": o.parent}


@lister("pact", by_name=True)
def _pacts(ds: Dataset, view: View, region: str | None = None) -> Iterator[tuple[bool, Row]]:
    for p in ds.each("pact"):  # each: a list keeps its rows, not 4,000 pacts
        if not region or p.region == region:
            nodes = meaning.placed_nodes(p)
            yield view.shows(ds, "pact", p), {
                "id": p.id, "name": p.name, "kind": p.kind, "region": p.region, **_dates(p), "status": p.status,
                "pillars": len(p.pillars), "actions": sum(1 for n in nodes if n.level == "action")}


@lister("action")
def _actions(ds: Dataset, view: View, pact: str | None = None, pillar: str | None = None, lead: str | None = None,
             partner: str | None = None, status: str | None = None, year: int | None = None,
             council: str | None = None) -> Iterator[tuple[bool, Row]]:
    for p in ds.actions():
        a, leads = p.action, meaning.lead_of(p)
        if ((pact and p.pact.id != pact) or (pillar and p.pillar.id != pillar) or (lead and lead not in leads)
                or (partner and partner not in a.partners) or (status and a.status != status)
                or (council and council not in a.councils) or (year and not meaning.touches_year(meaning.span_of(p), year))):
            continue
        yield view.shows(ds, "action", p), {
            "pact": p.pact.id, "id": a.id, "name": a.name, "pillar": p.pillar.id,
            "cluster": p.cluster.id if p.cluster else None, "lead": leads, "partners": list(a.partners),
            "councils": list(a.councils), "status": a.status, "progress": a.progress, **_dates(a)}


@lister("plan")
def _plans(ds: Dataset, view: View, council: str | None = None, year: int | None = None,
           pact: str | None = None) -> Iterator[tuple[bool, Row]]:
    for p in ds.each("plan"):
        if (not council or p.council == council) and (not year or p.year == year) and (not pact or p.pact == pact):
            yield view.shows(ds, "plan", p), {
                "id": p.id, "pact": p.pact, "council": p.council, "year": p.year, "status": p.status,
                "items": len(p.items), "done": sum(1 for i in p.items if i.status == "done")}


@lister("event")
def _events(ds: Dataset, view: View, from_: dt.date | None = None, to: dt.date | None = None,
            council: str | None = None) -> Iterator[tuple[bool, Row]]:
    for placed in ds.events:
        e = placed.event
        if (from_ and (e.end_date or e.start_date).latest < from_) or (to and e.start_date.earliest > to):
            continue
        councils = list(placed.councils)
        if council and council not in councils:
            continue
        yield view.shows(ds, "event", e), {
            **_dates(e), "id": placed.key, "title": e.title, placed.owner_kind: placed.owner, "action": placed.node,
            "councils": councils, "location": e.location}


@lister("project", by_name=True)
def _projects(ds: Dataset, view: View, council: str | None = None, region: str | None = None) -> Iterator[tuple[bool, Row]]:
    for p in ds.each("project"):
        if (not council or council in p.councils) and (not region or region in p.regions):
            yield view.shows(ds, "project", p), {
                "id": p.id, "name": p.name, "councils": list(p.councils), "regions": list(p.regions), **_dates(p),
                "funding": p.funding}


@lister("source")
def _sources(ds: Dataset, view: View, kind: str | None = None, language: str | None = None) -> Iterator[tuple[bool, Row]]:
    """The register with, per source, the records that cite it; then citations no record of the
    register claims (id None; SRC002 reports them), so that nothing cited goes unseen."""
    from ..sourcing import list_sources

    for row in list_sources(ds):
        if (not kind or row["kind"] == kind) and (not language or row["language"] == language):
            yield True, row


@lister("meeting")
def _meetings(ds: Dataset, view: View, council: str | None = None, year: int | None = None,
              status: str | None = None) -> Iterator[tuple[bool, Row]]:
    for mt in sorted(ds.all("meeting"), key=lambda x: (x.start_date.earliest, x.start_time or "", x.id)):
        if (council and mt.council != council) or (year and mt.start_date.earliest.year != year) or (status and mt.status != status):
            continue
        yield view.shows(ds, "meeting", mt), {
            "id": mt.id, "council": mt.council, "name": mt.name, "start_date": text_of(mt.start_date),
            "start_time": mt.start_time, "location": mt.location, "status": mt.status, "agenda": len(mt.agenda),
            "present": sum(1 for a in mt.attendance if a.status == "present")}


@lister("advice")
def _advice(ds: Dataset, view: View, council: str | None = None, year: int | None = None,
            dossier_type: str | None = None, open: str | None = None) -> Iterator[tuple[bool, Row]]:
    if open not in (None, "yes", "no"):
        raise UsageError(f"--open: write yes or no, not '{open}'")
    for a in sorted(ds.all("advice"), key=lambda x: (x.received.earliest, x.id)):
        if ((council and a.council != council) or (year and a.received.earliest.year != year)
                or (dossier_type and a.dossier_type != dossier_type) or (open and a.open != (open == "yes"))):
            continue
        yield view.shows(ds, "advice", a), {
            "id": a.id, "name": a.name, "council": a.council, "requested_by": a.requested_by,
            "dossier_type": a.dossier_type, "received": text_of(a.received), "deadline": text_of(a.deadline),
            "deadline_kind": a.deadline_kind, "outcome": a.outcome, "decided_at": a.decided_at,
            "overdue": meaning.advice_overdue(a.deadline, a.open, view.day)}


missing = [k.name for k in KINDS.values() if k.name not in LISTERS]
assert not missing, f"kinds without a lister: {missing}"
