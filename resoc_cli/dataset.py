"""The loaded dataset, indexed once: records by kind and id, seats by person, body and party,
pact nodes by path, events by date, and who points at whom.

Queries, reports, plans and exports read records through here, and every question they ask
is a dictionary look-up, so that a command over n records does O(n) work, not O(n²).
Validation does not load records: it checks each file on its own and the dataset through
the files' facts (checking.py), indexed by the same `KindIndex`.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from . import meaning, visibility
from .kinds import KINDS, PARTY_KINDS
from .journal import recover
from .loading import Document, find_root, load_document, yaml_files
from .models import Council, Event, Membership, Node, ref_kind
from .when import When


class Keyed(Protocol):
    kind: str | None

    @property
    def stem(self) -> str: ...

    @property
    def valid(self) -> bool: ...


T = TypeVar("T", bound=Keyed)


class KindIndex(Generic[T]):
    """Items (documents or facts) by kind and id. Ids come from file names, so a file with a
    broken schema still answers for its id and does not make every reference to it fail too."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items = list(items)
        self.by_kind: dict[str, dict[str, list[T]]] = {}
        for item in self.items:
            if item.kind is not None:
                self.by_kind.setdefault(item.kind, {}).setdefault(item.stem, []).append(item)

    def ids(self, kind: str) -> set[str]:
        if kind == "party":
            return set().union(*(self.ids(k) for k in PARTY_KINDS))
        return set(self.by_kind.get(kind, {}))

    def exists(self, kind: str, id: str) -> bool:
        if kind == "party":
            return any(self.exists(k, id) for k in PARTY_KINDS)
        return id in self.by_kind.get(kind, {})

    def first_valid(self, kind: str, id: str) -> T | None:
        for item in self.by_kind.get(kind, {}).get(id, []):
            if item.valid:
                return item
        return None

    def valid(self, kind: str) -> list[T]:
        return [item for items in self.by_kind.get(kind, {}).values() for item in items if item.valid]


Seat = tuple[Council, Membership]


@dataclass(frozen=True, slots=True)
class PlacedEvent:
    """An event with its owner (a pact or a project) and, in a pact, the node it belongs to."""

    owner_kind: str
    owner: str
    node: str | None
    event: Event

    @property
    def key(self) -> str:
        return f"{self.owner}:{self.event.id}"


@dataclass
class Dataset(KindIndex[Document]):
    """Every document below one dataset folder, as one user may see it."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    include_internal: bool = True

    def __post_init__(self) -> None:
        if not self.include_internal:
            for doc in self.documents:
                doc.record = visibility.redact(doc.record)
        KindIndex.__init__(self, self.documents)

    @classmethod
    def load(cls, root: Path, include_internal: bool = True) -> Dataset:
        recover(root)  # a change interrupted by a crash is finished before anything is read
        # The records live as long as the command. Python's cyclic collector would scan them again
        # on every full collection, while loading and while an output allocates: measured, export
        # vcf took 7.9x the time for 4x the files with it and 3.8x without. So the collector rests
        # while the files load, and what was loaded is frozen out of its scans (gc.freeze).
        collecting = gc.isenabled()
        gc.disable()
        try:
            dataset = cls(root, [load_document(path, root) for path in yaml_files(root)], include_internal)
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
        return dataset

    def seen_by(self, include_internal: bool) -> Dataset:
        """This dataset as a user may see it: without internal details unless they asked for them."""
        if include_internal or not self.include_internal:
            return self
        return Dataset(self.root, [replace(doc) for doc in self.documents], include_internal=False)

    # ------------------------------------------------------------------ records

    def records(self, kind: str) -> Iterator[tuple[Document, Any]]:
        """(document, record) for every valid record of a kind, in file order."""
        return iter(self._records.get(kind, []))

    @cached_property
    def _records(self) -> dict[str, list[tuple[Document, Any]]]:
        out: dict[str, list[tuple[Document, Any]]] = defaultdict(list)
        for doc in self.documents:
            if doc.kind is not None and doc.record is not None:
                out[doc.kind].append((doc, doc.record))
        return out

    def all(self, kind: str) -> list[Any]:
        return [record for _, record in self._records.get(kind, [])]

    def get(self, kind: str, id: str | None) -> Any:
        """The valid record of that kind and id, or None."""
        doc = self.first_valid(kind, id) if id is not None else None
        return doc.record if doc is not None else None

    def name_of(self, kind: str, id: str | None) -> str | None:
        """A referenced record's name (an id that names nothing stays itself)."""
        if id is None:
            return None
        for candidate in (PARTY_KINDS if kind == "party" else (kind,)):
            record = self.get(candidate, id)
            if record is not None:
                return getattr(record, "name", id)
        return id

    # ------------------------------------------------------------------ who points at whom

    @cached_property
    def _referrers(self) -> dict[tuple[str, str, str], list[Any]]:
        """(kind, field, id) -> the records of `kind` whose top-level `field` holds `id`."""
        index: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
        for kind in KINDS:
            records = self.all(kind)
            if not records:
                continue
            model = type(records[0])
            fields = [name for name in model.model_fields if ref_kind(model, name)]
            for record in records:
                for name in fields:
                    value = getattr(record, name)
                    for id in value if isinstance(value, list) else [value]:
                        if id is not None:
                            index[(kind, name, id)].append(record)
        return index

    def referring(self, kind: str, field: str, id: str) -> list[Any]:
        """The records of `kind` whose `field` names `id` (a body's sub-bodies: council, parent)."""
        return self._referrers.get((kind, field, id), [])

    # ------------------------------------------------------------------ seats

    @cached_property
    def _seats(self) -> dict[str, dict[str, list[Seat]]]:
        index: dict[str, dict[str, list[Seat]]] = {"contact": defaultdict(list), "council": defaultdict(list),
                                                   "party": defaultdict(list)}
        for council in self.all("council"):
            for m in council.memberships:
                index["council"][council.id].append((council, m))
                if m.contact:
                    index["contact"][m.contact].append((council, m))
                if m.on_behalf_of:
                    index["party"][m.on_behalf_of].append((council, m))
        return index

    def seats_of(self, contact: str) -> list[Seat]:
        return self._seats["contact"].get(contact, [])

    def seats_for(self, party: str) -> list[Seat]:
        """The seats held on behalf of an organisation or body."""
        return self._seats["party"].get(party, [])

    # ------------------------------------------------------------------ pacts and events

    @cached_property
    def placed(self) -> list[meaning.PlacedNode]:
        """Every pillar, cluster and action of every pact, placed, in file order."""
        return [placed for pact in self.all("pact") for placed in meaning.placed_nodes(pact)]

    @cached_property
    def placed_by_pact(self) -> dict[str, dict[str, meaning.PlacedNode]]:
        index: dict[str, dict[str, meaning.PlacedNode]] = defaultdict(dict)
        for placed in self.placed:
            index[placed.pact.id][placed.node.id] = placed
        return index

    @cached_property
    def pact_nodes(self) -> dict[str, dict[str, Node]]:
        """pact id -> local id -> pillar, cluster or action."""
        return {pact: {id: p.node for id, p in nodes.items()} for pact, nodes in self.placed_by_pact.items()}

    def actions(self) -> list[meaning.PlacedNode]:
        return [p for p in self.placed if p.level == "action"]

    @cached_property
    def events(self) -> list[PlacedEvent]:
        """Every event of every pact node and project, by date."""
        found = [PlacedEvent("pact", p.pact.id, p.node.id, e) for p in self.placed for e in p.node.events]
        found += [PlacedEvent("project", project.id, None, e) for project in self.all("project") for e in project.events]
        return sorted(found, key=lambda e: (e.event.start_date.earliest, e.key))

    def owner_councils(self, placed: PlacedEvent) -> list[str]:
        """The bodies an event belongs to: its own, else its node's, else its pact's or project's."""
        if placed.event.councils:
            return list(placed.event.councils)
        if placed.owner_kind == "project":
            project = self.get("project", placed.owner)
            return list(project.councils) if project else []
        node = self.pact_nodes.get(placed.owner, {}).get(placed.node or "")
        if node is not None and node.councils:
            return list(node.councils)
        pact = self.get("pact", placed.owner)
        return list(pact.councils) if pact is not None else []


def find_dataset_root(paths: list[Path]) -> Path | None:
    """The dataset folder that the given paths lie in (the first that has one)."""
    for path in paths:
        root = find_root(path)
        if root is not None:
            return root
    return None


__all__ = ["Dataset", "KindIndex", "PlacedEvent", "Seat", "When", "find_dataset_root"]
