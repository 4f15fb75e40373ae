"""What the domain means, said once: the pact tree, trekkers, action periods, parties, and
what is current on a day.

Queries, plans, reports, exports and rules all ask here, so that "who leads this action" or
"is this body still running" has one answer everywhere. No I/O; the dataset is passed in.

**Current.** A record is current on a day unless the data says it is not:
- its own dates (`start_date` .. `end_date`, either open) exclude the day;
- it is a body under a body that is not current (a working group of a SERR that ended);
- it is a seat (membership) on a body that is not current;
- it is a person who holds seats, none of them current (a person with no recorded seat is
  not dated by anything, and stays current);
- it is an action outside its own period, or, undated, outside its pact's period;
- it is an annual plan of another year than the day's;
- it is an event that was over before the day (a list of events shows what is to come);
- it is a meeting held before the day (a list of meetings shows what is to come);
- it is a request for advice received after the day, or decided at a meeting before it.
Organisations carry no dates and are always current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .models import Action, Cluster, Council, Event, Membership, Node, Pact, Pillar
from .when import When, active

Loc = tuple[Any, ...]
Span = tuple["When | None", "When | None"]
LEVELS = {Pillar: "pillar", Cluster: "cluster", Action: "action"}
CHILD_KEYS = ("clusters", "actions")  # the lists a pillar or cluster holds its children in, in order


class Lookup(Protocol):
    """What meaning needs of a dataset: a record by kind and id, and a person's seats."""

    def get(self, kind: str, id: str) -> Any: ...

    def seats_of(self, contact: str) -> Sequence[tuple[Council, Membership]]: ...


# ---------------------------------------------------------------------------- the pact tree


@dataclass(frozen=True, slots=True)
class PlacedNode:
    """A pillar, cluster or action with its place: its pact, its path in the file and its ancestors."""

    pact: Pact
    loc: Loc
    node: Node
    parent: PlacedNode | None

    @property
    def level(self) -> str:
        return LEVELS[type(self.node)]

    @property
    def key(self) -> str:
        return f"{self.pact.id}:{self.node.id}"

    @property
    def pillar(self) -> Pillar:
        placed = self
        while placed.parent is not None:
            placed = placed.parent
        return placed.node  # type: ignore[return-value]

    @property
    def cluster(self) -> Cluster | None:
        placed: PlacedNode | None = self
        while placed is not None and not isinstance(placed.node, Cluster):
            placed = placed.parent
        return placed.node if placed is not None else None  # type: ignore[return-value]

    @property
    def action(self) -> Action:
        assert isinstance(self.node, Action)
        return self.node


def tree(container: Any, children: Any = None, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Every node under a pact, pillars first then each one's clusters and actions, with its path.

    Works on models and on plain or round-trip mappings alike (`children` reads a list by key),
    so the writer walks a file's tree the same way the queries walk its records.
    """
    read = children or _model_children
    keys = ("pillars",) if not loc else CHILD_KEYS
    for key in keys:
        for index, node in enumerate(read(container, key)):
            yield (*loc, key, index), node
            yield from tree(node, read, (*loc, key, index))


def _model_children(item: Any, key: str) -> list[Any]:
    """A model's child nodes under `key`, read from its values: an action has no `clusters`, and
    asking pydantic for a missing attribute raises and catches an error (63,000 times in an
    events list at 25,000 files)."""
    values = getattr(item, "__dict__", None)
    return (values.get(key) if values is not None else getattr(item, key, None)) or []


def placed_nodes(pact: Pact) -> Iterator[PlacedNode]:
    """Every pillar, cluster and action of a pact, placed."""
    placed: dict[Loc, PlacedNode] = {}
    for loc, node in tree(pact):
        here = PlacedNode(pact, loc, node, placed.get(loc[:-2]))
        placed[loc] = here
        yield here


def walk_nodes(pact: Pact) -> Iterator[tuple[Loc, Node]]:
    """(path, node) of every node of a pact: the tree walk for code that needs only that."""
    return ((p.loc, p.node) for p in placed_nodes(pact))


def children(node: Node) -> list[Node]:
    """The nodes directly under a pillar or cluster."""
    return [child for key in CHILD_KEYS for child in getattr(node, key, [])]


def lead_of(placed: PlacedNode) -> list[str]:
    """The trekker: the node's own lead, else the nearest ancestor's."""
    here: PlacedNode | None = placed
    while here is not None:
        if here.node.lead:
            return list(here.node.lead)
        here = here.parent
    return []


def span_of(placed: PlacedNode) -> Span:
    """A node's period: its own dates; an undated node runs for its pact's period."""
    return (placed.node.start_date or placed.pact.start_date, placed.node.end_date or placed.pact.end_date)


def involves(placed: PlacedNode, council: str) -> bool:
    """True when a body leads, partners, follows up or governs the node, or wrote its pact."""
    node = placed.node
    return (council in node.councils or council in node.lead or council in node.partners
            or placed.pillar.core_group == council or council in placed.pact.councils)


def touches_year(span: Span, year: int) -> bool:
    """True when a span may include a day of the year."""
    start, end = span
    return (start is None or start.earliest <= dt.date(year, 12, 31)) and (end is None or end.latest >= dt.date(year, 1, 1))


# ---------------------------------------------------------------------------- parties


def party_kind(ds: Any, id: str | None) -> str | None:
    """Which kind a party id is: an organisation or a body (checked in that order), or None."""
    if id is None:
        return None
    for kind in ("organisation", "council"):
        if ds.exists(kind, id):
            return kind
    return None


# ---------------------------------------------------------------------------- current


def council_current(ds: Lookup, council: Council, day: dt.date) -> bool:
    """A body runs on a day when its own dates and every body above it allow it."""
    seen: set[str] = set()
    here: Council | None = council
    while here is not None and here.id not in seen:
        if not active(here.start_date, here.end_date, day):
            return False
        seen.add(here.id)
        here = ds.get("council", here.parent) if here.parent else None
    return True


def seat_current(ds: Lookup, council: Council, membership: Membership, day: dt.date) -> bool:
    """A seat is held on a day when the membership and its body both run that day."""
    return active(membership.start_date, membership.end_date, day) and council_current(ds, council, day)


def contact_current(ds: Lookup, contact: Any, day: dt.date) -> bool:
    return holds_on(seat_current(ds, council, m, day) for council, m in ds.seats_of(contact.id))


def holds_on(seats: Iterable[bool]) -> bool:
    """A person is current while one of their seats is (the seats' seat_current), or when they
    hold none at all (staff and contacts outside the bodies)."""
    held = list(seats)
    return not held or any(held)


def event_current(event: Event, day: dt.date) -> bool:
    """An event is current until it is over."""
    return (event.end_date or event.start_date).latest >= day


def advice_current(ds: Lookup, advice: Any, day: dt.date) -> bool:
    """A request for advice is current from the day it came in until the meeting that decided it."""
    if advice.received.earliest > day:
        return False
    meeting = ds.get("meeting", advice.decided_at) if advice.decided_at else None
    return advice.open or (meeting is not None and meeting.start_date.earliest >= day)


def advice_overdue(deadline: When | None, open: bool, day: dt.date) -> bool:
    """An open request whose deadline has certainly passed on the day."""
    return open and deadline is not None and deadline.latest < day


def current(ds: Lookup, kind: str, item: Any, day: dt.date) -> bool:
    """The one answer to "is this current on that day", for every kind (see the module's text)."""
    if kind == "council":
        return council_current(ds, item, day)
    if kind == "contact":
        return contact_current(ds, item, day)
    if kind == "action":
        return active(*span_of(item), day)
    if kind == "plan":
        return item.year == day.year
    if kind == "event":
        return event_current(item, day)
    if kind == "meeting":
        return item.start_date.latest >= day
    if kind == "advice":
        return advice_current(ds, item, day)
    return active(getattr(item, "start_date", None), getattr(item, "end_date", None), day)


def last_day(record: Any, day: dt.date) -> dt.date:
    """The day to show a record on: an ended record as it was on its last day, else `day`."""
    end = getattr(record, "end_date", None)
    return end.latest if end is not None and end.latest < day else day
