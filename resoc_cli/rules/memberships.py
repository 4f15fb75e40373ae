"""Memberships and seats: no double seats, no over-filled councils, the legal seat counts.

What a council file says about itself (its declared seats, an over-filled side at any date)
is checked per file; vacancies depend on the --as-of day and are checked from the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..models import SEAT_ROLES, Council, Membership
from ..when import active, overlaps
from . import Context, FileView, Problem, rule
from .facts import CouncilFacts, Index

SERR_SEATS = {"employer": 8, "employee": 8}
RESOC_MIN_GOVERNMENT = 8


def _council(f: FileView) -> Council | None:
    return f.record if f.kind == "council" else None


@rule("MEM001", "no-overlapping-memberships")
def no_overlapping_memberships(f: FileView) -> Iterator[Problem]:
    """One person holds one seat of a kind on a council at a time.

    Two memberships of the same person, council, role and side whose dates overlap are a
    duplicate or a missing end date; either way the seat count goes wrong.

    Bad:
        memberships:
          - {contact: lieve-cox, role: chair, start_date: 2016-09-01}
          - {contact: lieve-cox, role: chair, start_date: 2018-01-01}
    Good:
        memberships:
          - {contact: lieve-cox, role: chair, start_date: 2016-09-01, end_date: 2017-12-31}
          - {contact: lieve-cox, role: chair, start_date: 2018-01-01}
    """
    council = _council(f)
    if council is None:
        return
    seen: dict[tuple[object, ...], list[tuple[int, Membership]]] = {}
    for index, m in enumerate(council.memberships):
        if m.contact is None:
            continue
        seat = (m.contact, m.role, m.side)
        for earlier_index, earlier in seen.get(seat, []):
            if overlaps((earlier.start_date, earlier.end_date), (m.start_date, m.end_date)):
                yield Problem(("memberships", index),
                              f"{m.contact} already holds this {m.role} seat in memberships[{earlier_index}] "
                              "at the same time: end one of them or remove the duplicate")
                break
        seen.setdefault(seat, []).append((index, m))


@rule("MEM002", "membership-within-council-life", severity="warning")
def membership_within_council_life(f: FileView) -> Iterator[Problem]:
    """A membership's dates fall within the life of its council.

    Nobody sits in a council before it starts or after it ends; such dates are usually a
    mistyped year.

    Bad:
        end_date: 2016-08-31
        memberships:
          - {contact: wim-de-kinderen, role: coordinator, start_date: 2017-01-01}
    Good:
        end_date: 2016-08-31
        memberships:
          - {contact: wim-de-kinderen, role: coordinator, start_date: 2015-01-01}
    """
    council = _council(f)
    if council is None:
        return
    for index, m in enumerate(council.memberships):
        for field in ("start_date", "end_date"):
            day = getattr(m, field)
            if day is None:
                continue
            if (council.start_date and day.latest < council.start_date.earliest) or (
                council.end_date and day.earliest > council.end_date.latest
            ):
                life = f"{council.start_date or '?'} to {council.end_date or 'now'}"
                yield Problem(("memberships", index, field), f"{field} {day} lies outside the life of {council.name} ({life})")


def overfilled(council: Council, side: str, seats: int) -> Iterator[tuple[int, dt.date, int]]:
    """(membership index, day, count) where more people certainly hold a side's seats than there are.

    Counted at each day someone takes a seat; partial dates count by their narrowest reading,
    so only a certain excess is an error.
    """
    holders = [(i, m) for i, m in enumerate(council.memberships) if m.side == side and m.role in SEAT_ROLES]
    days = sorted({m.start_date.latest if m.start_date else dt.date.min for _, m in holders})
    for day in days:
        sitting = [i for i, m in holders if _certainly_sits(m, day)]
        if len(sitting) > seats:
            yield max(sitting), day, len(sitting)
            return


def _certainly_sits(m: Membership, day: dt.date) -> bool:
    started = m.start_date is None or m.start_date.latest <= day
    return started and (m.end_date is None or day <= m.end_date.earliest)


def _overfill_problems(council: Council, side: str, seats: int) -> Iterator[Problem]:
    for index, day, count in overfilled(council, side, seats):
        when = "" if day == dt.date.min else f" on {day.isoformat()}"
        yield Problem(("memberships", index), f"{council.name} has {count} people in its {seats} {side}-side seats{when}: "
                                              "end a membership first")


def _vacancies(item_rel: str, council: CouncilFacts, side: str, seats: int, on: dt.date) -> Iterator[Problem]:
    if not active(*council.life, on):
        return
    filled = sum(1 for holder_side, span in council.holders if holder_side == side and active(*span, on))
    if filled < seats:
        yield Problem(("seats", side), f"{council.name} has {seats - filled} vacant {side}-side seat(s) on {on.isoformat()} "
                                       f"({filled} of {seats} filled)", severity="warning", file=item_rel)


@rule("SEAT001", "serr-seats")
def serr_seats(f: FileView) -> Iterator[Problem]:
    """A SERR has 8 employer-side and 8 employee-side seats; never more are filled.

    The decree fixes the SERR's composition. Over-filling a side at any date is an error;
    a vacant seat on the evaluation day (--as-of) is a warning.

    Bad:
        type: serr
        seats: {employer: 8, employee: 9}
    Good:
        type: serr
        seats: {employer: 8, employee: 8}
    """
    council = _council(f)
    if council is None or council.type != "serr":
        return
    declared = council.seats.model_dump() if council.seats else {}
    for side, count in SERR_SEATS.items():
        if declared.get(side) != count:
            loc = ("seats", side) if declared.get(side) is not None else ("seats",) if council.seats else ()
            yield Problem(loc, f"a SERR has {count} {side}-side seats, not {declared.get(side) or 'none declared'}: "
                               "write seats: {employer: 8, employee: 8}")
        else:
            yield from _overfill_problems(council, side, count)


@rule("SEAT001", "serr-seats", severity="warning", scope="dataset")
def serr_vacancies(index: Index, ctx: Context) -> Iterator[Problem]:
    for item in index.valid("council"):
        council = item.council
        if council is not None and council.type == "serr":
            for side, count in SERR_SEATS.items():
                if council.seats.get(side) == count:
                    yield from _vacancies(item.rel, council, side, count, ctx.as_of)


@rule("SEAT002", "resoc-government-seats")
def resoc_government_seats(f: FileView) -> Iterator[Problem]:
    """A RESOC has at least 8 seats for the province and the municipalities, never over-filled.

    The RESOC is the SERR's 16 social partners plus at least 8 representatives of local and
    provincial government (West-Vlaanderen used 4 + 4, Limburg 8 + 8).

    Bad:
        type: resoc
        seats: {employer: 8, employee: 8, government: 6}
    Good:
        type: resoc
        seats: {employer: 8, employee: 8, government: 8}
    """
    council = _council(f)
    if council is None or council.type != "resoc" or council.seats is None or council.seats.government is None:
        return
    government = council.seats.government
    if government < RESOC_MIN_GOVERNMENT:
        yield Problem(("seats", "government"), f"a RESOC has at least {RESOC_MIN_GOVERNMENT} government seats, not {government}")
    else:
        yield from _overfill_problems(council, "government", government)


@rule("SEAT002", "resoc-government-seats", severity="warning", scope="dataset")
def resoc_vacancies(index: Index, ctx: Context) -> Iterator[Problem]:
    for item in index.valid("council"):
        council = item.council
        government = council.seats.get("government") if council is not None else None
        if council is not None and council.type == "resoc" and government is not None and government >= RESOC_MIN_GOVERNMENT:
            yield from _vacancies(item.rel, council, "government", government, ctx.as_of)
