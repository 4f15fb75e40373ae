"""What the reports say, as plain data: a region, a council, a pact, the directory, the calendar.

rendering.py turns these into Markdown or HTML; the data is the same for every language and
format, so a report and its `--format json` never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from . import meaning, reference
from .dataset import Dataset
from .errors import NotFoundError, UsageError
from .progress import rolled_up
from .suggest import did_you_mean
from .views import View
from .views.show import STAFF_ROLES, agenda_rows, attendance_rows, seat_counts, seen_on
from .when import text_of

REPORTS = ("region", "council", "pact", "directory", "calendar", "agenda", "minutes", "advice-register")


def _get(ds: Dataset, kind: str, id: str) -> Any:
    record = ds.get(kind, id)
    if record is None:
        raise NotFoundError(f"no {kind} has the id '{id}'{did_you_mean(id, ds.ids(kind))}")
    return record


def _details(record: Any, view: View) -> list[dict[str, Any]]:
    """Contact details with every key a template may ask for (a detail without a label has label None)."""
    return [{"type": d.type, "value": d.value, "label": d.label} for d in record.contact_details]


def _addresses(record: Any) -> list[dict[str, Any]]:
    return [{k: getattr(a, k) for k in ("label", "street", "postal_code", "locality")} for a in record.addresses]


def _members(ds: Dataset, council: Any, day: dt.date, view: View, roles: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The seats of a body held on the day (with `roles`, only those roles: the people of the
    other seats are not read)."""
    rows = []
    for m in council.memberships:
        if (roles is not None and m.role not in roles) or not meaning.seat_current(ds, council, m, day):
            continue
        person = ds.get("contact", m.contact) if m.contact else None
        rows.append({"name": person.name if person else None, "role": m.role, "side": m.side, "label": m.label,
                     "on_behalf_of": ds.name_of("party", m.on_behalf_of), "since": text_of(m.start_date),
                     "contact_details": _details(person, view) if person else []})
    return rows


def council_report(ds: Dataset, id: str, view: View) -> dict[str, Any]:
    council = _get(ds, "council", id)
    day = seen_on(council, view).day
    members = _members(ds, council, day, view)
    sides: dict[str, list[dict[str, Any]]] = {}
    for row in members:
        if row["role"] not in STAFF_ROLES:
            sides.setdefault(row["side"] or "other", []).append(row)
    return {
        "kind": "council", "id": council.id, "name": council.name, "type": council.type, "as_of": day.isoformat(),
        "regions": [ds.name_of("region", r) for r in council.regions], "parent": ds.name_of("council", council.parent),
        "start_date": text_of(council.start_date),
        "end_date": text_of(council.end_date),
        "description": council.description, "composition": council.composition, "mandates": list(council.mandates),
        "seats": seat_counts(ds, council, day), "sides": sides,
        "chairs": [r for r in members if r["role"] in ("chair", "vice_chair")],
        "secretariat": [r for r in members if r["role"] in STAFF_ROLES],
        "sub_bodies": [{"name": s.name, "type": s.type} for s in ds.referring("council", "parent", council.id)],
        "addresses": _addresses(council), "contact_details": _details(council, view),
        "website": council.website, "sources": [s.ref for s in council.sources],
    }


def region_report(ds: Dataset, id: str, view: View) -> dict[str, Any]:
    region = _get(ds, "region", id)
    councils = ds.referring("council", "regions", region.id)
    bodies = []
    for c in councils:
        day = seen_on(c, view).day
        secretariat = [r for r in _members(ds, c, day, view) if r["role"] in STAFF_ROLES]
        bodies.append({"id": c.id, "name": c.name, "type": c.type, "end_date": text_of(c.end_date),
                       "secretariat": secretariat, "addresses": _addresses(c),
                       "contact_details": _details(c, view)})
    municipalities = [{"nis": m.nis, "name": reference.name(m.nis) or m.name} for m in region.municipalities
                      if view.shows(ds, "municipality", m)]
    return {
        "kind": "region", "id": region.id, "name": region.name, "as_of": view.day.isoformat(),
        "province": reference.provinces().get(region.province or "", None), "ersv": ds.name_of("council", region.ersv),
        "arrondissements": list(region.arrondissements), "municipalities": municipalities, "note": region.note,
        "bodies": bodies, "pacts": [{"id": p.id, "name": p.name, "start_date": text_of(p.start_date),
                                     "end_date": text_of(p.end_date)} for p in ds.referring("pact", "region", region.id)],
        "sources": [s.ref for s in region.sources],
    }


def pact_report(ds: Dataset, id: str, view: View) -> dict[str, Any]:
    pact = _get(ds, "pact", id)
    nodes = []
    for placed in ds.placed_in(pact.id).values():
        node = placed.node
        nodes.append({
            "level": placed.level, "depth": len(placed.loc) // 2, "id": node.id, "name": node.name, "description": node.description,
            "lead": [ds.name_of("party", x) for x in node.lead], "partners": [ds.name_of("party", x) for x in node.partners],
            "councils": [ds.name_of("council", x) for x in node.councils], "status": node.status, "progress": rolled_up(node),
            "start_date": text_of(node.start_date), "end_date": text_of(node.end_date),
            "indicators": [{"name": i.name, "unit": i.unit,
                            "baseline": {"year": i.baseline.year, "value": i.baseline.value} if i.baseline else None,
                            "periods": [{"start_date": str(p.start_date), "end_date": text_of(p.end_date), "target": p.target,
                                         "actual": p.actual} for p in i.periods]} for i in node.indicators],
            "events": [{"date": str(e.start_date), "title": e.title} for e in node.events],
        })
    return {"kind": "pact", "id": pact.id, "name": pact.name, "title": pact.title, "region": ds.name_of("region", pact.region),
            "start_date": text_of(pact.start_date), "end_date": text_of(pact.end_date),
            "councils": [ds.name_of("council", c) for c in pact.councils], "description": pact.description,
            "nodes": nodes, "sources": [s.ref for s in pact.sources]}


def directory_report(ds: Dataset, view: View) -> dict[str, Any]:
    """Every body with its addresses, public contact details and secretariat."""
    bodies = []
    for c in ds.each("council"):  # each: read, described and let go (10,000 bodies at 100,000 files)
        if not view.shows(ds, "council", c):
            continue
        day = seen_on(c, view).day
        bodies.append({"id": c.id, "name": c.name, "type": c.type, "regions": [ds.name_of("region", r) for r in c.regions],
                       "end_date": text_of(c.end_date),
                       "addresses": _addresses(c), "contact_details": _details(c, view),
                       "website": c.website,
                       "secretariat": _members(ds, c, day, view, STAFF_ROLES)})
    bodies.sort(key=lambda body: body["name"].casefold())  # stable: bodies of one name stay in file order
    return {"kind": "directory", "as_of": view.day.isoformat(), "bodies": bodies}


def calendar_report(ds: Dataset, year: int, view: View) -> dict[str, Any]:
    """The regional calendar (regiokalender): events and plan items of a year.

    An item dated to the day or the month goes under its month. One the sources date only to a
    season or a year, or not at all (an undated item of the year's plan), gets a section of its
    own ("lente 2018", "in 2018", "datum onbekend"): filing it under the season's first month or
    under January would claim a date no source gives.
    """
    entries = []
    events_on = set()  # (pact, action, date) of every event: a plan item on the same day is the same occasion
    for placed in ds.events:
        e = placed.event
        events_on.add((placed.owner, placed.node, str(e.start_date)))
        if meaning.touches_year((e.start_date, e.end_date or e.start_date), year):
            councils = placed.councils
            entries.append(_calendar_entry(e.start_date, e.title, e.location, [ds.name_of("council", c) for c in councils], "event"))
    for plan in ds.each("plan"):  # each: read and let go (16,000 plans at 100,000 files)
        for item in plan.items:
            if (plan.pact, item.action, str(item.start_date)) in events_on:
                continue
            dated = item.start_date is not None and meaning.touches_year((item.start_date, item.end_date or item.start_date), year)
            if dated or (item.start_date is None and plan.year == year):
                entries.append(_calendar_entry(item.start_date, item.title, None, [ds.name_of("council", plan.council)], "plan"))
    entries.sort(key=lambda e: (e["sort"], e["title"]))
    return {"kind": "calendar", "year": year, "as_of": view.day.isoformat(), "months": _by_month(entries, year),
            "undated": _by_fuzzy_date(entries), "count": len(entries)}


def _calendar_entry(when: Any, title: str, where: str | None, bodies: list[str | None], kind: str) -> dict[str, Any]:
    return {"date": text_of(when), "precision": when.precision if when else None,
            "sort": when.earliest.isoformat() if when else "9999", "title": title, "where": where, "bodies": bodies, "kind": kind}


def _by_month(entries: list[dict[str, Any]], year: int) -> list[dict[str, Any]]:
    """Entries known to the day or the month, under their month (one that began the year before: under January)."""
    months: list[dict[str, Any]] = []
    for entry in (e for e in entries if e["precision"] in ("day", "month")):
        month = int(entry["sort"][5:7]) if int(entry["sort"][:4]) == year else 1
        if not months or months[-1]["month"] != month:
            months.append({"month": month, "entries": []})
        months[-1]["entries"].append(entry)
    return months


def _by_fuzzy_date(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries known only to the season or the year, or not dated: one section per date as the source gives it."""
    sections: dict[str | None, list[dict[str, Any]]] = {}
    for entry in entries:
        if entry["precision"] not in ("day", "month"):
            sections.setdefault(entry["date"], []).append(entry)
    order = sorted(sections, key=lambda d: (d is None, sections[d][0]["precision"] == "year", d or ""))  # seasons, years, undated
    return [{"date": d, "precision": sections[d][0]["precision"], "entries": sections[d]} for d in order]


def meeting_report(ds: Dataset, id: str, view: View) -> dict[str, Any]:
    """A meeting's agenda and minutes: the items with what they are about and the decisions,
    and who was present, excused or absent (one data set for both documents)."""
    meeting = _get(ds, "meeting", id)
    attendance = attendance_rows(ds, meeting)
    return {"kind": "meeting", "id": meeting.id, "name": meeting.name, "council": ds.name_of("council", meeting.council),
            "date": text_of(meeting.start_date), "start_time": meeting.start_time, "end_time": meeting.end_time,
            "location": meeting.location, "status": meeting.status, "agenda": agenda_rows(ds, meeting),
            "present": [a for a in attendance if a["status"] == "present"],
            "excused": [a for a in attendance if a["status"] == "excused"],
            "absent": [a for a in attendance if a["status"] == "absent"],
            "note": meeting.note, "sources": [s.ref for s in meeting.sources]}


def advice_register(ds: Dataset, council_id: str, year: int, view: View) -> dict[str, Any]:
    """A body's register of requests for advice received in a year: deadline, outcome, meeting."""
    council = _get(ds, "council", council_id)
    rows = []
    for a in sorted(ds.referring("advice", "council", council.id), key=lambda a: (a.received.earliest, a.id)):
        if a.received.earliest.year != year:
            continue
        meeting = ds.get("meeting", a.decided_at)
        rows.append({"id": a.id, "name": a.name, "dossier_type": a.dossier_type,
                     "requested_by": ds.name_of("party", a.requested_by), "received": text_of(a.received),
                     "deadline": text_of(a.deadline), "deadline_kind": a.deadline_kind, "outcome": a.outcome,
                     "decided_on": text_of(meeting.start_date) if meeting else None, "decided_at": a.decided_at,
                     "overdue": meaning.advice_overdue(a.deadline, a.open, view.day), "url": a.url})
    return {"kind": "advice-register", "council": council.name, "council_id": council.id, "year": year,
            "as_of": view.day.isoformat(), "advice": rows, "open": sum(1 for r in rows if r["outcome"] is None),
            "overdue": sum(1 for r in rows if r["overdue"])}


def build(ds: Dataset, kind: str, id: str | None, view: View, year: int | None = None) -> dict[str, Any]:
    """The data of a report: the library call behind `resoc report`."""
    if kind == "directory":
        return directory_report(ds, view)
    if id is None:
        raise UsageError(f"a {kind} report needs an id" + (" (the year)" if kind == "calendar" else ""))
    if kind == "calendar":
        if not id.isdigit():
            raise UsageError(f"a calendar report takes a year, such as 2018, not '{id}'")
        return calendar_report(ds, int(id), view)
    if kind == "advice-register":
        return advice_register(ds, id, year or view.day.year, view)
    if kind in ("agenda", "minutes"):
        return meeting_report(ds, id, view)
    return {"region": region_report, "council": council_report, "pact": pact_report}[kind](ds, id, view)
