"""Annual plans (jaarplanning): the plan grouped by the pact, its follow-up, and next year's draft.

A SERR turns the labour-market chapter of its region's Streekpact into a yearly plan of
smaller, concrete actions, carries them out, follows them up and adjusts them (seed 001).
These functions return plain data; rendering.py turns it into Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import meaning
from .dataset import Dataset
from .errors import DataError, NotFoundError, UsageError
from .models import Plan, PlanItem
from .suggest import did_you_mean, unknown
from .when import When, text_of

if TYPE_CHECKING:
    from .editing import Edit

UNFINISHED = ("planned", "running", "late", "postponed")
QUARTERS = ("Q1", "Q2", "Q3", "Q4")


def find_plan(ds: Dataset, council: str, year: int) -> Plan:
    plans = [p for p in ds.referring("plan", "council", council) if p.year == year]
    if not plans:
        known = {f"{p.council} {p.year}" for p in ds.all("plan")}
        raise NotFoundError(f"no plan of {council} for {year}{did_you_mean(f'{council} {year}', known)}")
    if len(plans) > 1:
        raise UsageError(f"{council} has {len(plans)} plans for {year} (one per pact): this is not supported yet")
    return plans[0]


def plan_of(ds: Dataset, council_or_id: str, year: int | None) -> tuple[str, int]:
    """The council and year of a plan named by both, or by its id alone."""
    if year is not None:
        return council_or_id, year
    plan = ds.get("plan", council_or_id)
    if plan is None:
        raise NotFoundError(f"no plan has the id '{council_or_id}' (give COUNCIL YEAR, or a plan's id)"
                            f"{did_you_mean(council_or_id, ds.ids('plan'))}")
    return plan.council, plan.year


def quarters(item: PlanItem) -> list[str]:
    """The quarters an item runs in: as given, or from its dates within the plan's year."""
    if item.quarters:
        return list(item.quarters)
    start, end = item.start_date, item.end_date or item.start_date
    if start is None or end is None:
        return []
    first = (start.earliest.month - 1) // 3
    last = (end.latest.month - 1) // 3
    if end.latest.year > start.earliest.year:
        last = 3
    return list(QUARTERS[first:last + 1])


def _item(ds: Dataset, item: PlanItem) -> dict[str, Any]:
    return {"id": item.id, "title": item.title, "action": item.action, "deliverables": list(item.deliverables),
            "owner": ds.name_of("party", item.owner), "contact": ds.name_of("contact", item.contact),
            "quarters": quarters(item), "start_date": text_of(item.start_date),
            "end_date": text_of(item.end_date), "status": item.status, "progress": item.progress,
            "carried_over_from": item.carried_over_from, "note": item.note,
            "follow_up": [{"date": str(f.date), "note": f.note} for f in item.follow_up]}


def plan_view(ds: Dataset, council: str, year: int) -> dict[str, Any]:
    """The plan's items grouped by pillar, cluster and pact action, in the pact's order."""
    plan = find_plan(ds, council, year)
    pact = ds.get("pact", plan.pact)
    pillars: list[dict[str, Any]] = []
    for placed in (p for p in ds.placed_in(plan.pact).values() if p.level == "action"):
        items = [_item(ds, i) for i in plan.items if i.action == placed.node.id]
        if not items:
            continue
        if not pillars or pillars[-1]["id"] != placed.pillar.id:
            pillars.append({"id": placed.pillar.id, "name": placed.pillar.name, "clusters": []})
        clusters = pillars[-1]["clusters"]
        cluster_id = placed.cluster.id if placed.cluster else None
        if not clusters or clusters[-1]["id"] != cluster_id:
            clusters.append({"id": cluster_id, "name": placed.cluster.name if placed.cluster else None, "actions": []})
        clusters[-1]["actions"].append({"id": placed.node.id, "name": placed.node.name,
                                        "lead": [ds.name_of("party", x) for x in meaning.lead_of(placed)], "items": items})
    return {"id": plan.id, "council": plan.council, "council_name": ds.name_of("council", plan.council), "year": plan.year,
            "pact": plan.pact, "pact_name": pact.name if pact else plan.pact, "title": plan.title, "status": plan.status,
            "note": plan.note, "sources": [s.ref for s in plan.sources], "pillars": pillars, "items": len(plan.items)}


def follow_up(ds: Dataset, council: str, year: int, as_of: dt.date | None = None) -> dict[str, Any]:
    """Planned against done: the share done per cluster, and the items late or carried over."""
    view = plan_view(ds, council, year)
    day = as_of or dt.date.today()
    clusters, late, carried = [], [], []
    total = done = 0
    for pillar in view["pillars"]:
        for cluster in pillar["clusters"]:
            items = [i for a in cluster["actions"] for i in a["items"]]
            finished = sum(1 for i in items if i["status"] == "done")
            clusters.append({"pillar": pillar["name"], "cluster": cluster["name"] or pillar["name"], "planned": len(items),
                             "done": finished, "share_done": round(100 * finished / len(items), 1) if items else 0.0})
            total += len(items)
            done += finished
            for item in items:
                if item["status"] == "late" or (item["status"] in UNFINISHED and _past(item, year, day)):
                    late.append(item)
                if item["carried_over_from"] is not None:
                    carried.append(item)
    return {"plan": view["id"], "council_name": view["council_name"], "year": year, "as_of": day.isoformat(),
            "planned": total, "done": done, "share_done": round(100 * done / total, 1) if total else 0.0,
            "clusters": clusters, "late": late, "carried_over": carried}


def _past(item: dict[str, Any], year: int, day: dt.date) -> bool:
    """An unfinished item is late once its end (or its year's end) has passed."""
    end = When.parse(item["end_date"] or item["start_date"] or year).latest
    return end < day


def draft_next(ds: Dataset, council: str, year: int) -> dict[str, Any]:
    """A draft plan for `year`: the pact actions running that year that involve the council,
    and the unfinished items of the year before, marked as carried over."""
    if ds.get("council", council) is None:
        raise NotFoundError(unknown("council", council, ds.ids("council")))
    plans = ds.referring("plan", "council", council)
    if any(p.year == year for p in plans):  # the data already holds it: a conflict (1), not a usage error
        raise DataError(f"{council} has a plan for {year} already: edit that file (resoc plans list --council {council})")
    previous = [p for p in plans if p.year == year - 1]
    pacts = [p for p in ds.all("pact") if _runs_in(p, year)]
    pact_id = previous[0].pact if previous else _council_pact(ds, council, pacts)
    pact = ds.get("pact", pact_id)
    if pact is None or not _runs_in(pact, year):
        raise NotFoundError(f"no pact of {council} runs in {year}: a plan carries out a year of a pact")
    items: list[dict[str, Any]] = []
    taken: set[str] = set()
    if previous:
        for item in previous[0].items:
            if item.status in UNFINISHED:
                carried = item.model_dump(mode="json", exclude_none=True, exclude={"status", "follow_up", "quarters", "start_date", "end_date", "progress"})
                carried.update(status="planned", carried_over_from=previous[0].year)
                items.append(carried)
                taken.add(item.action)
    for placed in _actions_of(ds, pact.id):
        if placed.node.id in taken or not meaning.involves(placed, council):
            continue
        if meaning.touches_year(meaning.span_of(placed), year) and placed.node.status not in ("done", "stopped"):
            items.append({"id": placed.node.id.rsplit(".", 1)[-1], "action": placed.node.id, "title": placed.node.name,
                          "status": "planned"})
    _unique_ids(items)
    return {"id": f"{council}-{year}", "pact": pact.id, "council": council, "year": year, "status": "draft",
            "note": f"Draft made by resoc plan new from {pact.id} and the unfinished items of {year - 1}.",
            "items": items, "sources": [s.ref for s in (previous[0].sources if previous else pact.sources)]}


def _runs_in(pact: Any, year: int) -> bool:
    """A pact runs in a year inside its period (a pact without one runs in none)."""
    return bool(pact.start_date and pact.end_date and pact.start_date.earliest.year <= year <= pact.end_date.latest.year)


def _actions_of(ds: Dataset, pact: str) -> list[meaning.PlacedNode]:
    return [p for p in ds.placed_in(pact).values() if p.level == "action"]


def new_plan(root: Path, council: str, year: int, sources: list[str] | None = None) -> Edit:
    """The draft as a change to the dataset, citing what it was drafted from and the sources given
    (the decision that adopted the plan, say). The dataset is read through
    the writer, under its lock, so the plan is written only if nothing it was drafted from has
    changed meanwhile."""
    from .editing import Edit
    from .kinds import file_placement
    from .loading import load_document, scan
    from .writing import Changes

    changes = Changes(root)
    ds = Dataset(root=root, documents=[load_document(root / rel, root, data=changes.read_bytes(rel)) for rel, _, _ in scan(root)])
    draft = draft_next(ds, council, year)
    draft["sources"] += [s for s in sources or [] if s not in draft["sources"]]
    rel = file_placement("plan", draft)
    changes.create(rel, draft)
    carried = sum(1 for item in draft["items"] if item.get("carried_over_from"))
    return Edit(changes, [f"draft {rel}: {len(draft['items'])} items, {carried} carried over from {year - 1}"])


def _council_pact(ds: Dataset, council: str, pacts: list[Any]) -> str | None:
    for pact in pacts:
        if council in pact.councils or any(meaning.involves(p, council) for p in _actions_of(ds, pact.id)):
            return pact.id
    return None


def _unique_ids(items: list[dict[str, Any]]) -> None:
    seen: dict[str, int] = {}
    for item in items:
        base = item["id"]
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            item["id"] = f"{base}-{seen[base]}"
