"""The loaded dataset: its documents, with their records, indexed by kind and id.

Queries, reports, plans and exports read whole records through here. Validation does not:
it checks each file on its own and the dataset through the files' facts (checking.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .journal import recover
from .loading import Document, find_root, load_document, yaml_files
from .models import Node
from .walk import walk_nodes



@dataclass
class Dataset:
    """Every document below one dataset folder."""

    root: Path
    documents: list[Document] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path) -> Dataset:
        recover(root)  # a change interrupted by a crash is finished before anything is read
        return cls(root=root, documents=[load_document(path, root) for path in yaml_files(root)])

    @cached_property
    def by_kind(self) -> dict[str, dict[str, list[Document]]]:
        """kind -> id -> documents. Ids come from file names, so a file with a broken schema
        still answers for its id and does not make every reference to it fail as well."""
        index: dict[str, dict[str, list[Document]]] = {}
        for doc in self.documents:
            if doc.kind is not None:
                index.setdefault(doc.kind, {}).setdefault(doc.stem, []).append(doc)
        return index

    def ids(self, kind: str) -> set[str]:
        return set(self.by_kind.get(kind, {}))

    def records(self, kind: str) -> Iterator[tuple[Document, Any]]:
        """(document, record) for every valid record of a kind."""
        for doc in self.documents:
            if doc.kind == kind and doc.record is not None:
                yield doc, doc.record

    def get(self, kind: str, id: str) -> Any:
        """The valid record of that kind and id, or None."""
        for doc in self.by_kind.get(kind, {}).get(id, []):
            if doc.record is not None:
                return doc.record
        return None

    def exists(self, kind: str, id: str) -> bool:
        if kind == "party":
            return id in self.by_kind.get("organisation", {}) or id in self.by_kind.get("council", {})
        return id in self.by_kind.get(kind, {})

    @cached_property
    def pact_nodes(self) -> dict[str, dict[str, Node]]:
        """pact id -> local id -> pillar, cluster or action."""
        return {record.id: {node.id: node for _, node in walk_nodes(record)} for _, record in self.records("pact")}


def find_dataset_root(paths: list[Path]) -> Path | None:
    """The dataset folder that the given paths lie in (the first that has one)."""
    for path in paths:
        root = find_root(path)
        if root is not None:
            return root
    return None

