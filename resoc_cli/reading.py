"""Reading the dataset through the read index: a file's record comes from the cache when its
content was read before, and is parsed and checked only when it is new.

Every command that reads the dataset goes through `read_documents`. It takes the same pass over
the files as `validate` (checking.check_tree): a file whose stamp is what the cache recorded is
not opened, a file whose stamp changed is hashed, and only a content never seen is parsed. The
records of known contents are taken from the cache's `records` table as JSON text, and read by
their own models, which check them again (pydantic's JSON validation: data in, never code),
only when the dataset is asked for them (dataset.py): `show` reads a few records, not 25,000. What this pass
learned is saved for the next command and for `validate`, in one transaction; a cache that
cannot be used makes the pass parse every file, as a cold run does, and is never an error.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

from . import cache
from .checking import FileResult, Unchanged, check_files, check_tree, index_rows, stored_of
from .loading import YAML_SUFFIXES, Document, display_path, scan_stamps, scans_into, stamp_of
from .kinds import kind_of_rel, top_folder


@dataclasses.dataclass
class Reading:
    """What one read pass found: every document, and the pass itself when it changed nothing."""

    documents: list[Document]
    unchanged: Unchanged | None = None


def read_documents(root: Path, use_cache: bool = True, keep_pass: bool = False) -> Reading:
    """Every file below `root` as a document, with its record (None when it does not load) and
    its own findings, in path order (read_rows).  `keep_pass` asks for the full pass, which
    validation may reuse."""
    rows, unchanged = read_rows(root, use_cache, keep_pass)
    make = _maker(root)
    for n, row in enumerate(rows):  # in place: the rows and the documents are not held side by side
        rows[n] = make(row)  # type: ignore[call-overload]
    return Reading(rows, unchanged)  # type: ignore[arg-type]


def read_rows(root: Path, use_cache: bool = True, keep_pass: bool = False, whole: bool = True,
              prune: bool = True) -> tuple[list[cache.TreeRow], Unchanged | None]:
    """Every file below `root` as its row of the tree (path, content hash, findings, read index
    row), in path order, and the pass itself when it changed nothing and `keep_pass` asks for it.

    When every file has the stamp it had at the end of the last pass that could say so (none
    touched within the racy window), that pass's rows are read back whole (cache.load_tree):
    no file's entry, no merge with the index. `keep_pass` asks for the full pass, and so does
    `whole=False`: a folder's own key did not match (Folders), so the full pass writes the keys
    again. `prune=False`: no index row is dropped, for a dataset read one folder at a time that
    has read a folder from the tree already (it may still ask for that folder's records)."""
    scanned = scan_stamps(root)
    key = cache.tree_key(scanned) if use_cache else ""
    if use_cache and not keep_pass and whole:
        kept = cache.load_tree(root, key, [rel for rel, _ in scanned], _same)
        if kept is not None:
            return kept, None
    folders = cache.folder_keys(scanned) if use_cache else {}
    state = cache.load(root) if use_cache else cache.State(fingerprint="")
    checked = check_tree(root, state, use_cache, scanned=scanned)
    del scanned  # 14 MB at 100,000 files, not to be held through the rest of the pass
    fresh = dict(checked.fresh)
    kinds = {rel: kind_of_rel(rel) for rel in checked.entries}
    known = [(entry.sha, rel) for rel, entry in checked.entries.items() if rel not in fresh and kinds[rel] is not None]
    stored = {rel: found for rel, result in fresh.items() if (found := _stored(result)) is not None}
    if use_cache and known:
        with closing(cache.load_records(root)) as rows:  # its connection closed before this pass saves
            stored.update(_from_index(rows, known, kinds))
    lost = [root / rel for _, rel in known  # valid, but not in the index (a cache written before it had one)
            if rel not in stored and not any(f.severity == "error" for f in checked.entries[rel].findings)]
    fresh.update(_recheck(root, lost, stored, checked.entries))
    if use_cache and (fresh or checked.touched):
        _save(root, state, checked.entries, fresh, prune)
    unchanged = Unchanged(root.resolve(), state, checked.entries) if use_cache and not fresh and not checked.touched else None

    def tree_rows() -> Iterator[cache.TreeRow]:  # made as they are read, twice, not held (10 MB at 100,000 files)
        return ((rel, entry.sha, entry.findings, stored.get(rel)) for rel, entry in checked.entries.items())

    if use_cache and cache.settled(state, checked.entries):  # the next command, if no stamp changes, reads these back whole
        stamped = ((row, checked.entries[row[0]][:4]) for row in tree_rows())
        cache.save_tree(root, key, folders, stamped, again=not keep_pass)  # not keep_pass: the kept tree was tried, and not taken
    return list(tree_rows()), unchanged


def _same(row: cache.TreeRow) -> cache.TreeRow:
    return row


_PLAIN_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")  # an id that names a file in its folder, and nothing else


class Folders:
    """Where a dataset read lazily takes its documents from, one top folder at a time: a list of
    regions reads the regions and the bodies it counts, not 14,500 people.

    A folder whose files all have the stamps they had when the kept tree was written (its own
    key, cache.folder_keys) is read back from the tree alone: its scan stats only its files.
    The first folder that is not takes the full pass over every file (read_rows), once, and
    every later folder comes from it; that pass writes the folders' keys again, and drops no
    index row when a folder was read from the tree already (its records are read later, from
    the index, and must be those its rows named, not a file's newer content). Each call makes
    new documents (a document keeps the record read for it): two datasets that share this, as
    two users may see them, share none."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.make = _maker(root)
        self._rows: dict[str, list[cache.TreeRow]] | None = None
        self._kept = False  # whether a folder was read from the tree
        self.kept_files = cache.TreeFiles(root)

    def folder(self, name: str) -> list[Document]:
        """The documents of the files below one folder right below the root, in path order."""
        if self._rows is None:
            scanned = scan_stamps(self.root, name)
            kept = cache.load_tree(self.root, cache.tree_key(scanned), [rel for rel, _ in scanned], self.make, name)
            if kept is not None:
                self._kept = True
                return kept
            self._read(whole=False)
        assert self._rows is not None
        return [self.make(row) for row in self._rows.get(name, [])]

    def files(self, folder: str, id: str) -> list[Document] | None:
        """The documents of a record kept flat in `folder` (folder/<id>.yaml or .yml), read from
        those files' own rows of the kept tree when each still has the stamp its row recorded
        (cache.TreeFiles.row), without reading the folder: a report that names twelve people
        reads twelve rows, not 14,500. None when that cannot be said (an id that is not a plain
        file name, a file the tree does not vouch for, a full pass already taken): the caller
        reads the folder."""
        if self._rows is not None or not _PLAIN_ID.fullmatch(id) or not scans_into(self.root, folder):
            return None
        found = []
        for suffix in YAML_SUFFIXES:
            rel = f"{folder}/{id}{suffix}"
            try:
                status = os.stat(os.path.join(self.root, rel))
            except FileNotFoundError:
                continue  # not there: the folder's scan would not list it either
            except OSError:
                return None
            if not stat.S_ISREG(status.st_mode):
                continue  # a folder or a device named like a record: the scan leaves it out too
            doc = self.kept_files.row(rel, stamp_of(status), self.make)
            if doc is None:
                return None
            found.append(doc)
        self._kept = self._kept or bool(found)  # rows read from the tree: a later full pass keeps their records
        return found

    def everything(self) -> list[Document]:
        """Every file's document, in path order, misplaced files too (read_documents)."""
        if self._rows is None:
            self._read(whole=True)
        assert self._rows is not None
        return sorted((self.make(row) for rows in self._rows.values() for row in rows), key=lambda doc: doc.rel)

    def _read(self, whole: bool) -> None:
        rows: dict[str, list[cache.TreeRow]] = {}
        for row in read_rows(self.root, whole=whole, prune=not self._kept)[0]:
            rows.setdefault(top_folder(row[0]), []).append(row)
        self._rows = rows  # only once the pass is whole: one that failed is taken again when asked


def _from_index(rows: Iterator[tuple[str, str, cache.Stored]], known: list[tuple[str, str]],
                kinds: dict[str, str | None]) -> dict[str, cache.Stored]:
    """The stored record of each known file (content hash, path), taken from the index's rows in
    step with the files sorted by hash (both in hash order), so that no row is kept but the
    ones a file has. Files of the same content each get theirs; a kind must match the file's."""
    ordered = sorted(known)
    found: dict[str, cache.Stored] = {}
    at = 0
    for sha, kind, row in rows:
        while at < len(ordered) and ordered[at][0] < sha:
            at += 1
        if at == len(ordered):
            break
        same = at
        while same < len(ordered) and ordered[same][0] == sha:
            if kinds[ordered[same][1]] == kind:
                found[ordered[same][1]] = row
            same += 1
    return found


def _stored(result: FileResult) -> cache.Stored | None:
    return stored_of(result) if result.stored is not None else None


def _recheck(root: Path, paths: list[Path], stored: dict[str, cache.Stored], entries: dict[str, cache.Entry]) -> dict[str, FileResult]:
    results = {r.rel: r for r in check_files(paths, root)}
    for rel, result in results.items():
        if (found := _stored(result)) is not None:
            stored[rel] = found
        entries[rel] = entries[rel]._replace(findings=result.findings)
    return results


def _save(root: Path, state: cache.State, entries: dict[str, cache.Entry], fresh: dict[str, FileResult],
          prune: bool = True) -> None:
    """Keep what this pass learned: new files' entries, facts and records; new stamps of known
    contents. The dataset's own findings stay as they were: `validate` sees the new files."""
    cache.save(root, dataclasses.replace(state, files=entries), {rel: r.facts for rel, r in fresh.items()},
               previous=state, changed=set(fresh), records=index_rows(fresh.values()), prune=prune)


def _maker(root: Path) -> Callable[[cache.TreeRow], Document]:
    """What makes a document of a file's row, with its path as people read it (computed once for
    the folder, not per file). A record is read from its JSON by its model when it is first
    asked for (Dataset.record_of), whether this pass parsed the file or found it in the index:
    either way it was checked. A finding list is copied only where there are findings."""
    shown = display_path(root)
    prefix = "" if shown == "." else f"{shown}/"

    def make(row: cache.TreeRow) -> Document:
        rel, sha, findings, stored = row
        return Document.indexed(root, rel, prefix + rel, kind_of_rel(rel),
                                [dataclasses.replace(f, file=f"{prefix}{f.file}") for f in findings] if findings else [],
                                stored, sha)

    return make
