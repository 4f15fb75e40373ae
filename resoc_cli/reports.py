"""What the reports say, as plain data: a region, a council, a pact, the directory, the calendar.

rendering.py turns these into Markdown or HTML; the data is the same for every language and
format, so a report and its `--format json` never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import reference
from .dataset import Dataset
from .errors import NotFoundError
from .models import Cluster, Pillar
from .progress import rolled_up
from .queries import STAFF_ROLES, View, membership_active, name_of, placed_events, public_data, seat_counts, seen_on
from .rules.references import did_you_mean
from .walk import walk_nodes
from .when import text_of

REPORTS = ("region", "council", "pact", "directory", "calendar")


def _get(ds: Dataset, kind: str, id: str) -> Any:
    record = ds.get(kind, id)
    if record is None:
        raise NotFoundError(f"no {kind} has the id '{id}'{did_you_mean(id, ds.ids(kind))}")
    return record


def _details(record: Any, view: View) -> list[dict[str, Any]]:
    return public_data(record, view).get("contact_details", [])


def _members(ds: Dataset, council: Any, day: dt.date, view: View) -> list[dict[str, Any]]:
    rows = []
    for m in council.memberships:
        if not membership_active(council, m, day):
            continue
        person = ds.get("contact", m.contact) if m.contact else None
        rows.append({"name": person.name if person else None, "role": m.role, "side": m.side, "label": m.label,
                     "on_behalf_of": name_of(ds, "party", m.on_behalf_of), "since": text_of(m.start_date),
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
        "regions": [name_of(ds, "region", r) for r in council.regions], "parent": name_of(ds, "council", council.parent),
        "valid_from": text_of(council.valid_from),
        "valid_until": text_of(council.valid_until),
        "description": council.description, "composition": council.composition, "mandates": list(council.mandates),
        "seats": seat_counts(council, day), "sides": sides,
        "chairs": [r for r in members if r["role"] in ("chair", "vice_chair")],
        "secretariat": [r for r in members if r["role"] in STAFF_ROLES],
        "sub_bodies": [{"name": s.name, "type": s.type} for _, s in ds.records("council") if s.parent == council.id],
        "addresses": public_data(council, view).get("addresses", []), "contact_details": _details(council, view),
        "website": council.website, "sources": [s.ref for s in council.sources],
    }


def region_report(ds: Dataset, id: str, view: View) -> dict[str, Any]:
    region = _get(ds, "region", id)
    councils = [c for _, c in ds.records("council") if region.id in c.regions]
    bodies = []
    for c in councils:
        day = seen_on(c, view).day
        secretariat = [r for r in _members(ds, c, day, view) if r["role"] in STAFF_ROLES]
        bodies.append({"id": c.id, "name": c.name, "type": c.type, "valid_until": text_of(c.valid_until),
                       "secretariat": secretariat, "addresses": public_data(c, view).get("addresses", []),
                       "contact_details": _details(c, view)})
    municipalities = [{"nis": m.nis, "name": reference.name(m.nis) or m.name} for m in region.municipalities
                      if view.shows(m.valid_from, m.valid_until)]
    return {
        "kind": "region", "id": region.id, "name": region.name, "as_of": view.day.isoformat(),
        "province": reference.provinces().get(region.province or "", None), "ersv": name_of(ds, "council", region.ersv),
        "arrondissements": list(region.arrondissements), "municipalities": municipalities, "note": region.note,
        "bodies": bodies, "pacts": [{"id": p.id, "name": p.name, "start": text_of(p.start),
                                     "end": text_of(p.end)} for _, p in ds.records("pact") if p.region == region.id],
        "sources": [s.ref for s in region.sources],
    }


def pact_report(ds: Dataset, id: str, view: View) -> dict[str, Any]:
    pact = _get(ds, "pact", id)
    nodes = []
    for loc, node in walk_nodes(pact):
        level = "pillar" if isinstance(node, Pillar) else "cluster" if isinstance(node, Cluster) else "action"
        nodes.append({
            "level": level, "depth": len(loc) // 2, "id": node.id, "name": node.name, "description": node.description,
            "lead": [name_of(ds, "party", x) for x in node.lead], "partners": [name_of(ds, "party", x) for x in node.partners],
            "councils": [name_of(ds, "council", x) for x in node.councils], "status": node.status, "progress": rolled_up(node),
            "start": text_of(node.start), "end": text_of(node.end),
            "indicators": [{"name": i.name, "unit": i.unit,
                            "baseline": {"year": i.baseline.year, "value": i.baseline.value} if i.baseline else None,
                            "periods": [{"start": str(p.start), "end": text_of(p.end), "target": p.target,
                                         "actual": p.actual} for p in i.periods]} for i in node.indicators],
            "events": [{"date": str(e.date), "title": e.title} for e in node.events],
        })
    return {"kind": "pact", "id": pact.id, "name": pact.name, "title": pact.title, "region": name_of(ds, "region", pact.region),
            "start": text_of(pact.start), "end": text_of(pact.end),
            "councils": [name_of(ds, "council", c) for c in pact.councils], "description": pact.description,
            "nodes": nodes, "sources": [s.ref for s in pact.sources]}


def directory_report(ds: Dataset, view: View) -> dict[str, Any]:
    """Every body with its addresses, public contact details and secretariat."""
    bodies = []
    for _, c in sorted(ds.records("council"), key=lambda pair: pair[1].name.casefold()):
        if not view.shows(c.valid_from, c.valid_until):
            continue
        day = seen_on(c, view).day
        bodies.append({"id": c.id, "name": c.name, "type": c.type, "regions": [name_of(ds, "region", r) for r in c.regions],
                       "valid_until": text_of(c.valid_until),
                       "addresses": public_data(c, view).get("addresses", []), "contact_details": _details(c, view),
                       "website": c.website,
                       "secretariat": [r for r in _members(ds, c, day, view) if r["role"] in STAFF_ROLES]})
    return {"kind": "directory", "as_of": view.day.isoformat(), "bodies": bodies}


def calendar_report(ds: Dataset, year: int, view: View) -> dict[str, Any]:
    """The regional calendar (regiokalender): events and dated plan items of a year, by month."""
    entries = []
    events_on = set()  # (pact, action, date) of every event: a plan item on the same day is the same occasion
    for placed in placed_events(ds):
        e = placed.event
        events_on.add((placed.owner, placed.node, str(e.date)))
        if e.date.earliest.year <= year <= (e.end or e.date).latest.year:
            councils = list(e.councils)
            if not councils and placed.owner_kind == "pact":
                node = ds.pact_nodes.get(placed.owner, {}).get(placed.node or "")
                pact = ds.get("pact", placed.owner)
                councils = list(node.councils) if node is not None and node.councils else list(pact.councils) if pact else []
            entries.append({"date": str(e.date), "sort": e.date.earliest.isoformat(), "title": e.title,
                            "where": e.location, "bodies": [name_of(ds, "council", c) for c in councils], "kind": "event"})
    for _, plan in ds.records("plan"):
        for item in plan.items:
            if (plan.pact, item.action, str(item.start)) in events_on:
                continue
            if item.start is not None and item.start.earliest.year <= year <= (item.end or item.start).latest.year:
                entries.append({"date": str(item.start), "sort": item.start.earliest.isoformat(), "title": item.title,
                                "where": None, "bodies": [name_of(ds, "council", plan.council)], "kind": "plan"})
    entries.sort(key=lambda e: (e["sort"], e["title"]))
    months: list[dict[str, Any]] = []
    for entry in entries:
        month = int(entry["sort"][5:7])
        if not months or months[-1]["month"] != month:
            months.append({"month": month, "entries": []})
        months[-1]["entries"].append(entry)
    return {"kind": "calendar", "year": year, "months": months, "count": len(entries)}


def build(ds: Dataset, kind: str, id: str | None, view: View) -> dict[str, Any]:
    """The data of a report: the library call behind `resoc report`."""
    if kind == "directory":
        return directory_report(ds, view)
    if id is None:
        raise NotFoundError(f"a {kind} report needs an id" + (" (the year)" if kind == "calendar" else ""))
    if kind == "calendar":
        return calendar_report(ds, int(id), view)
    return {"region": region_report, "council": council_report, "pact": pact_report}[kind](ds, id, view)
