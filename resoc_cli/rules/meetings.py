"""Meetings and advice: who may attend, whether a meeting could decide, and advice on time.

Attendance and the counts of those present depend on the seats recorded in the body's own
file, so they are dataset checks on the files' facts; whether a seat is held on the meeting's
day is asked of meaning.seat_current, the one answer to "current" the views use too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import meaning
from ..models import SEAT_ROLES
from ..suggest import did_you_mean
from ..when import When
from . import Context, FileView, Problem, rule
from .facts import Facts, Index, SeatFacts

VOTING_ROLES = (*SEAT_ROLES, "substitute")  # who counts for parity and quorum: not the staff


@dataclass(frozen=True, slots=True)
class _Body:
    """A body as meaning.council_current reads it, from its facts."""

    id: str
    start_date: When | None
    end_date: When | None
    parent: str | None


class _Bodies:
    """The facts index as the Lookup meaning.py asks for a body by id."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def get(self, kind: str, id: str) -> _Body | None:
        facts = self.index.get(kind, id)
        if facts is None or facts.council is None:
            return None
        return _Body(facts.stem, facts.council.life[0], facts.council.life[1], facts.parent)

    def seats_of(self, contact: str) -> list[Any]:
        return []  # not asked by seat_current


def _seats_on(bodies: _Bodies, body: Facts, contact: str, day: dt.date) -> list[SeatFacts]:
    """The seats a person holds on the body on the day."""
    council = bodies.get("council", body.stem)
    assert body.council is not None and council is not None
    return [s for s in body.council.seated if s.contact == contact
            and meaning.seat_current(bodies, council, s, day)]  # type: ignore[arg-type]


def _meetings(index: Index) -> Iterator[tuple[Facts, Facts, dt.date]]:
    """(meeting facts, its body's facts, its day) for every meeting whose body loads."""
    for item in index.valid("meeting"):
        body = index.get("council", item.meeting.council) if item.meeting else None
        if item.meeting is not None and body is not None and body.council is not None:
            yield item, body, item.meeting.day.earliest


def _present_seats(bodies: _Bodies, meeting: Facts, body: Facts, day: dt.date) -> list[SeatFacts]:
    """One seat per person present who holds a seat that counts (staff and guests do not)."""
    found = []
    for _, contact, status in meeting.meeting.attendance if meeting.meeting else []:
        seats = [s for s in _seats_on(bodies, body, contact, day) if s.role in VOTING_ROLES] if status == "present" else []
        found.extend(seats[:1])
    return found


@rule("MEET001", "attendance-holds-a-seat", scope="dataset")
def attendance_holds_a_seat(index: Index, ctx: Context) -> Iterator[Problem]:
    """Whoever is on a meeting's attendance list holds a seat on that body on that day.

    The attendance list is the record of who could speak and vote; a name without a
    membership on the body that day is a typo, someone whose seat ended or began later, or
    a guest (write guests in the minutes, not in the attendance).

    Bad:
        # data/meetings/serr-kempen-2019-03-12.yaml; lieve-cox has no seat on serr-kempen
        attendance:
          - {contact: lieve-cox, status: present}
    Good:
        attendance:
          - {contact: wim-de-kinderen, status: present}
    """
    bodies = _Bodies(index)
    for item, body, day in _meetings(index):
        for loc, contact, _ in item.meeting.attendance:  # type: ignore[union-attr]
            if index.exists("contact", contact) and not _seats_on(bodies, body, contact, day):
                yield Problem(loc, f"{contact} holds no seat on {body.council.name} on {day.isoformat()}: "  # type: ignore[union-attr]
                                   "add or date their membership, or leave them off the attendance", file=item.rel)


@rule("MEET002", "serr-parity-present", severity="warning", scope="dataset")
def serr_parity_present(index: Index, ctx: Context) -> Iterator[Problem]:
    """At a meeting of a SERR, as many employer-side as employee-side members are present.

    A SERR is the joint body of the social partners, 8 seats a side; a decision taken with
    one side outnumbering the other is worth a look (a substitute should have come).

    Bad:
        # a SERR meeting with three employer-side and one employee-side member present
    Good:
        # two employer-side and two employee-side members present
    """
    bodies = _Bodies(index)
    for item, body, day in _meetings(index):
        if body.council.type != "serr" or item.meeting.status != "held":  # type: ignore[union-attr]
            continue
        sides = [s.side for s in _present_seats(bodies, item, body, day)]
        employer, employee = sides.count("employer"), sides.count("employee")
        if employer != employee:
            yield Problem(("attendance",), f"{employer} employer-side and {employee} employee-side members present on "
                                           f"{day.isoformat()}: a SERR decides with both sides equal", file=item.rel)


@rule("MEET003", "quorum", severity="warning", scope="dataset")
def quorum(index: Index, ctx: Context) -> Iterator[Problem]:
    """A meeting that was held had its body's quorum present, where the body declares one.

    No source in the dataset gives a quorum for a SERR, RESOC or ERSV (the decree sets their
    seats, not a quorum), so the check is off by default: a body whose rules of order set one
    says so in its file, `quorum: {present: N, sources: [...]}`, and its meetings are counted.
    Only seat holders count (chair, vice-chair, member, substitute), not the staff.

    Bad:
        # data/councils/serr-kempen.yaml has quorum: {present: 9}; 6 members present
    Good:
        # 9 or more members present, or no quorum declared
    """
    bodies = _Bodies(index)
    for item, body, day in _meetings(index):
        needed = body.council.quorum  # type: ignore[union-attr]
        if needed is None or item.meeting.status != "held":  # type: ignore[union-attr]
            continue
        present = len(_present_seats(bodies, item, body, day))
        if present < needed:
            yield Problem(("attendance",), f"{present} seat holders present, {body.council.name} needs {needed} "  # type: ignore[union-attr]
                                           "(its quorum) to decide", file=item.rel)


@rule("MEET004", "agenda-links-resolve", scope="dataset")
def agenda_links_resolve(index: Index, ctx: Context) -> Iterator[Problem]:
    """An agenda item's action names an action of that pact, its plan item an item of that plan.

    Written PACT:ACTION-ID and PLAN:ITEM-ID, so that the agenda links the meeting to the pact
    follow-up; a link to nothing breaks that thread.

    Bad:
        agenda:
          - {number: "1", title: Trefpunt, action: "streekpact-kempen-2013-2018:leren-en-werken.9.trefpunt"}
    Good:
        agenda:
          - {number: "1", title: Trefpunt, action: "streekpact-kempen-2013-2018:leren-en-werken.1.trefpuntbijeenkomsten"}
    """
    plans = {plan.stem: plan for plan in index.valid("plan")}
    for item in index.valid("meeting"):
        for loc, what, key in item.meeting.links if item.meeting else []:
            owner, _, local = key.partition(":")
            if what == "action":
                pact = index.get("pact", owner)
                known = {id for id, is_action in pact.nodes.items() if is_action} if pact else set()
            else:
                known = set(plans[owner].plan_items) if owner in plans else set()
            if local not in known:
                whose = ("pact" if what == "action" else "plan") + f" '{owner}'"
                found = whose if known else f"{whose}: no such {whose.split()[0]}"
                yield Problem(loc, f"'{local}' is not {'an action' if what == 'action' else 'an item'} of {found}{did_you_mean(local, known)}",
                              file=item.rel)


@rule("ADV001", "advice-overdue", severity="warning", scope="dataset")
def advice_overdue(index: Index, ctx: Context) -> Iterator[Problem]:
    """A request for advice that is still open has not passed its deadline (on --as-of).

    A legal deadline that passes without advice usually means the body lost its say; a
    requested one means the asker is waiting. Either way the secretariat wants to know first.

    Bad:
        deadline: 2019-03-15   # no outcome, checked --as-of 2019-04-01
    Good:
        deadline: 2019-03-15
        decided_at: serr-kempen-2019-03-12
        outcome: positive
    """
    for item in index.valid("advice"):
        advice = item.advice
        if advice is not None and meaning.advice_overdue(advice.deadline, advice.open, ctx.as_of):
            yield Problem(("deadline",), f"'{advice.name}' was due on {advice.deadline} and is still open on "
                                         f"{ctx.as_of.isoformat()}: record the outcome or the meeting that decided it",
                          file=item.rel)


@rule("ADV002", "decided-advice-names-meeting")
def decided_advice_names_meeting(f: FileView) -> Iterator[Problem]:
    """An advice given (positive, negative or conditional) names the meeting that decided it.

    The meeting is where the advice's minutes, attendance and vote are; an outcome without it
    cannot be checked. Only `outcome: none` (no advice was given) stands without a meeting.

    Bad:
        outcome: positive
    Good:
        outcome: positive
        decided_at: serr-kempen-2019-03-12
    """
    advice = f.record if f.kind == "advice" else None
    if advice is not None and advice.outcome not in (None, "none") and advice.decided_at is None:
        yield Problem(("outcome",), f"the advice is {advice.outcome} but names no meeting: add decided_at: MEETING-ID")


@rule("ADV002", "decided-advice-names-meeting", scope="dataset")
def advice_decided_by_its_body(index: Index, ctx: Context) -> Iterator[Problem]:
    for item in index.valid("advice"):
        advice = item.advice
        meeting = index.get("meeting", advice.decided_at) if advice and advice.decided_at else None
        if advice is not None and meeting is not None and meeting.meeting and meeting.meeting.council != advice.council:
            yield Problem(("decided_at",), f"'{advice.decided_at}' is a meeting of {meeting.meeting.council}, not of "
                                           f"{advice.council}, the body asked to advise", file=item.rel)

