"""One record with every field, its references resolved to names, and what relates to it.

What points at a record comes from the registry's relations (kinds.py) through the dataset's
reverse index; a kind adds only what is its own (a body's seats, a pact's tree).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .. import meaning, reference
from ..dataset import Dataset, PlacedEvent
from ..errors import NotFoundError, UsageError
from ..kinds import BY_PLURAL, KINDS
from ..models import SEAT_ROLES, Council, Membership
from ..progress import rolled_up
from ..suggest import did_you_mean
from ..when import text_of
from . import View
from .lists import list_rows
from .plain import brief, names, plain

STAFF_ROLES = ("coordinator", "secretariat", "staff", "contact_person")
Extra = Callable[[Dataset, Any, View], dict[str, Any]]
EXTRAS: dict[str, Extra] = {}


def extra(kind: str) -> Callable[[Extra], Extra]:
    def register(function: Extra) -> Extra:
        EXTRAS[kind] = function
        return function

    return register


def show(ds: Dataset, kind: str, id: str, view: View) -> dict[str, Any]:
    """One record of a kind (singular or plural name) with what relates to it."""
    spec = BY_PLURAL.get(kind) or KINDS[kind]
    if not spec.is_file:
        return PARTS[spec.name](ds, id, view)
    record = ds.get(spec.name, id)
    if record is None:
        raise NotFoundError(f"no {spec.name} has the id '{id}'{did_you_mean(id, ds.ids(spec.name))}")
    view = seen_on(record, view)
    related = {r.name: brief(ds.referring(r.kind, r.field, id)) for r in spec.relations}
    related.update(EXTRAS.get(spec.name, lambda *_: {})(ds, record, view))
    return _document(spec.name, id, getattr(record, "name", None) or id, view, plain(record), names(ds, record), related)


def _document(kind: str, id: str, name: str, view: View, record: Any, named: dict[str, str],
              related: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "id": id, "name": name, "as_of": view.day.isoformat(), "record": record, "names": named,
            "related": related}


def seen_on(record: Any, view: View) -> View:
    """A record that has ended is shown as it was on its last day, unless a day was asked for."""
    day = meaning.last_day(record, view.day)
    return replace(view, as_of=day) if view.as_of is None and day != view.day else view


def member_row(ds: Dataset, council: Council, m: Membership, view: View) -> dict[str, Any]:
    return {"contact": m.contact, "name": ds.name_of("contact", m.contact), "role": m.role, "side": m.side,
            "on_behalf_of": m.on_behalf_of, "on_behalf_of_name": ds.name_of("party", m.on_behalf_of),
            "start_date": text_of(m.start_date), "end_date": text_of(m.end_date),
            "current": meaning.seat_current(ds, council, m, view.day)}


def seat_counts(ds: Dataset, c: Council, day: dt.date) -> list[dict[str, Any]]:
    """Per side: the seats, how many are filled on the day, how many are vacant."""
    counts = []
    for side, seats in (c.seats.model_dump(exclude_none=True) if c.seats else {}).items():
        filled = sum(1 for m in c.memberships if m.side == side and m.role in SEAT_ROLES
                     and meaning.seat_current(ds, c, m, day))
        counts.append({"side": side, "seats": seats, "filled": filled, "vacant": max(0, seats - filled)})
    return counts


def _actions_of(ds: Dataset, party: str, *fields: str) -> list[dict[str, Any]]:
    return [{"pact": p.pact.id, "id": p.node.id, "name": p.node.name} for p in ds.actions(involving=party)
            if any(party in getattr(p.node, f) for f in fields)]


@extra("council")
def _council(ds: Dataset, c: Council, view: View) -> dict[str, Any]:
    by_side: dict[str, list[dict[str, Any]]] = {}
    for m in c.memberships:
        if view.history or meaning.seat_current(ds, c, m, view.day):
            side = m.side or ("secretariat" if m.role in STAFF_ROLES else "other")
            by_side.setdefault(side, []).append(member_row(ds, c, m, view))
    return {"seats_filled": seat_counts(ds, c, view.day), "members_by_side": by_side,
            "actions": _actions_of(ds, c.id, "councils", "lead", "partners")}


@extra("contact")
def _contact(ds: Dataset, person: Any, view: View) -> dict[str, Any]:
    return {"seats": [{"council": c.id, "council_name": c.name, **member_row(ds, c, m, view)} for c, m in ds.seats_of(person.id)]}


@extra("organisation")
def _organisation(ds: Dataset, org: Any, view: View) -> dict[str, Any]:
    members = [{"council": c.id, "council_name": c.name, **member_row(ds, c, m, view)} for c, m in ds.seats_for(org.id)
               if view.history or meaning.seat_current(ds, c, m, view.day)]
    pillars = [{"pact": p.pact.id, "id": p.node.id, "name": p.node.name} for p in ds.placed(involving=org.id)
               if p.level == "pillar" and org.id in p.node.lead]  # a lead is a reference: only the pacts naming it
    return {"members": members, "leads": _actions_of(ds, org.id, "lead"), "partner_in": _actions_of(ds, org.id, "partners"),
            "pillars_led": pillars}


@extra("region")
def _region(ds: Dataset, region: Any, view: View) -> dict[str, Any]:
    return {"municipalities": list_rows(ds, "municipality", view, region=region.id),
            "councils": list_rows(ds, "council", view, region=region.id)}


@extra("pact")
def _pact(ds: Dataset, pact: Any, view: View) -> dict[str, Any]:
    tree = [{"id": p.node.id, "name": p.node.name, "level": len(p.loc) // 2,
             "lead": [ds.name_of("party", x) for x in p.node.lead], "status": p.node.status,
             "progress": rolled_up(p.node)} for p in ds.placed_in(pact.id).values()]
    return {"tree": tree}


@extra("plan")
def _plan(ds: Dataset, plan: Any, view: View) -> dict[str, Any]:
    return {"items": [{"id": i.id, "title": i.title, "action": i.action,
                       "action_name": getattr(ds.node_in(plan.pact, i.action), "name", None),
                       "status": i.status, "owner": ds.name_of("party", i.owner)} for i in plan.items]}


@extra("source")
def _source(ds: Dataset, source: Any, view: View) -> dict[str, Any]:
    from ..sourcing import list_sources

    return {"cited_by": list_sources(ds, source.id)[0]["records"]}


@extra("project")
def _project(ds: Dataset, project: Any, view: View) -> dict[str, Any]:
    return {"councils": [{"id": c, "name": ds.name_of("council", c)} for c in project.councils]}


def agenda_rows(ds: Dataset, meeting: Any) -> list[dict[str, Any]]:
    """A meeting's agenda with what each item is about by name (action, plan item, advice)."""
    rows = []
    for item in meeting.agenda:
        pact, _, local = (item.action or "").partition(":")
        node = ds.node_in(pact, local)
        advice = ds.get("advice", item.advice)
        plan_id, _, item_id = (item.plan_item or "").partition(":")
        planned = next((i for i in getattr(ds.get("plan", plan_id), "items", []) if i.id == item_id), None)
        rows.append({"number": item.number, "title": item.title, "action": item.action,
                     "action_name": node.name if node is not None else None, "plan_item": item.plan_item,
                     "plan_item_name": planned.title if planned is not None else None,
                     "advice": item.advice, "advice_name": advice.name if advice is not None else None,
                     "minutes": item.minutes, "decision": item.decision.outcome if item.decision else None,
                     "decision_text": item.decision.text if item.decision else None})
    return rows


def attendance_rows(ds: Dataset, meeting: Any) -> list[dict[str, Any]]:
    """Who was there, excused or absent, with the seat they hold on the body that day."""
    council = ds.get("council", meeting.council)
    rows = []
    for a in meeting.attendance:
        seats = [m for c, m in ds.seats_of(a.contact) if council is not None and c.id == council.id
                 and meaning.seat_current(ds, c, m, meeting.start_date.earliest)]
        rows.append({"contact": a.contact, "name": ds.name_of("contact", a.contact), "status": a.status,
                     "role": seats[0].role if seats else None, "side": seats[0].side if seats else None,
                     "on_behalf_of": a.on_behalf_of or (seats[0].on_behalf_of if seats else None),
                     "on_behalf_of_name": ds.name_of("party", a.on_behalf_of or (seats[0].on_behalf_of if seats else None))})
    return rows


@extra("meeting")
def _meeting(ds: Dataset, meeting: Any, view: View) -> dict[str, Any]:
    return {"council_name": ds.name_of("council", meeting.council), "agenda": agenda_rows(ds, meeting),
            "attendance": attendance_rows(ds, meeting)}


def treated_at(ds: Dataset, advice_id: str) -> list[dict[str, Any]]:
    """The meetings whose agenda treats an advice (OParl Consultation), by date."""
    return [{"meeting": mt.id, "start_date": text_of(mt.start_date), "number": item.number,
             "decision": item.decision.outcome if item.decision else None}
            for mt in sorted(ds.all("meeting"), key=lambda x: x.start_date.earliest)
            for item in mt.agenda if item.advice == advice_id]


@extra("advice")
def _advice(ds: Dataset, advice: Any, view: View) -> dict[str, Any]:
    return {"council_name": ds.name_of("council", advice.council), "requested_by_name": ds.name_of("party", advice.requested_by),
            "treated_at": treated_at(ds, advice.id), "open": advice.open,
            "overdue": meaning.advice_overdue(advice.deadline, advice.open, view.day)}


# ---------------------------------------------------------------------------- parts of records


def _municipality(ds: Dataset, nis: str, view: View) -> dict[str, Any]:
    name = reference.name(nis)
    if name is None:
        raise NotFoundError(f"{nis} is not a Statbel municipality code")
    regions = [{"region": r.id, "name": r.name, "start_date": text_of(m.start_date), "end_date": text_of(m.end_date)}
               for r in ds.all("region") for m in r.municipalities if m.nis == nis and view.shows(ds, "municipality", m)]
    record = {"nis": nis, "name": name, "province": reference.provinces().get(reference.province_of(nis) or "", None)}
    ended = reference.ended(nis)
    if ended:
        record.update(end_date=reference.LAST_DAY_BEFORE_MERGER.isoformat(), merged_into=ended.merged_into)
    return _document("municipality", nis, name, view, record, {}, {"regions": regions})


def _one(found: list[Any], what: str, key: str, known: Callable[[], set[str]], owner: str) -> Any:
    """The one part a key names; several is a usage error (qualify it), none is not found (the
    ids `known` gives, for a suggestion: asked for only then, as it reads every pact again)."""
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(f"several {what}s have the id '{key}': write it as {owner}:{key}")
    raise NotFoundError(f"no {what} has the id '{key}'{did_you_mean(key.rpartition(':')[2], known())}")


def find_action(ds: Dataset, key: str) -> meaning.PlacedNode:
    """An action by `pact:action-id`, or by its id alone when only one pact has it."""
    pact_id, _, local = key.rpartition(":")
    found = [p for p in ds.actions() if p.node.id == local and (not pact_id or p.pact.id == pact_id)]
    return _one(found, "action", key, lambda: {p.node.id for p in ds.actions()}, "PACT")


def _action(ds: Dataset, key: str, view: View) -> dict[str, Any]:
    p = find_action(ds, key)
    items = [{"plan": plan.id, "item": item.id, "title": item.title, "status": item.status}
             for plan in ds.referring("plan", "pact", p.pact.id) for item in plan.items if item.action == p.node.id]
    related = {"pact": p.pact.id, "pillar": p.pillar.name, "cluster": p.cluster.name if p.cluster else None,
               "plan_items": items}
    return _document("action", p.key, p.node.name, view, plain(p.node), names(ds, p.node), related)


def find_event(ds: Dataset, key: str) -> PlacedEvent:
    found = [e for e in ds.events if e.key == key or e.event.id == key]
    return _one(found, "event", key, lambda: {e.key for e in ds.events}, "OWNER")


def _event(ds: Dataset, key: str, view: View) -> dict[str, Any]:
    e = find_event(ds, key)
    return _document("event", e.key, e.event.title, view, plain(e.event), names(ds, e.event),
                     {e.owner_kind: e.owner, "action": e.node})


PARTS = {"municipality": _municipality, "action": _action, "event": _event}
