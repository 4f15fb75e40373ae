"""Memberships and seats: no double seats, no over-filled councils, the legal seat counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..dataset import Dataset
from ..models import SEAT_ROLES, Council, Membership
from ..when import active, overlaps
from . import Context, Problem, rule

SERR_SEATS = {"employer": 8, "employee": 8}
RESOC_MIN_GOVERNMENT = 8


@rule("MEM001", "no-overlapping-memberships")
def no_overlapping_memberships(ds: Dataset, ctx: Context) -> Iterator[Problem]:
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
    for doc, council in ds.records("council"):
        seen: list[tuple[int, Membership]] = []
        for index, m in enumerate(council.memberships):
            if m.contact is None:
                continue
            for earlier_index, earlier in seen:
                same_seat = (earlier.contact, earlier.role, earlier.side) == (m.contact, m.role, m.side)
                if same_seat and overlaps((earlier.start_date, earlier.end_date), (m.start_date, m.end_date)):
                    yield Problem(doc, ("memberships", index),
                                  f"{m.contact} already holds this {m.role} seat in memberships[{earlier_index}] "
                                  "at the same time: end one of them or remove the duplicate")
                    break
            seen.append((index, m))


@rule("MEM002", "membership-within-council-life", severity="warning")
def membership_within_council_life(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A membership's dates fall within the life of its council.

    Nobody sits in a council before it starts or after it ends; such dates are usually a
    mistyped year.

    Bad:
        valid_until: 2016-08-31
        memberships:
          - {contact: wim-de-kinderen, role: coordinator, start_date: 2017-01-01}
    Good:
        valid_until: 2016-08-31
        memberships:
          - {contact: wim-de-kinderen, role: coordinator, start_date: 2015-01-01}
    """
    for doc, council in ds.records("council"):
        for index, m in enumerate(council.memberships):
            for field in ("start_date", "end_date"):
                day = getattr(m, field)
                if day is None:
                    continue
                if (council.valid_from and day.latest < council.valid_from.earliest) or (
                    council.valid_until and day.earliest > council.valid_until.latest
                ):
                    yield Problem(doc, ("memberships", index, field),
                                  f"{field} {day} lies outside the life of {council.name} ({_life(council)})")


def _life(council: Council) -> str:
    return f"{council.valid_from or '?'} to {council.valid_until or 'now'}"


def seat_holders(council: Council, side: str) -> list[tuple[int, Membership]]:
    """Memberships that take a seat of a side: members, chairs and vice-chairs of that side."""
    return [(i, m) for i, m in enumerate(council.memberships) if m.side == side and m.role in SEAT_ROLES]


def overfilled(council: Council, side: str, seats: int) -> Iterator[tuple[int, dt.date, int]]:
    """(membership index, day, count) where more people certainly hold a side's seats than there are.

    Counted at each day someone takes a seat; partial dates count by their narrowest reading,
    so only a certain excess is an error.
    """
    holders = seat_holders(council, side)
    days = sorted({m.start_date.latest if m.start_date else dt.date.min for _, m in holders})
    for day in days:
        sitting = [(i, m) for i, m in holders if _certainly_sits(m, day)]
        if len(sitting) > seats:
            yield max(sitting, key=lambda pair: pair[0])[0], day, len(sitting)
            return


def _certainly_sits(m: Membership, day: dt.date) -> bool:
    started = m.start_date is None or m.start_date.latest <= day
    return started and (m.end_date is None or day <= m.end_date.earliest)


def _council_active(council: Council, on: dt.date) -> bool:
    return active(council.valid_from, council.valid_until, on)


@rule("SEAT001", "serr-seats")
def serr_seats(ds: Dataset, ctx: Context) -> Iterator[Problem]:
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
    for doc, council in ds.records("council"):
        if council.type != "serr":
            continue
        declared = council.seats.model_dump() if council.seats else {}
        for side, count in SERR_SEATS.items():
            if declared.get(side) != count:
                loc = ("seats", side) if council.seats and declared.get(side) is not None else ("seats",) if council.seats else ()
                yield Problem(doc, loc, f"a SERR has {count} {side}-side seats, not {declared.get(side, 'none declared')}: "
                                        f"write seats: {{employer: 8, employee: 8}}")
                continue
            yield from _seat_counts(doc, council, side, count, ctx)


@rule("SEAT002", "resoc-government-seats")
def resoc_government_seats(ds: Dataset, ctx: Context) -> Iterator[Problem]:
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
    for doc, council in ds.records("council"):
        if council.type != "resoc" or council.seats is None or council.seats.government is None:
            continue
        government = council.seats.government
        if government < RESOC_MIN_GOVERNMENT:
            yield Problem(doc, ("seats", "government"),
                          f"a RESOC has at least {RESOC_MIN_GOVERNMENT} government seats, not {government}")
            continue
        yield from _seat_counts(doc, council, "government", government, ctx)


def _seat_counts(doc, council: Council, side: str, seats: int, ctx: Context) -> Iterator[Problem]:
    for index, day, count in overfilled(council, side, seats):
        when = "" if day == dt.date.min else f" on {day.isoformat()}"
        yield Problem(doc, ("memberships", index),
                      f"{council.name} has {count} people in its {seats} {side}-side seats{when}: end a membership first")
    if _council_active(council, ctx.as_of):
        filled = sum(1 for _, m in seat_holders(council, side) if active(m.start_date, m.end_date, ctx.as_of))
        if filled < seats:
            yield Problem(doc, ("seats", side),
                          f"{council.name} has {seats - filled} vacant {side}-side seat(s) on {ctx.as_of.isoformat()} "
                          f"({filled} of {seats} filled)", severity="warning")
