"""Preparing a meeting: the draft agenda a secretariat starts from.

A new meeting's agenda is what is waiting for the body on that day: the requests for advice
still open, the nearest deadline first (an overdue one first of all), and the items of the
body's annual plan that run in that quarter and are not done. The draft is a record like any
other; `resoc new meeting` hands it to the one writer, which validates it before writing.
No I/O here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .dataset import Dataset
from .errors import NotFoundError, UsageError
from .plans import quarters
from .suggest import did_you_mean
from .visibility import INTERNAL, is_internal

OPEN_ITEM = ("planned", "running", "late", "postponed")  # plan item statuses still to be dealt with


def open_advice(ds: Dataset, council: str, day: dt.date) -> list[Any]:
    """The body's requests for advice received by the day and not yet decided, nearest deadline first."""
    waiting = [a for a in ds.referring("advice", "council", council) if a.open and a.received.earliest <= day]
    return sorted(waiting, key=lambda a: (a.deadline.latest if a.deadline else dt.date.max, a.id))


def plan_items_due(ds: Dataset, council: str, day: dt.date) -> list[tuple[Any, Any]]:
    """(plan, item) for the items of the body's plans of that year that run in the day's quarter, not done."""
    quarter = f"Q{(day.month - 1) // 3 + 1}"
    return [(plan, item) for plan in ds.referring("plan", "council", council) if plan.year == day.year
            for item in plan.items if quarter in quarters(item) and item.status in OPEN_ITEM]


def _quoted(time: str | None) -> Any:
    """A time written in quotes, as the files keep it: a YAML 1.1 reader takes 14:00 unquoted for 840."""
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    return SingleQuotedScalarString(time) if time is not None else None


def draft_meeting(ds: Dataset, council: str, day: dt.date, sources: list[str], start_time: str | None = None,
                  location: str | None = None, name: str | None = None) -> dict[str, Any]:
    """A new meeting record of `council` on `day` with its prepared agenda (as file data)."""
    body = ds.get("council", council)
    if body is None:
        raise NotFoundError(f"no council has the id '{council}'{did_you_mean(council, ds.ids('council'))}")
    if not sources:
        raise UsageError("give at least one --source: the invitation or the decision to meet")
    agenda: list[dict[str, Any]] = []
    for advice in open_advice(ds, council, day):
        item: dict[str, Any] = {"title": f"Advies: {advice.name}", "advice": advice.id}
        agenda.append(item | ({"visibility": INTERNAL} if is_internal(advice) else {}))
    for plan, planned in plan_items_due(ds, council, day):
        agenda.append({"title": planned.title, "action": f"{plan.pact}:{planned.action}", "plan_item": f"{plan.id}:{planned.id}"})
    for number, item in enumerate(agenda, start=1):
        item["number"] = str(number)
    return {"id": f"{council}-{day.isoformat()}", "council": council, "name": name, "start_date": day,
            "start_time": _quoted(start_time), "location": location, "status": "planned", "agenda": agenda, "sources": sources}
