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

A whole run that finds every file canonical also remembers the key of the whole tree (every
path and stamp: cache.tree_key), when no file was touched within the racy window before it
began; the next whole run that scans the same key reads nothing else: 25,000 files cost a
scan of the folder and one query.

Nothing here imports the models or the YAML library, so a run with nothing left to check
costs a scan of the folder and two queries.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .kinds import kind_of_rel
from .loading import Stamp, scan_stamps

Pair = tuple[str, str]  # (content hash, form)
CANONICAL_TREE = "canonical_tree"  # the meta value: the tree key of the last whole run that found every file canonical


def form(rel: str) -> str:
    """What a file's canonical form depends on besides its bytes: its kind and its depth."""
    return f"{kind_of_rel(rel)}:{rel.count('/')}"


def fmt_scope(root: Path, only: list[Path] | None = None) -> list[tuple[str, Stamp]]:
    """The dataset's files that fmt looks at, with their stat: those in or under `only`, or all."""
    wanted = [p.resolve() for p in only or []]
    return [(rel, seen) for rel, seen in scan_stamps(root)
            if not wanted or any(w == (root / rel).resolve() or w in (root / rel).resolve().parents for w in wanted)]


@dataclass
class Known:
    """The pairs the cache holds, and those this run has seen canonical (to keep them); the files
    it looks at (`scope`) and, for a whole run, the key of the tree they make."""

    root: Path
    state: cache.State
    pairs: set[Pair]
    scope: list[tuple[str, Stamp]] = field(default_factory=list)
    whole: str | None = None  # the tree key of a whole run's files, None for a part or a racy tree
    all_canonical: bool = False  # the last whole run with this key found every file canonical
    seen: set[Pair] = field(default_factory=set)
    hashed: int = 0  # files read and hashed by `canonical`
    reused: int = 0  # of which known canonical, so not parsed

    @classmethod
    def load(cls, root: Path, only: list[Path] | None = None) -> Known:
        """What the cache knows of the files in or under `only` (all of them by default)."""
        started = time.time_ns()
        scope = fmt_scope(root, only)
        whole = cache.settled_key(scope, started) if not only else None
        if whole is not None and cache.meta_value(root, CANONICAL_TREE) == whole:
            return cls(root, cache.State(fingerprint=""), set(), scope, whole, all_canonical=True)
        return cls(root, cache.load(root), cache.load_canonical(root), scope, whole)

    def unsettled(self) -> list[str]:
        """The record files fmt has to read: all but those whose stamp says they still have a
        content known canonical."""
        if self.all_canonical:
            return []
        todo = []
        for rel, seen in self.scope:
            if kind_of_rel(rel) is None:
                continue
            entry = cache.unchanged(self.state, rel, seen)
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

    def save(self, prune: bool, all_canonical: bool = False) -> None:
        """Keep what this run found; with `prune` (it looked at every file, to the end), forget
        the contents no file has any more, and with `all_canonical` (it found them all canonical,
        and changed none) remember the whole tree's key. Writes nothing when nothing changed."""
        if self.all_canonical:
            return
        found = self.seen - self.pairs
        stale = self.pairs - self.seen if prune else set()
        if found or stale:
            cache.save_canonical(self.root, found, stale)
        if prune and all_canonical and self.whole is not None:
            cache.save_meta_value(self.root, CANONICAL_TREE, self.whole)
