"""The questions staff ask of the dataset: list, show and search every kind, at a date.

Every function returns plain data (lists and dicts of text and numbers): the CLI prints it as
a table, json, csv or yaml, and its json output is exactly what these functions return.
Contact details marked internal are dropped here, in one place (`public_data`), unless the
view asks for them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import reference
from .dataset import Dataset, find_dataset_root
from .walk import walk_models, walk_nodes, walk_refs
from .errors import NotFoundError, UsageError
from .models import Action, Cluster, Council, Event, Membership, Pact, Pillar
from .rules.references import did_you_mean
from .when import When, active, text_of

KINDS = ("regions", "municipalities", "councils", "contacts", "organisations", "pacts", "actions", "plans", "events", "projects")


@dataclass(frozen=True)
class View:
    """How to look: at which day (None: today), whether past entries count, whether internal details may show."""

    as_of: dt.date | None = None
    history: bool = False
    include_internal: bool = False

    @property
    def day(self) -> dt.date:
        return self.as_of or dt.date.today()

    def shows(self, start: When | None, end: When | None) -> bool:
        return self.history or active(start, end, self.day)


def open_dataset(path: Path | None = None) -> Dataset:
    """Load the dataset at `path` (default: data/ in the working folder)."""
    target = path or Path("data")
    root = find_dataset_root([target]) if target.exists() else None
    if root is None:
        raise UsageError(f"no dataset at {target}: run this in the dataset's repository, or give --data")
    return Dataset.load(root)


# ---------------------------------------------------------------------------- plain data


def public_data(model: BaseModel, view: View) -> dict[str, Any]:
    """A record as plain data in canonical key order, without empty keys, and without internal
    contact details unless the view asks for them."""
    return _prune(_redact(_ordered(model), view.include_internal))


def _ordered(value: Any) -> Any:
    """model_dump in the canonical key order (id first, sources last)."""
    from .canonical import field_order

    if isinstance(value, BaseModel):
        return {name: _ordered(getattr(value, name)) for name in field_order(type(value)) if getattr(value, name) is not None}
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    if isinstance(value, When):
        return str(value)
    return value


def _redact(value: Any, include_internal: bool) -> Any:
    if isinstance(value, dict):
        out = {k: _redact(v, include_internal) for k, v in value.items()}
        if "contact_details" in out and not include_internal:
            out["contact_details"] = [d for d in out["contact_details"] if d.get("visibility") != "internal"]
        return out
    if isinstance(value, list):
        return [_redact(v, include_internal) for v in value]
    return value


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in ([], {}, None)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def details(record: Any, kind: str, view: View) -> str | None:
    """The first phone (or e-mail) a view may show, in its stored form."""
    for detail in getattr(record, "contact_details", []):
        if detail.type == kind and (view.include_internal or detail.visibility == "public"):
            return detail.value
    return None


def name_of(ds: Dataset, kind: str, id: str | None) -> str | None:
    if id is None:
        return None
    kinds = ("organisation", "council") if kind == "party" else (kind,)
    for candidate in kinds:
        record = ds.get(candidate, id)
        if record is not None:
            return getattr(record, "name", id)
    return id


def membership_active(council: Council, m: Membership, on: dt.date) -> bool:
    """A seat is held on a day when the membership and the council both run that day."""
    return active(m.start_date, m.end_date, on) and active(council.valid_from, council.valid_until, on)


# ---------------------------------------------------------------------------- lists


def list_regions(ds: Dataset, view: View, province: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for _, r in ds.records("region"):
        if (province and r.province != province) or not view.shows(r.valid_from, r.valid_until):
            continue
        municipalities = [m for m in r.municipalities if view.shows(m.valid_from, m.valid_until)]
        rows.append({"id": r.id, "name": r.name, "province": reference.provinces().get(r.province or "", None),
                     "ersv": r.ersv, "municipalities": len(municipalities),
                     "councils": sum(1 for _, c in ds.records("council") if r.id in c.regions)})
    return rows


def list_municipalities(ds: Dataset, view: View, region: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for _, r in ds.records("region"):
        if region and r.id != region:
            continue
        for m in r.municipalities:
            if view.shows(m.valid_from, m.valid_until):
                rows.append({"nis": m.nis, "name": reference.name(m.nis) or m.name, "region": r.id, "region_name": r.name,
                             "province": reference.provinces().get(reference.province_of(m.nis) or "", None),
                             "valid_from": text_of(m.valid_from), "valid_until": text_of(m.valid_until)})
    return sorted(rows, key=lambda row: (row["name"] or "", row["nis"]))


def list_councils(ds: Dataset, view: View, type: str | None = None, region: str | None = None,
                  parent: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for _, c in ds.records("council"):
        if (type and c.type != type) or (region and region not in c.regions) or (parent and c.parent != parent):
            continue
        if view.shows(c.valid_from, c.valid_until):
            rows.append({"id": c.id, "name": c.name, "type": c.type, "regions": list(c.regions), "parent": c.parent,
                         "valid_from": text_of(c.valid_from), "valid_until": text_of(c.valid_until),
                         "phone": details(c, "phone", view), "email": details(c, "email", view)})
    return rows


def _seats(ds: Dataset, view: View, contact_id: str | None = None) -> Iterator[tuple[Council, Membership]]:
    for _, council in ds.records("council"):
        for m in council.memberships:
            if (contact_id is None or m.contact == contact_id) and (view.history or membership_active(council, m, view.day)):
                yield council, m


def _seattext_of(ds: Dataset, council: Council, m: Membership) -> str:
    party = f" for {name_of(ds, 'party', m.on_behalf_of)}" if m.on_behalf_of else ""
    return f"{council.name}: {m.role}{party}"


def list_contacts(ds: Dataset, view: View, council: str | None = None, organisation: str | None = None,
                  role: str | None = None) -> list[dict[str, Any]]:
    filtered = bool(council or organisation or role)
    rows = []
    for _, person in ds.records("contact"):
        seats = [(c, m) for c, m in _seats(ds, view, person.id)
                 if (not council or c.id == council) and (not organisation or m.on_behalf_of == organisation)
                 and (not role or m.role == role)]
        if filtered and not seats:
            continue
        rows.append({"id": person.id, "name": person.name, "seats": [_seattext_of(ds, c, m) for c, m in seats],
                     "email": details(person, "email", view), "phone": details(person, "phone", view)})
    return rows


def list_organisations(ds: Dataset, view: View, type: str | None = None, side: str | None = None) -> list[dict[str, Any]]:
    return [{"id": o.id, "name": o.name, "short_name": o.short_name, "type": o.type, "side": o.side, "parent": o.parent}
            for _, o in ds.records("organisation") if (not type or o.type == type) and (not side or o.side == side)]


def list_pacts(ds: Dataset, view: View, region: str | None = None) -> list[dict[str, Any]]:
    return [{"id": p.id, "name": p.name, "kind": p.kind, "region": p.region, "start": text_of(p.start), "end": text_of(p.end),
             "status": p.status, "pillars": len(p.pillars), "actions": sum(1 for _, n in walk_nodes(p) if isinstance(n, Action))}
            for _, p in ds.records("pact") if not region or p.region == region]


@dataclass(frozen=True)
class PlacedAction:
    pact: Pact
    pillar: Pillar
    cluster: Cluster | None
    action: Action


def placed_actions(ds: Dataset) -> Iterator[PlacedAction]:
    for _, pact in ds.records("pact"):
        for pillar in pact.pillars:
            for cluster in pillar.clusters:
                for action in cluster.actions:
                    yield PlacedAction(pact, pillar, cluster, action)
            for action in pillar.actions:
                yield PlacedAction(pact, pillar, None, action)


def _action_span(p: PlacedAction) -> tuple[When | None, When | None]:
    """An action without dates runs for its pact's period."""
    return (p.action.start or p.pact.start, p.action.end or p.pact.end)


def list_actions(ds: Dataset, view: View, pact: str | None = None, pillar: str | None = None, lead: str | None = None,
                 partner: str | None = None, status: str | None = None, year: int | None = None,
                 council: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for p in placed_actions(ds):
        a = p.action
        lead_ids = a.lead or (p.cluster.lead if p.cluster and p.cluster.lead else []) or p.pillar.lead
        if ((pact and p.pact.id != pact) or (pillar and p.pillar.id != pillar) or (lead and lead not in lead_ids)
                or (partner and partner not in a.partners) or (status and a.status != status)
                or (council and council not in a.councils)):
            continue
        if year is not None:
            start, end = _action_span(p)
            if not active(start, end, dt.date(year, 7, 1)) and not _span_touches_year(start, end, year):
                continue
        rows.append({"pact": p.pact.id, "id": a.id, "name": a.name, "pillar": p.pillar.id,
                     "cluster": p.cluster.id if p.cluster else None, "lead": list(lead_ids), "partners": list(a.partners),
                     "councils": list(a.councils), "status": a.status, "progress": a.progress,
                     "start": text_of(a.start), "end": text_of(a.end)})
    return rows


def _span_touches_year(start: When | None, end: When | None, year: int) -> bool:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (start is None or start.earliest <= last) and (end is None or end.latest >= first)


def list_plans(ds: Dataset, view: View, council: str | None = None, year: int | None = None,
               pact: str | None = None) -> list[dict[str, Any]]:
    return [{"id": p.id, "pact": p.pact, "council": p.council, "year": p.year, "status": p.status,
             "items": len(p.items), "done": sum(1 for i in p.items if i.status == "done")}
            for _, p in ds.records("plan")
            if (not council or p.council == council) and (not year or p.year == year) and (not pact or p.pact == pact)]


@dataclass(frozen=True)
class PlacedEvent:
    owner_kind: str  # pact or project
    owner: str
    node: str | None
    event: Event

    @property
    def key(self) -> str:
        return f"{self.owner}:{self.event.id}"


def placed_events(ds: Dataset) -> Iterator[PlacedEvent]:
    for kind in ("pact", "project"):
        for _, record in ds.records(kind):
            for loc, model in walk_models(record):
                if isinstance(model, Event):
                    node = _node_at(record, loc) if kind == "pact" else None
                    yield PlacedEvent(kind, record.id, node, model)


def _node_at(pact: Pact, loc: tuple[Any, ...]) -> str | None:
    placed = dict(walk_nodes(pact))
    for length in range(len(loc), 0, -1):
        if loc[:length] in placed:
            return placed[loc[:length]].id
    return None


def list_events(ds: Dataset, view: View, from_: dt.date | None = None, to: dt.date | None = None,
                council: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for placed in placed_events(ds):
        e = placed.event
        end = e.end or e.date
        if (from_ and end.latest < from_) or (to and e.date.earliest > to):
            continue
        councils = list(e.councils) or _owner_councils(ds, placed)
        if council and council not in councils:
            continue
        rows.append({"date": str(e.date), "end": text_of(e.end), "id": placed.key, "title": e.title,
                     placed.owner_kind: placed.owner, "action": placed.node, "councils": councils, "location": e.location})
    return sorted(rows, key=lambda row: (When.parse(row["date"]).earliest, row["id"]))


def _owner_councils(ds: Dataset, placed: PlacedEvent) -> list[str]:
    if placed.owner_kind == "project":
        project = ds.get("project", placed.owner)
        return list(project.councils) if project else []
    nodes = ds.pact_nodes.get(placed.owner, {})
    node = nodes.get(placed.node or "")
    return list(node.councils) if node is not None else []


def list_projects(ds: Dataset, view: View, council: str | None = None, region: str | None = None) -> list[dict[str, Any]]:
    return [{"id": p.id, "name": p.name, "councils": list(p.councils), "regions": list(p.regions),
             "start": text_of(p.start), "end": text_of(p.end), "funding": p.funding}
            for _, p in ds.records("project") if (not council or council in p.councils) and (not region or region in p.regions)]


# ---------------------------------------------------------------------------- show

SINGULAR = {"regions": "region", "councils": "council", "contacts": "contact", "organisations": "organisation",
            "pacts": "pact", "plans": "plan", "projects": "project"}


def show(ds: Dataset, kind: str, id: str, view: View) -> dict[str, Any]:
    """One record with every field, its references resolved to names, and what relates to it."""
    if kind == "municipalities":
        return _show_municipality(ds, id, view)
    if kind == "actions":
        return _show_action(ds, id, view)
    if kind == "events":
        return _show_event(ds, id, view)
    singular = SINGULAR[kind]
    record = ds.get(singular, id)
    if record is None:
        raise NotFoundError(f"no {singular} has the id '{id}'{did_you_mean(id, ds.ids(singular))}")
    view = seen_on(record, view)
    related = RELATED[singular](ds, record, view)
    return {"kind": singular, "id": id, "name": getattr(record, "name", id), "as_of": view.day.isoformat(),
            "record": public_data(record, view), "names": _names(ds, record), "related": related}


def seen_on(record: Any, view: View) -> View:
    """A body that has ended is shown as it was on its last day, unless a day was asked for."""
    end = getattr(record, "valid_until", None)
    if view.as_of is None and end is not None and end.latest < view.day:
        return replace(view, as_of=end.latest)
    return view


def _names(ds: Dataset, record: Any) -> dict[str, str]:

    names = {}
    for _, kind, value in walk_refs(record):
        if kind == "province":
            names[value] = reference.provinces().get(value, value)
        elif kind == "municipality":
            names[value] = reference.name(value) or value
        else:
            names[value] = name_of(ds, kind, value) or value
    return names


def _member_row(ds: Dataset, council: Council, m: Membership, view: View) -> dict[str, Any]:
    return {"contact": m.contact, "name": name_of(ds, "contact", m.contact), "role": m.role, "side": m.side,
            "on_behalf_of": m.on_behalf_of, "on_behalf_of_name": name_of(ds, "party", m.on_behalf_of),
            "start_date": text_of(m.start_date), "end_date": text_of(m.end_date),
            "current": membership_active(council, m, view.day)}


def _related_council(ds: Dataset, c: Council, view: View) -> dict[str, Any]:
    members = [_member_row(ds, c, m, view) for m in c.memberships if view.history or membership_active(c, m, view.day)]
    by_side: dict[str, list[dict[str, Any]]] = {}
    for row in members:
        by_side.setdefault(row["side"] or ("secretariat" if row["role"] in STAFF_ROLES else "other"), []).append(row)
    return {
        "seats_filled": seat_counts(c, view.day),
        "members_by_side": by_side,
        "sub_bodies": [{"id": s.id, "name": s.name, "type": s.type} for _, s in ds.records("council") if s.parent == c.id],
        "actions": [{"pact": p.pact.id, "id": p.action.id, "name": p.action.name} for p in placed_actions(ds)
                    if c.id in p.action.councils or c.id in p.action.lead or c.id in p.action.partners],
        "pacts": [p.id for _, p in ds.records("pact") if c.id in p.councils],
        "plans": [p.id for _, p in ds.records("plan") if p.council == c.id],
        "projects": [p.id for _, p in ds.records("project") if c.id in p.councils],
    }


STAFF_ROLES = ("coordinator", "secretariat", "staff", "contact_person")


def seat_counts(c: Council, day: dt.date) -> list[dict[str, Any]]:
    """Per side: the seats, how many are filled on the day, how many are vacant."""
    from .models import SEAT_ROLES

    counts = []
    for side, seats in (c.seats.model_dump(exclude_none=True) if c.seats else {}).items():
        filled = sum(1 for m in c.memberships if m.side == side and m.role in SEAT_ROLES and membership_active(c, m, day))
        counts.append({"side": side, "seats": seats, "filled": filled, "vacant": max(0, seats - filled)})
    return counts


def _related_contact(ds: Dataset, person: Any, view: View) -> dict[str, Any]:
    seats = []
    for _, council in ds.records("council"):
        for m in council.memberships:
            if m.contact == person.id:
                seats.append({"council": council.id, "council_name": council.name, **_member_row(ds, council, m, view)})
    return {"seats": seats}


def _related_organisation(ds: Dataset, org: Any, view: View) -> dict[str, Any]:
    members = []
    for _, council in ds.records("council"):
        for m in council.memberships:
            if m.on_behalf_of == org.id and (view.history or membership_active(council, m, view.day)):
                members.append({"council": council.id, "council_name": council.name, **_member_row(ds, council, m, view)})
    return {
        "members": members,
        "leads": [{"pact": p.pact.id, "id": p.action.id, "name": p.action.name} for p in placed_actions(ds) if org.id in p.action.lead],
        "partner_in": [{"pact": p.pact.id, "id": p.action.id, "name": p.action.name} for p in placed_actions(ds) if org.id in p.action.partners],
        "pillars_led": [{"pact": pact.id, "id": pillar.id, "name": pillar.name} for _, pact in ds.records("pact")
                        for pillar in pact.pillars if org.id in pillar.lead],
        "projects": [p.id for _, p in ds.records("project") if org.id in p.partners],
        "parts": [o.id for _, o in ds.records("organisation") if o.parent == org.id],
    }


def _related_region(ds: Dataset, region: Any, view: View) -> dict[str, Any]:
    return {
        "municipalities": list_municipalities(ds, view, region=region.id),
        "councils": list_councils(ds, view, region=region.id),
        "pacts": [p.id for _, p in ds.records("pact") if p.region == region.id],
        "projects": [p.id for _, p in ds.records("project") if region.id in p.regions],
    }


def _related_pact(ds: Dataset, pact: Pact, view: View) -> dict[str, Any]:
    from .progress import rolled_up

    tree = [{"id": node.id, "name": node.name, "level": len(loc) // 2, "lead": [name_of(ds, "party", x) for x in node.lead],
             "status": node.status, "progress": rolled_up(node)} for loc, node in walk_nodes(pact)]
    return {"tree": tree, "plans": [p.id for _, p in ds.records("plan") if p.pact == pact.id]}


def _related_plan(ds: Dataset, plan: Any, view: View) -> dict[str, Any]:
    nodes = ds.pact_nodes.get(plan.pact, {})
    return {"items": [{"id": i.id, "title": i.title, "action": i.action,
                       "action_name": nodes[i.action].name if i.action in nodes else None,
                       "status": i.status, "owner": name_of(ds, "party", i.owner)} for i in plan.items]}


def _related_project(ds: Dataset, project: Any, view: View) -> dict[str, Any]:
    return {"councils": [{"id": c, "name": name_of(ds, "council", c)} for c in project.councils]}


RELATED = {"council": _related_council, "contact": _related_contact, "organisation": _related_organisation,
           "region": _related_region, "pact": _related_pact, "plan": _related_plan, "project": _related_project}


def _show_municipality(ds: Dataset, nis: str, view: View) -> dict[str, Any]:
    name = reference.name(nis)
    if name is None:
        raise NotFoundError(f"{nis} is not a Statbel municipality code")
    regions = [{"region": r.id, "name": r.name, "valid_from": text_of(m.valid_from), "valid_until": text_of(m.valid_until)}
               for _, r in ds.records("region") for m in r.municipalities if m.nis == nis and view.shows(m.valid_from, m.valid_until)]
    ended = reference.ended(nis)
    record = {"nis": nis, "name": name, "province": reference.provinces().get(reference.province_of(nis) or "", None)}
    if ended:
        record.update(valid_until=reference.LAST_DAY_BEFORE_MERGER.isoformat(), merged_into=ended.merged_into)
    return {"kind": "municipality", "id": nis, "name": name, "as_of": view.day.isoformat(), "record": record,
            "names": {}, "related": {"regions": regions}}


def find_action(ds: Dataset, key: str) -> PlacedAction:
    """An action by `pact:action-id`, or by its id alone when only one pact has it."""
    pact_id, _, local = key.rpartition(":")
    found = [p for p in placed_actions(ds) if p.action.id == local and (not pact_id or p.pact.id == pact_id)]
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(f"'{local}' is an action of several pacts: write it as PACT:{local}")
    ids = {p.action.id for p in placed_actions(ds)}
    raise NotFoundError(f"no action has the id '{key}'{did_you_mean(local, ids)}")


def _show_action(ds: Dataset, key: str, view: View) -> dict[str, Any]:
    p = find_action(ds, key)
    plans = [{"plan": plan.id, "item": item.id, "title": item.title, "status": item.status}
             for _, plan in ds.records("plan") if plan.pact == p.pact.id for item in plan.items if item.action == p.action.id]
    return {"kind": "action", "id": f"{p.pact.id}:{p.action.id}", "name": p.action.name, "as_of": view.day.isoformat(),
            "record": public_data(p.action, view), "names": _names(ds, p.action),
            "related": {"pact": p.pact.id, "pillar": p.pillar.name, "cluster": p.cluster.name if p.cluster else None,
                        "plan_items": plans}}


def _show_event(ds: Dataset, key: str, view: View) -> dict[str, Any]:
    events = list(placed_events(ds))
    found = [e for e in events if e.key == key or e.event.id == key]
    if len(found) != 1:
        if found:
            raise UsageError(f"several events have the id '{key}': write it as OWNER:{key}")
        raise NotFoundError(f"no event has the id '{key}'{did_you_mean(key, {e.key for e in events})}")
    e = found[0]
    return {"kind": "event", "id": e.key, "name": e.event.title, "as_of": view.day.isoformat(),
            "record": public_data(e.event, view), "names": _names(ds, e.event),
            "related": {e.owner_kind: e.owner, "action": e.node}}


# ---------------------------------------------------------------------------- search


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Creëren' and 'CREEREN' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass
class _Entry:
    kind: str
    id: str
    name: str
    other: list[str]
    current: bool = True


def _entries(ds: Dataset, view: View) -> Iterator[_Entry]:
    for _, r in ds.records("region"):
        yield _Entry("region", r.id, r.name, [r.note or ""], view.shows(r.valid_from, r.valid_until))
        for m in r.municipalities:
            yield _Entry("municipality", m.nis, reference.name(m.nis) or m.name or m.nis, [r.name], view.shows(m.valid_from, m.valid_until))
    for _, c in ds.records("council"):
        texts = [c.description or "", c.composition or "", *c.mandates, *_detail_values(c, view)]
        yield _Entry("council", c.id, c.name, texts, view.shows(c.valid_from, c.valid_until))
    for _, p in ds.records("contact"):
        yield _Entry("contact", p.id, p.name, [p.note or "", *_detail_values(p, view)])
    for _, o in ds.records("organisation"):
        yield _Entry("organisation", o.id, o.name, [o.short_name or "", o.note or ""])
    for _, p in ds.records("pact"):
        yield _Entry("pact", p.id, p.name, [p.title or "", p.description or ""])
        for _, node in walk_nodes(p):
            kind = "action" if isinstance(node, Action) else "pillar" if isinstance(node, Pillar) else "cluster"
            yield _Entry(kind, f"{p.id}:{node.id}", node.name, [node.description or ""])
    for _, plan in ds.records("plan"):
        yield _Entry("plan", plan.id, plan.title or plan.id, [i.title for i in plan.items])
    for placed in placed_events(ds):
        yield _Entry("event", placed.key, placed.event.title, [placed.event.description or ""])
    for _, p in ds.records("project"):
        yield _Entry("project", p.id, p.name, [p.description or "", p.funding or ""])


def _detail_values(record: Any, view: View) -> list[str]:
    return [d.value for d in record.contact_details if view.include_internal or d.visibility == "public"]


def _score(query: str, entry: _Entry) -> int:
    name = fold(entry.name)
    words = name.replace("-", " ").split()
    if name == query:
        return 100
    if name.startswith(query):
        return 80
    if query in words or any(w.startswith(query) for w in words):
        return 70
    if query in name:
        return 60
    if query in fold(entry.id):
        return 40
    if any(query in fold(text) for text in entry.other):
        return 20
    return 0


def search(ds: Dataset, text: str, view: View, kinds: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every record, municipality, action and event whose name or text contains `text`, best first."""
    query = fold(text.strip())
    if not query:
        raise UsageError("give a word to search for")
    wanted = set(kinds or [])
    results = []
    for entry in _entries(ds, view):
        if wanted and entry.kind not in wanted:
            continue
        score = _score(query, entry)
        if score and (entry.current or view.history):
            results.append({"kind": entry.kind, "id": entry.id, "name": entry.name, "score": score})
    return sorted(results, key=lambda r: (-r["score"], r["kind"], r["name"]))


LISTS = {
    "regions": list_regions, "municipalities": list_municipalities, "councils": list_councils, "contacts": list_contacts,
    "organisations": list_organisations, "pacts": list_pacts, "actions": list_actions, "plans": list_plans,
    "events": list_events, "projects": list_projects,
}

