"""What fmt remembers between runs: which file contents are already in canonical form.

The canonical form of a file depends on its bytes, on its form (its kind, which orders the
keys, and its depth, which the schema line counts) and on the tool (the cache's fingerprint).
So a (content hash, form) pair once found canonical stays canonical, whichever file has that
content; the pairs live in the validation cache (cache.py, table `canonical`), which is this
user's and this tool's or not used at all. A file is then

- not read at all when its stamp is the one the cache recorded with its content hash (size,
  mtime, ctime, inode, outside the racy window: cache.unchanged) and that content is known
  canonical;
- read and hashed, but not parsed, when its content is known canonical;
- checked in full otherwise, and remembered when it is canonical. A file that is not is never
  remembered: fmt has to say so, or write it, every time.

Nothing here imports the models or the YAML library, so a run with nothing left to check
costs a scan of the folder and two queries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .kinds import kind_of_rel
from .loading import scan_stats

Pair = tuple[str, str]  # (content hash, form)


def form(rel: str) -> str:
    """What a file's canonical form depends on besides its bytes: its kind and its depth."""
    return f"{kind_of_rel(rel)}:{rel.count('/')}"


def fmt_scope(root: Path, only: list[Path] | None = None) -> list[tuple[str, os.stat_result]]:
    """The dataset's files that fmt looks at, with their stat: those in or under `only`, or all."""
    wanted = [p.resolve() for p in only or []]
    return [(rel, status) for rel, status in scan_stats(root)
            if not wanted or any(w == (root / rel).resolve() or w in (root / rel).resolve().parents for w in wanted)]


@dataclass
class Known:
    """The pairs the cache holds, and those this run has seen canonical (to keep them)."""

    root: Path
    state: cache.State
    pairs: set[Pair]
    seen: set[Pair] = field(default_factory=set)
    hashed: int = 0  # files read and hashed by `canonical`
    reused: int = 0  # of which known canonical, so not parsed

    @classmethod
    def load(cls, root: Path) -> Known:
        return cls(root, cache.load(root), cache.load_canonical(root))

    def unsettled(self, files: list[tuple[str, os.stat_result]]) -> list[str]:
        """The record files fmt has to read: all but those whose stamp says they still have a
        content known canonical."""
        todo = []
        for rel, status in files:
            if kind_of_rel(rel) is None:
                continue
            entry = cache.unchanged(self.state, rel, cache.stamp(status))
            if entry is None or not self._known(entry.sha, rel):
                todo.append(rel)
        return todo

    def canonical(self, rel: str, path: Path) -> bool:
        """True when the file's bytes are known canonical (it need not be parsed). A file that
        cannot be read is not: the full check says why, where."""
        self.hashed += 1
        try:
            known = self._known(cache.content_hash(path.read_bytes()), rel)
        except OSError:
            return False
        self.reused += known
        return known

    def remember(self, rel: str, raw: bytes) -> None:
        """These bytes were found canonical for this file."""
        self.seen.add((cache.content_hash(raw), form(rel)))

    def _known(self, sha: str, rel: str) -> bool:
        pair = (sha, form(rel))
        if pair in self.pairs:
            self.seen.add(pair)
            return True
        return False

    def save(self, prune: bool) -> None:
        """Keep what this run found; with `prune` (it looked at every file, to the end), forget
        the contents no file has any more. Writes nothing when nothing changed."""
        found = self.seen - self.pairs
        stale = self.pairs - self.seen if prune else set()
        if found or stale:
            cache.save_canonical(self.root, found, stale)
