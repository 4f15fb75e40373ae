"""Facts: what one file contributes to the cross-file checks, and the index over all of them.

A file's facts are small (its id, the references it makes with their places, the
municipalities it claims, a pact's period and node ids, a plan's pact and year, a council's
seats and seat holders), picklable, and cached with the file's content hash. Dataset checks
read only these, so a warm run re-checks the whole dataset without loading a record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..dataset import KindIndex
from ..kinds import folder_of, kind_of_rel
from ..models import SEAT_ROLES, Action
from ..when import When

Loc = tuple[Any, ...]
Span = tuple["When | None", "When | None"]


@dataclass(frozen=True, slots=True)
class SeatFacts:
    """A person's membership as the meeting rules need it (it reads like a Membership to meaning.py)."""

    contact: str
    role: str
    side: str | None
    start_date: When | None
    end_date: When | None


@dataclass(slots=True)
class CouncilFacts:
    name: str
    type: str
    life: Span
    seats: dict[str, int]
    holders: list[tuple[str, Span]]  # (side, span) of every seat-taking membership
    note: str | None = None
    seated: list[SeatFacts] = field(default_factory=list)  # every membership of a person
    quorum: int | None = None


@dataclass(slots=True)
class MeetingFacts:
    council: str
    day: When
    status: str
    attendance: list[tuple[Loc, str, str]]  # (place, contact, present/excused/absent)
    links: list[tuple[Loc, str, str]]  # (place, "action" or "plan_item", PACT:ACTION or PLAN:ITEM)


@dataclass(slots=True)
class AdviceFacts:
    name: str
    council: str
    deadline: When | None
    open: bool
    decided_at: str | None


@dataclass(slots=True)
class Facts:
    rel: str  # path relative to the dataset root, with forward slashes
    kind: str | None
    stem: str
    folder: str  # the folder the file sits in (for a plan: its pact's folder name)
    valid: bool = False
    refs: list[tuple[Loc, str, str]] = field(default_factory=list)
    parent: str | None = None
    municipalities: list[tuple[Loc, str, Span]] = field(default_factory=list)
    period: Span | None = None
    nodes: dict[str, bool] = field(default_factory=dict)  # pact-local id -> is an action
    plan: tuple[str, int] | None = None
    plan_actions: list[tuple[Loc, str]] = field(default_factory=list)
    plan_dates: list[tuple[Loc, When]] = field(default_factory=list)
    council: CouncilFacts | None = None
    cites: list[tuple[Loc, str]] = field(default_factory=list)  # every source ref the file cites
    cited_as: list[str] = field(default_factory=list)  # for a register record: the refs that mean it
    plan_items: list[str] = field(default_factory=list)  # a plan's item ids
    meeting: MeetingFacts | None = None
    advice: AdviceFacts | None = None


def bare_facts(rel: str, valid: bool) -> Facts:
    """The facts of a file that contributes only its id (rebuilt from its path)."""
    kind = kind_of_rel(rel)
    return Facts(rel=rel, kind=kind, stem=rel.rsplit("/", 1)[-1].rsplit(".", 1)[0], folder=folder_of(rel, kind), valid=valid)


def is_bare(facts: Facts) -> bool:
    """True when the facts hold nothing that bare_facts would not rebuild."""
    return facts == bare_facts(facts.rel, facts.valid)


def facts_of(rel: str, kind: str | None, stem: str, folder: str, record: Any, models: list[Any] | None = None) -> Facts:
    """The facts of one file; a file whose record did not load contributes its id (from its name) only.
    `models` is walk_models(record), when the caller has it already (it is walked once per file)."""
    from ..meaning import walk_nodes
    from ..models import Advice, Council, Meeting, Pact, Plan, Region, RegisteredSource, Source
    from ..walk import walk_models, walk_refs

    facts = Facts(rel=rel, kind=kind, stem=stem, folder=folder, valid=record is not None)
    if record is None:
        return facts
    models = list(walk_models(record)) if models is None else models
    facts.refs = [(loc, k, v) for loc, k, v in walk_refs(record, models) if k not in ("municipality", "province")]
    facts.parent = getattr(record, "parent", None)
    facts.cites = [((*loc, "ref"), model.ref) for loc, model in models if isinstance(model, Source)]
    if isinstance(record, RegisteredSource):
        facts.cited_as = record.cited_as()
    if isinstance(record, Region):
        facts.municipalities = [(("municipalities", i, "nis"), m.nis, (m.start_date, m.end_date))
                                for i, m in enumerate(record.municipalities)]
    elif isinstance(record, Pact):
        facts.period = (record.start_date, record.end_date)
        facts.nodes = {node.id: isinstance(node, Action) for _, node in walk_nodes(record)}
    elif isinstance(record, Plan):
        facts.plan = (record.pact, record.year)
        facts.plan_actions = [(("items", i, "action"), item.action) for i, item in enumerate(record.items)]
        facts.plan_items = [item.id for item in record.items]
        for loc, model in models:
            for name in ("start_date", "end_date", "date"):
                value = getattr(model, name, None)
                if isinstance(value, When):
                    facts.plan_dates.append(((*loc, name), value))
    elif isinstance(record, Council):
        facts.council = CouncilFacts(
            name=record.name, type=record.type, life=(record.start_date, record.end_date),
            seats=record.seats.model_dump(exclude_none=True) if record.seats else {},
            holders=[(m.side, (m.start_date, m.end_date)) for m in record.memberships if m.side and m.role in SEAT_ROLES],
            note=record.note, quorum=record.quorum.present if record.quorum else None,
            seated=[SeatFacts(m.contact, m.role, m.side, m.start_date, m.end_date) for m in record.memberships if m.contact],
        )
    elif isinstance(record, Meeting):
        facts.meeting = _meeting_facts(record)
    elif isinstance(record, Advice):
        facts.advice = AdviceFacts(record.name, record.council, record.deadline, record.open, record.decided_at)
    return facts


def _meeting_facts(meeting: Any) -> MeetingFacts:
    links = [(("agenda", i, name), name, getattr(item, name)) for i, item in enumerate(meeting.agenda)
             for name in ("action", "plan_item") if getattr(item, name)]
    return MeetingFacts(meeting.council, meeting.start_date, meeting.status,
                        [(("attendance", i, "contact"), a.contact, a.status) for i, a in enumerate(meeting.attendance)], links)


class Index(KindIndex[Facts]):
    """All files' facts, indexed for the dataset checks (the same index the loaded dataset uses)."""

    def __init__(self, facts: list[Facts]) -> None:
        super().__init__(facts)
        self.facts = self.items

    def valid(self, kind: str) -> list[Facts]:  # type: ignore[override]
        return [f for f in self.facts if f.kind == kind and f.valid]

    def get(self, kind: str, id: str) -> Facts | None:
        return self.first_valid(kind, id)
