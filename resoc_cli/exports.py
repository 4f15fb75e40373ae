"""Exports to the tools people already use: json, csv, SQLite (Datasette), Popolo, iCalendar, vCard.

csv and SQLite come from one relational form of the dataset (`tables`), so the two cannot
disagree. Every export reads records through `queries.public_data` or filters contact details
by visibility itself, so internal details leave only with `include_internal`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .walk import walk_nodes
from .errors import DataError, UsageError
from .writing import atomic_write
from .models import Cluster, ContactDetail, Pillar
from .queries import View, membership_active, placed_events, public_data
from .when import When, text_of

FORMATS = ("json", "csv", "sqlite", "popolo", "ics", "vcf")
KIND_ORDER = ("region", "organisation", "council", "contact", "pact", "plan", "project")


def export(ds: Dataset, fmt: str, out: Path, view: View, force: bool = False) -> list[Path]:
    """Write the dataset to `out` in `fmt`; returns the files written. Refuses a dataset with errors."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format '{fmt}': choose one of {', '.join(FORMATS)}")
    if not out.parent.is_dir():
        raise UsageError(f"folder {out.parent} does not exist: resoc never creates missing folders; create it first")
    _require_clean(ds)
    if out.exists() and not force and not (fmt == "csv" and out.is_dir() and not any(out.iterdir())):
        raise UsageError(f"{out} exists already: choose another path, or add --force to replace it")
    return WRITERS[fmt](ds, out, view)


def _require_clean(ds: Dataset) -> None:
    from .validate import validate

    errors = validate([ds.root]).errors
    if errors:
        raise DataError(f"the dataset has {len(errors)} error(s), first {errors[0].file}:{errors[0].line}: "
                        f"{errors[0].message}; run resoc validate")


# ---------------------------------------------------------------------------- json


def whole(ds: Dataset, view: View) -> dict[str, list[dict[str, Any]]]:
    """Every record by kind, references as ids."""
    return {kind + "s": [public_data(record, view) for _, record in ds.records(kind)] for kind in KIND_ORDER}


def _write_text(out: Path, text: str) -> list[Path]:
    atomic_write(out, text.encode("utf-8"))
    return [out]


def write_json(ds: Dataset, out: Path, view: View) -> list[Path]:
    return _write_text(out, json.dumps(whole(ds, view), ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------------------- relational form


@dataclass
class Table:
    """A table: columns (name -> SQL type), its key, foreign keys, and rows."""

    name: str
    columns: dict[str, str]
    key: str | None = None
    foreign: dict[str, str] = field(default_factory=dict)  # column -> table
    rows: list[dict[str, Any]] = field(default_factory=list)
    search: tuple[str, ...] = ()


def _party(ds: Dataset, id: str | None) -> tuple[str | None, str | None]:
    """(organisation, council) columns for an id that may be either."""
    if id is None:
        return None, None
    return (id, None) if ds.exists("organisation", id) else (None, id)


def tables(ds: Dataset, view: View) -> list[Table]:
    """The dataset as related tables, parents before children."""
    T = Table
    regions = T("regions", {"id": "TEXT", "name": "TEXT", "province": "TEXT", "ersv": "TEXT", "note": "TEXT",
                            "valid_from": "TEXT", "valid_until": "TEXT"}, "id", {"ersv": "councils"}, search=("name",))
    municipalities = T("region_municipalities", {"region": "TEXT", "nis": "TEXT", "name": "TEXT", "valid_from": "TEXT",
                                                 "valid_until": "TEXT", "merged_into": "TEXT"}, None, {"region": "regions"})
    organisations = T("organisations", {"id": "TEXT", "name": "TEXT", "short_name": "TEXT", "type": "TEXT", "side": "TEXT",
                                        "parent": "TEXT", "website": "TEXT", "note": "TEXT"}, "id",
                      {"parent": "organisations"}, search=("name", "short_name"))
    councils = T("councils", {"id": "TEXT", "name": "TEXT", "type": "TEXT", "parent": "TEXT", "description": "TEXT",
                              "composition": "TEXT", "valid_from": "TEXT", "valid_until": "TEXT", "website": "TEXT",
                              "seats_employer": "INTEGER", "seats_employee": "INTEGER", "seats_government": "INTEGER"},
                 "id", {"parent": "councils"}, search=("name", "description"))
    council_regions = T("council_regions", {"council": "TEXT", "region": "TEXT"}, None, {"council": "councils", "region": "regions"})
    mandates = T("council_mandates", {"council": "TEXT", "mandate": "TEXT"}, None, {"council": "councils"})
    addresses = T("addresses", {"council": "TEXT", "label": "TEXT", "street": "TEXT", "postal_code": "TEXT", "locality": "TEXT",
                                "country": "TEXT"}, None, {"council": "councils"})
    contacts = T("contacts", {"id": "TEXT", "name": "TEXT", "given_name": "TEXT", "family_name": "TEXT", "note": "TEXT"},
                 "id", search=("name",))
    details = T("contact_details", {"contact": "TEXT", "council": "TEXT", "organisation": "TEXT", "type": "TEXT", "value": "TEXT",
                                    "label": "TEXT", "visibility": "TEXT", "valid_from": "TEXT", "valid_until": "TEXT"}, None,
                {"contact": "contacts", "council": "councils", "organisation": "organisations"})
    memberships = T("memberships", {"council": "TEXT", "contact": "TEXT", "on_behalf_of_organisation": "TEXT",
                                    "on_behalf_of_council": "TEXT", "role": "TEXT", "side": "TEXT", "label": "TEXT",
                                    "start_date": "TEXT", "end_date": "TEXT", "end_reason": "TEXT", "note": "TEXT",
                                    "current": "INTEGER"}, None,
                    {"council": "councils", "contact": "contacts", "on_behalf_of_organisation": "organisations",
                     "on_behalf_of_council": "councils"})
    pacts = T("pacts", {"id": "TEXT", "name": "TEXT", "title": "TEXT", "kind": "TEXT", "region": "TEXT", "start": "TEXT",
                        "end": "TEXT", "status": "TEXT", "description": "TEXT"}, "id", {"region": "regions"}, search=("name", "title"))
    pact_councils = T("pact_councils", {"pact": "TEXT", "council": "TEXT"}, None, {"pact": "pacts", "council": "councils"})
    nodes = T("pact_nodes", {"key": "TEXT", "pact": "TEXT", "id": "TEXT", "level": "TEXT", "parent": "TEXT", "name": "TEXT",
                             "description": "TEXT", "start": "TEXT", "end": "TEXT", "status": "TEXT", "progress": "REAL",
                             "weight": "REAL"}, "key", {"pact": "pacts", "parent": "pact_nodes"}, search=("name", "description"))
    node_parties = T("pact_node_parties", {"node": "TEXT", "role": "TEXT", "organisation": "TEXT", "council": "TEXT"}, None,
                     {"node": "pact_nodes", "organisation": "organisations", "council": "councils"})
    node_councils = T("pact_node_councils", {"node": "TEXT", "council": "TEXT"}, None, {"node": "pact_nodes", "council": "councils"})
    projects = T("projects", {"id": "TEXT", "name": "TEXT", "description": "TEXT", "start": "TEXT", "end": "TEXT",
                              "funding": "TEXT", "website": "TEXT"}, "id", search=("name", "description"))
    project_councils = T("project_councils", {"project": "TEXT", "council": "TEXT"}, None, {"project": "projects", "council": "councils"})
    project_regions = T("project_regions", {"project": "TEXT", "region": "TEXT"}, None, {"project": "projects", "region": "regions"})
    project_partners = T("project_partners", {"project": "TEXT", "organisation": "TEXT", "council": "TEXT"}, None,
                         {"project": "projects", "organisation": "organisations", "council": "councils"})
    events = T("events", {"key": "TEXT", "id": "TEXT", "title": "TEXT", "date": "TEXT", "end": "TEXT", "location": "TEXT",
                          "description": "TEXT", "pact": "TEXT", "node": "TEXT", "project": "TEXT"}, "key",
               {"pact": "pacts", "node": "pact_nodes", "project": "projects"}, search=("title",))
    event_councils = T("event_councils", {"event": "TEXT", "council": "TEXT"}, None, {"event": "events", "council": "councils"})
    plans = T("plans", {"key": "TEXT", "id": "TEXT", "pact": "TEXT", "council": "TEXT", "year": "INTEGER", "title": "TEXT",
                        "status": "TEXT", "note": "TEXT"}, "key", {"pact": "pacts", "council": "councils"})
    items = T("plan_items", {"plan": "TEXT", "id": "TEXT", "action": "TEXT", "title": "TEXT", "owner_organisation": "TEXT",
                             "owner_council": "TEXT", "contact": "TEXT", "quarters": "TEXT", "start": "TEXT", "end": "TEXT",
                             "status": "TEXT", "progress": "REAL", "carried_over_from": "INTEGER", "deliverables": "TEXT",
                             "note": "TEXT"}, None,
              {"plan": "plans", "action": "pact_nodes", "owner_organisation": "organisations", "owner_council": "councils",
               "contact": "contacts"})
    sources = T("sources", {"kind": "TEXT", "record": "TEXT", "ref": "TEXT", "note": "TEXT"})

    def add_details(owner: str, id: str, items_: list[ContactDetail]) -> None:
        for d in items_:
            if view.include_internal or d.visibility == "public":
                details.rows.append({"contact": None, "council": None, "organisation": None, owner: id, "type": d.type,
                                     "value": d.value, "label": d.label, "visibility": d.visibility,
                                     "valid_from": text_of(d.valid_from), "valid_until": text_of(d.valid_until)})

    for kind in KIND_ORDER:
        for _, record in ds.records(kind):
            sources.rows += [{"kind": kind, "record": record.id, "ref": s.ref, "note": s.note} for s in record.sources]
    for _, r in ds.records("region"):
        regions.rows.append({"id": r.id, "name": r.name, "province": r.province, "ersv": r.ersv, "note": r.note,
                             "valid_from": text_of(r.valid_from), "valid_until": text_of(r.valid_until)})
        municipalities.rows += [{"region": r.id, "nis": m.nis, "name": m.name, "valid_from": text_of(m.valid_from),
                                 "valid_until": text_of(m.valid_until), "merged_into": m.merged_into} for m in r.municipalities]
    for _, o in ds.records("organisation"):
        organisations.rows.append({k: getattr(o, k) for k in organisations.columns})
        add_details("organisation", o.id, o.contact_details)
    for _, c in ds.records("council"):
        seats = c.seats.model_dump() if c.seats else {}
        councils.rows.append({"id": c.id, "name": c.name, "type": c.type, "parent": c.parent, "description": c.description,
                              "composition": c.composition, "valid_from": text_of(c.valid_from), "valid_until": text_of(c.valid_until),
                              "website": c.website, "seats_employer": seats.get("employer"),
                              "seats_employee": seats.get("employee"), "seats_government": seats.get("government")})
        council_regions.rows += [{"council": c.id, "region": r} for r in c.regions]
        mandates.rows += [{"council": c.id, "mandate": m} for m in c.mandates]
        addresses.rows += [{"council": c.id, **{k: getattr(a, k) for k in ("label", "street", "postal_code", "locality", "country")}}
                           for a in c.addresses]
        add_details("council", c.id, c.contact_details)
        for m in c.memberships:
            org, council = _party(ds, m.on_behalf_of)
            memberships.rows.append({"council": c.id, "contact": m.contact, "on_behalf_of_organisation": org,
                                     "on_behalf_of_council": council, "role": m.role, "side": m.side, "label": m.label,
                                     "start_date": text_of(m.start_date), "end_date": text_of(m.end_date), "end_reason": m.end_reason,
                                     "note": m.note, "current": int(membership_active(c, m, view.day))})
    for _, p in ds.records("contact"):
        contacts.rows.append({k: getattr(p, k) for k in contacts.columns})
        add_details("contact", p.id, p.contact_details)
    for _, pact in ds.records("pact"):
        pacts.rows.append({"id": pact.id, "name": pact.name, "title": pact.title, "kind": pact.kind, "region": pact.region,
                           "start": text_of(pact.start), "end": text_of(pact.end), "status": pact.status, "description": pact.description})
        pact_councils.rows += [{"pact": pact.id, "council": c} for c in pact.councils]
        placed = dict(walk_nodes(pact))
        for loc, node in placed.items():
            key = f"{pact.id}:{node.id}"
            parent = placed.get(loc[:-2])
            level = "pillar" if isinstance(node, Pillar) else "cluster" if isinstance(node, Cluster) else "action"
            nodes.rows.append({"key": key, "pact": pact.id, "id": node.id, "level": level,
                               "parent": f"{pact.id}:{parent.id}" if parent else None, "name": node.name,
                               "description": node.description, "start": text_of(node.start), "end": text_of(node.end),
                               "status": node.status, "progress": node.progress, "weight": node.weight})
            for role, ids in (("lead", node.lead), ("partner", node.partners)):
                for id in ids:
                    org, council = _party(ds, id)
                    node_parties.rows.append({"node": key, "role": role, "organisation": org, "council": council})
            node_councils.rows += [{"node": key, "council": c} for c in node.councils]
    for _, p in ds.records("project"):
        projects.rows.append({"id": p.id, "name": p.name, "description": p.description, "start": text_of(p.start), "end": text_of(p.end),
                              "funding": p.funding, "website": p.website})
        project_councils.rows += [{"project": p.id, "council": c} for c in p.councils]
        project_regions.rows += [{"project": p.id, "region": r} for r in p.regions]
        for id in p.partners:
            org, council = _party(ds, id)
            project_partners.rows.append({"project": p.id, "organisation": org, "council": council})
    for e in placed_events(ds):
        events.rows.append({"key": e.key, "id": e.event.id, "title": e.event.title, "date": str(e.event.date),
                            "end": text_of(e.event.end), "location": e.event.location, "description": e.event.description,
                            "pact": e.owner if e.owner_kind == "pact" else None,
                            "node": f"{e.owner}:{e.node}" if e.node else None,
                            "project": e.owner if e.owner_kind == "project" else None})
        event_councils.rows += [{"event": e.key, "council": c} for c in e.event.councils]
    for _, plan in ds.records("plan"):
        key = f"{plan.pact}/{plan.id}"
        plans.rows.append({"key": key, "id": plan.id, "pact": plan.pact, "council": plan.council, "year": plan.year,
                           "title": plan.title, "status": plan.status, "note": plan.note})
        for i in plan.items:
            org, council = _party(ds, i.owner)
            items.rows.append({"plan": key, "id": i.id, "action": f"{plan.pact}:{i.action}", "title": i.title,
                               "owner_organisation": org, "owner_council": council, "contact": i.contact,
                               "quarters": ",".join(i.quarters) or None, "start": text_of(i.start), "end": text_of(i.end),
                               "status": i.status, "progress": i.progress, "carried_over_from": i.carried_over_from,
                               "deliverables": "\n".join(i.deliverables) or None, "note": i.note})
    return [regions, municipalities, organisations, councils, council_regions, mandates, addresses, contacts, details,
            memberships, pacts, pact_councils, nodes, node_parties, node_councils, projects, project_councils,
            project_regions, project_partners, events, event_councils, plans, items, sources]


def write_csv(ds: Dataset, out: Path, view: View) -> list[Path]:
    import csv

    out.mkdir(exist_ok=True)
    written = []
    for table in tables(ds, view):
        path = out / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(table.columns))
            writer.writeheader()
            writer.writerows(table.rows)
        written.append(path)
    return written


def write_sqlite(ds: Dataset, out: Path, view: View) -> list[Path]:
    """One table per kind and link tables, foreign keys, full-text search on names (Datasette-ready)."""
    import sqlite3

    connection = sqlite3.connect(":memory:")  # built in memory, written in one step below
    try:
        all_tables = tables(ds, view)
        for table in all_tables:  # every table first: rows may point at a table created later
            connection.execute(_create(table))
        for table in all_tables:
            if table.rows:
                names = list(table.columns)
                placeholders = ", ".join("?" for _ in names)
                connection.executemany(f'INSERT INTO "{table.name}" ({", ".join(_q(n) for n in names)}) VALUES ({placeholders})',
                                       [[row.get(n) for n in names] for row in table.rows])
            if table.search:
                columns = ", ".join(_q(c) for c in table.search)
                connection.execute(f'CREATE VIRTUAL TABLE "{table.name}_fts" USING fts5({columns}, content="{table.name}")')
                connection.execute(f'INSERT INTO "{table.name}_fts" (rowid, {columns}) SELECT rowid, {columns} FROM "{table.name}"')
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise DataError(f"the export would hold {len(broken)} dangling reference(s), first {broken[0]}")
        connection.commit()
        data = connection.serialize()
    finally:
        connection.close()
    atomic_write(out, data)
    return [out]


def _q(name: str) -> str:
    return f'"{name}"'


def _create(table: Table) -> str:
    parts = [f'{_q(n)} {t}{" PRIMARY KEY" if n == table.key else ""}' for n, t in table.columns.items()]
    parts += [f"FOREIGN KEY ({_q(c)}) REFERENCES {_q(t)}({_q(_key_of(t))})" for c, t in table.foreign.items()]
    return f'CREATE TABLE "{table.name}" ({", ".join(parts)})'


def _key_of(table: str) -> str:
    return "key" if table in ("pact_nodes", "events", "plans") else "id"


# ---------------------------------------------------------------------------- Popolo


def _popolo_date(value: When | None) -> str | None:
    """Popolo dates are ISO 8601 of day, month or year precision; a season becomes its year."""
    if value is None:
        return None
    return value.text[:4] if value.precision == "season" else value.text


def _popolo_sources(record: Any) -> list[dict[str, str]]:
    return [{"url": s.ref, **({"note": s.note} if s.note else {})} for s in record.sources]


def popolo(ds: Dataset, view: View) -> dict[str, list[dict[str, Any]]]:
    """Persons, organizations, memberships, posts, areas and events in Popolo's JSON form."""

    def contact_details(record: Any) -> list[dict[str, Any]]:
        return [{k: v for k, v in (("type", "cell" if d.type == "mobile" else "voice" if d.type == "phone" else d.type),
                                   ("value", d.value), ("label", d.label)) if v}
                for d in record.contact_details if view.include_internal or d.visibility == "public"]

    persons = [{"id": p.id, "name": p.name, **({"given_name": p.given_name} if p.given_name else {}),
                **({"family_name": p.family_name} if p.family_name else {}), "contact_details": contact_details(p),
                "sources": _popolo_sources(p)} for _, p in ds.records("contact")]
    organizations = [{"id": c.id, "name": c.name, "classification": c.type, **({"parent_id": c.parent} if c.parent else {}),
                      **({"founding_date": _popolo_date(c.valid_from)} if c.valid_from else {}),
                      **({"dissolution_date": _popolo_date(c.valid_until)} if c.valid_until else {}),
                      **({"area_id": c.regions[0]} if len(c.regions) == 1 else {}),
                      "contact_details": contact_details(c), "sources": _popolo_sources(c)} for _, c in ds.records("council")]
    organizations += [{"id": o.id, "name": o.name, "classification": o.type, **({"parent_id": o.parent} if o.parent else {}),
                       "contact_details": contact_details(o), "sources": _popolo_sources(o)} for _, o in ds.records("organisation")]
    memberships, posts = [], []
    for _, c in ds.records("council"):
        for side, count in (c.seats.model_dump(exclude_none=True) if c.seats else {}).items():
            posts.append({"id": f"{c.id}-{side}", "organization_id": c.id, "label": f"{side} seat", "role": "member",
                          "other_labels": [{"name": f"{count} seats"}]})
        for index, m in enumerate(c.memberships):
            row = {"id": f"{c.id}-{index + 1}", "organization_id": c.id, "role": m.role}
            row.update({k: v for k, v in (("person_id", m.contact), ("on_behalf_of_id", m.on_behalf_of),
                                          ("post_id", f"{c.id}-{m.side}" if c.seats and m.side else None),
                                          ("start_date", _popolo_date(m.start_date)), ("end_date", _popolo_date(m.end_date)),
                                          ("label", m.label)) if v})
            memberships.append(row)
    areas = [{"id": f"province-{code}", "name": name, "classification": "province"} for code, name in _provinces_used(ds)]
    for _, r in ds.records("region"):
        areas.append({"id": r.id, "name": r.name, "classification": "region",
                      **({"parent_id": f"province-{r.province}"} if r.province else {}), "sources": _popolo_sources(r)})
        areas += [{"id": f"nis-{m.nis}", "name": m.name or m.nis, "classification": "municipality", "parent_id": r.id,
                   "identifiers": [{"scheme": "nis", "identifier": m.nis}]} for m in r.municipalities]
    events = [{"id": e.key, "name": e.event.title, "start_date": _popolo_date(e.event.date),
               **({"end_date": _popolo_date(e.event.end)} if e.event.end else {}),
               **({"organization_id": e.event.councils[0]} if e.event.councils else {})} for e in placed_events(ds)]
    return {"persons": persons, "organizations": organizations, "memberships": memberships, "posts": posts,
            "areas": areas, "events": events}


def _provinces_used(ds: Dataset) -> list[tuple[str, str]]:
    from . import reference

    codes = sorted({r.province for _, r in ds.records("region") if r.province})
    return [(code, reference.provinces().get(code, code)) for code in codes]


def write_popolo(ds: Dataset, out: Path, view: View) -> list[Path]:
    return _write_text(out, json.dumps(popolo(ds, view), ensure_ascii=False, indent=2) + "\n")


# ---------------------------------------------------------------------------- iCalendar


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    when: When
    end: When | None
    description: str | None
    location: str | None = None


def calendar_entries(ds: Dataset) -> Iterator[CalendarEntry]:
    """Events of pacts and projects, pact milestones and dated plan items."""
    for e in placed_events(ds):
        yield CalendarEntry(f"event-{e.owner}-{e.event.id}@resoc", e.event.title, e.event.date, e.event.end,
                            e.event.description, e.event.location)
    for _, pact in ds.records("pact"):
        for _, node in walk_nodes(pact):
            for index, milestone in enumerate(node.milestones):
                yield CalendarEntry(f"milestone-{pact.id}-{node.id}-{index + 1}@resoc", milestone.name, milestone.due, None, node.name)
    for _, plan in ds.records("plan"):
        for item in plan.items:
            if item.start is not None:
                yield CalendarEntry(f"plan-{plan.pact}-{plan.id}-{item.id}@resoc", f"[{plan.id}] {item.title}", item.start,
                                    item.end, item.note)


def write_ics(ds: Dataset, out: Path, view: View) -> list[Path]:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//resoc//resoc-cli//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Regiokalender")
    cal.add("x-wr-timezone", "Europe/Brussels")
    stamp = dt.datetime.combine(view.day, dt.time(), tzinfo=dt.timezone.utc)
    for entry in calendar_entries(ds):
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.title)
        last = (entry.end or entry.when).latest
        event.add("dtstart", entry.when.earliest)
        event.add("dtend", last + dt.timedelta(days=1))  # all-day: the end is exclusive
        notes = [entry.description or ""]
        if entry.when.precision != "day":
            notes.append(f"Datum volgens de bron: {entry.when} ({entry.when.precision}).")
        if any(notes):
            event.add("description", "\n".join(n for n in notes if n))
        if entry.location:
            event.add("location", entry.location)
        cal.add_component(event)
    return _write_text(out, cal.to_ical().decode("utf-8"))


# ---------------------------------------------------------------------------- vCard


def write_vcf(ds: Dataset, out: Path, view: View) -> list[Path]:
    import vobject

    cards = []
    for _, person in ds.records("contact"):
        card = vobject.vCard()
        card.add("uid").value = f"urn:resoc:contact:{person.id}"
        card.add("fn").value = person.name
        # N is required in vCard 3.0; its parts stay empty where the data does not split the name
        card.add("n").value = vobject.vcard.Name(family=person.family_name or "", given=person.given_name or "")
        for d in person.contact_details:
            if not (view.include_internal or d.visibility == "public"):
                continue
            if d.type == "email":
                line = card.add("email")
                line.type_param = "INTERNET"
            elif d.type == "url":
                line = card.add("url")
            else:
                line = card.add("tel")
                line.type_param = {"phone": "WORK", "mobile": "CELL", "fax": "FAX"}[d.type]
            line.value = d.value
        seats = [f"{council.name}: {m.role}" for _, council in ds.records("council") for m in council.memberships
                 if m.contact == person.id and membership_active(council, m, view.day)]
        if seats:
            card.add("note").value = "; ".join(seats)
        cards.append(card.serialize())
    return _write_text(out, "".join(cards))


WRITERS = {"json": write_json, "csv": write_csv, "sqlite": write_sqlite, "popolo": write_popolo, "ics": write_ics, "vcf": write_vcf}
