"""Pacts and plans: actions and plan items inside the pact's period; sane progress."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..models import Event, Milestone, Node, PlanItem
from ..when import When, within
from . import Context, FileView, Problem, rule
from .facts import Index

PROGRESS = (0, 100)  # percent done, bounds included (the JSON Schemas say the same)

_DATED = ((Node, ("start_date", "end_date")), (Event, ("start_date", "end_date")), (Milestone, ("due", "done")),
          (PlanItem, ("start_date", "end_date")))


def _dates(model: Any) -> Iterator[tuple[str, When]]:
    for kind, fields in _DATED:
        if isinstance(model, kind):
            for name in fields:
                value = getattr(model, name)
                if value is not None:
                    yield name, value


@rule("PACT001", "inside-pact-period")
def inside_pact_period(f: FileView) -> Iterator[Problem]:
    """Pact actions, their events and milestones, and plan items fall inside the pact's period.

    A pact runs for a period (Kempen 2013-2018); work dated outside it belongs to another pact.

    Bad:
        start_date: 2013
        end_date: 2018
        ...
            events:
              - {id: trefpunt, title: Trefpunt, start_date: 2019-03-01}
    Good:
        start_date: 2013
        end_date: 2018
        ...
            events:
              - {id: trefpunt, title: Trefpunt, start_date: 2018-03-01}
    """
    if f.kind != "pact":
        return
    pact = f.record
    for loc, model in f.models:
        if model is pact:
            continue
        for name, value in _dates(model):
            if not within(value, pact.start_date, pact.end_date):
                yield Problem((*loc, name), f"{value} lies outside the pact's period {pact.start_date}-{pact.end_date}")


@rule("PACT001", "inside-pact-period", scope="dataset")
def plan_inside_pact_period(index: Index, ctx: Context) -> Iterator[Problem]:
    for plan in index.valid("plan"):
        pact = index.get("pact", plan.plan[0]) if plan.plan else None
        if pact is None or pact.period is None:
            continue
        start, end = pact.period
        for loc, value in plan.plan_dates:
            if not within(value, start, end):
                yield Problem(loc, f"{value} lies outside the period of pact '{pact.stem}' ({start}-{end})", file=plan.rel)


@rule("PACT002", "plan-year-in-pact-period", scope="dataset")
def plan_year_in_pact_period(index: Index, ctx: Context) -> Iterator[Problem]:
    """An annual plan's year lies inside its pact's period.

    A SERR's jaarplanning carries out one year of the pact; a year outside the pact has no
    pact actions to carry out.

    Bad:
        # pact 2013-2018
        year: 2019
    Good:
        # pact 2013-2018
        year: 2018
    """
    for plan in index.valid("plan"):
        pact = index.get("pact", plan.plan[0]) if plan.plan else None
        if pact is not None and pact.period is not None and not within(When.parse(plan.plan[1]), *pact.period):
            start, end = pact.period
            yield Problem(("year",), f"{plan.plan[1]} lies outside the period of pact '{pact.stem}' ({start}-{end})", file=plan.rel)


@rule("PACT003", "progress-in-range")
def progress_in_range(f: FileView) -> Iterator[Problem]:
    """Progress is a percentage between 0 and 100.

    Progress rolls up from actions to clusters and pillars; one value out of range skews
    every total above it.

    Bad:
        progress: 120
    Good:
        progress: 100
    """
    if f.kind not in ("pact", "plan"):
        return
    for loc, model in f.models:
        value = getattr(model, "progress", None)
        if value is not None and not PROGRESS[0] <= value <= PROGRESS[1]:
            yield Problem((*loc, "progress"), f"progress {value:g} is not between {PROGRESS[0]} and {PROGRESS[1]}")
