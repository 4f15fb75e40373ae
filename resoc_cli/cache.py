"""The validation cache: results of unchanged files, and of an unchanged dataset, kept between runs.

Correctness first: a cached result is used only when it cannot differ from a fresh one. And the
cache is data, never code: everything in a clone is untrusted, so nothing in the cache can make
the tool run anything, and a cache the tool did not make itself is never read.

- Format: one SQLite file (the standard library's sqlite3): integers and JSON text, no pickle.
  A save is one transaction, so a killed run leaves the old cache or the new one. Findings are
  stored as JSON lists, facts as JSON built from their type hints and read back only into
  those types (a date as its text, read again with When.parse).
- Where: outside the project, in `$XDG_CACHE_HOME/resoc/validate/` (default ~/.cache), or in
  $RESOC_CACHE_DIR. The file's name is an HMAC of this user's id and the data folder's absolute
  path under a random key made on first use and kept in `$XDG_CACHE_HOME/resoc/key` (mode
  600): never in a repository, different on every machine and for every user. A cache file
  committed into a clone, copied from another machine or made by another user therefore does
  not carry that name and is never opened, even when $RESOC_CACHE_DIR points into the tree.
  A file that has the name is used only when it is a regular file owned by this user and
  writable by no one else, holds exactly the tables below (no trigger, no view), and records
  this user's id, the token (a second HMAC), the format and the tool's fingerprint; all of
  that is checked before any cached value is read.
- Keyed on content: a file is taken as unchanged without reading it only when its size,
  mtime_ns, ctime_ns and inode are all those recorded (`touch -r`, a checkout or a copy tool
  can restore mtime, but not ctime) and neither time stamp lies within RACY_NS of the start of
  the run that recorded it (the "racy" case git knows: a later edit within the same clock tick
  keeps the time stamps); otherwise it is read and hashed (SHA-256) again.
- Everything is keyed by a fingerprint of the tool itself (its version, the text of every one
  of its modules, the versions of the libraries whose answers it caches), so a new version,
  a changed schema or a changed rule set starts from nothing.
- The dataset findings are reused only when every file's hash, the file list and the --as-of
  day are what they were.

A cache that is missing, corrupt, foreign, locked or cannot be written is simply not used, and
rebuilt when it can be; it is never an error.

Tables: `meta(key, value)` and `files(path, size, mtime_ns, ctime_ns, inode, checked_ns, sha,
findings, valid, facts)`. A files row says "a file at this path with these stamps had this
content hash, and these are its results"; each row is right on its own, so rows written by two
runs at once never mix into a wrong answer.

The read index is two tables keyed by content alone, joined on `files.sha`, so that every
command that reads the dataset parses only the files whose content it has not seen
(reading.py); rows no file refers to any more are dropped when the cache is saved.
`records(sha, kind, refs, cites, name)` holds what every command reads of every file: the ids a
record refers to, one "field path<TAB>id" a line, so that "who points at X" is answered without
reading every record, what it cites (JSON, citing.py), so that "who cites this source" is too,
and its name as anyone may see it, so that a list of a body's members names them without
reading 14,500 people. `texts(kind, sha, record)` holds the validated record itself, as
pydantic's JSON (data, read back by the record's own model, which checks it again), ordered by
kind: a command reads the texts of the kinds it looks at, when it looks (`load_record_texts`),
not the 19 MB of all of them at 25,000 files.

`tree(folder, n, path, sha, findings, refs, cites, name)` keeps what the last pass that could
vouch for every file (none touched within the racy window) made of each, in path order, under
the key of every file's stamps (meta `tree`) and of each top folder's (meta `tree_folders`): a
command whose scan gives the same key reads it back instead of every file's entry, and a
dataset read lazily (dataset.py) reads one folder's rows when that folder's key is unchanged.

Another table keyed by content alone joins on `files.sha`:
`canonical(sha, form)` says "this content is in canonical form for a file of this form" (kind
and depth, cache_fmt.py), which holds whatever file has it; fmt keeps it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import stat
import sys
import time
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .collector import resting
from .findings import Finding
from .kinds import TOP_FOLDERS, top_folder
from .loading import Stamp  # size, mtime_ns, ctime_ns, inode: the first four fields of an Entry
from .when import When
from .cache_codec import _findings, _plain, _reader, _positional, _same, _when  # noqa: F401
from .cache_place import _home, cache_dir, _private, _key, _read_key, _make_key, _sign, cache_file, _token  # noqa: F401

FORMAT = 8
RACY_NS = 2_000_000_000  # files modified this close to the start of the run that recorded them are hashed again
LIBRARIES = ("belgica", "phonenumbers", "email-validator", "pydantic", "ruamel.yaml")
LOCK_TIMEOUT = 1.0  # seconds to wait for another run's write; then this run leaves the cache alone
PRUNE_AFTER = 30 * 86_400  # cache files not written for this many seconds are removed
SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, "
    "ctime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, checked_ns INTEGER NOT NULL, sha TEXT NOT NULL, "
    "findings TEXT, valid INTEGER NOT NULL, facts TEXT)",
    "CREATE TABLE records (sha TEXT NOT NULL, kind TEXT NOT NULL, refs TEXT NOT NULL, cites TEXT NOT NULL, name TEXT, "
    "PRIMARY KEY (sha, kind)) WITHOUT ROWID",
    "CREATE TABLE texts (kind TEXT NOT NULL, sha TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (kind, sha)) WITHOUT ROWID",
    "CREATE TABLE canonical (sha TEXT NOT NULL, form TEXT NOT NULL, PRIMARY KEY (sha, form)) WITHOUT ROWID",
    "CREATE TABLE tree (folder TEXT NOT NULL, n INTEGER NOT NULL, path TEXT NOT NULL, sha TEXT NOT NULL, findings TEXT, "
    "refs TEXT, cites TEXT, name TEXT, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, "
    "inode INTEGER NOT NULL, PRIMARY KEY (folder, n)) WITHOUT ROWID",
)
INDEXES = ("CREATE INDEX tree_path ON tree (path)",)
# What sqlite_master must hold: the tables and index above and the index of files' primary key, nothing else.
EXPECTED = {("table", sql.split()[2], sql) for sql in SCHEMA} | {("index", sql.split()[2], sql) for sql in INDEXES} \
    | {("index", "sqlite_autoindex_files_1", None)}
_BROKEN = (OSError, sqlite3.Error, ValueError, TypeError, KeyError, IndexError, AttributeError)


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the cached results depend on besides the data: the tool's code and its libraries.

    Asked by every command that reads the dataset, so it is made cheaply: the package's sources
    found with os.scandir, the libraries' versions from their .dist-info folders' names
    (importlib.metadata parses each one's METADATA: 10 of the 13 ms this took)."""
    from . import __version__

    digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    package = Path(__file__).resolve().parent
    for rel in _sources(str(package)):
        digest.update(rel.encode())
        digest.update((package / rel).read_bytes())
    versions = _versions(LIBRARIES)
    for library in LIBRARIES:
        digest.update(f"{library}={versions[library]}".encode())
    return digest.hexdigest()


def _sources(package: str) -> list[str]:
    """The .py files below the package folder, relative to it with /, in the order sorted()
    gives pathlib's paths (by their parts)."""
    found: list[str] = []
    pending = [("", package)]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".py"):
                    found.append(f"{prefix}{entry.name}")
    return sorted(found, key=lambda rel: rel.split("/"))


def _versions(libraries: tuple[str, ...]) -> dict[str, str]:
    """Each library's installed version ("?" when it is not installed): from the name of the first
    `<name>-<version>.dist-info` folder on sys.path, as importlib.metadata would find it; a
    library found no such way is asked of importlib.metadata."""
    wanted = {_normal(name): name for name in libraries}
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for item in names:
            if item.endswith(".dist-info"):
                name, _, version = item[: -len(".dist-info")].rpartition("-")
                library = wanted.get(_normal(name))
                if library is not None and library not in found and version:
                    found[library] = version
    for library in libraries:
        if library not in found:
            from importlib.metadata import PackageNotFoundError, version

            try:
                found[library] = version(library)
            except PackageNotFoundError:
                found[library] = "?"
    return found


def _normal(name: str) -> str:
    """A distribution's name as packaging compares them (PEP 503): case and runs of -_. alike."""
    return re.sub(r"[-_.]+", "-", name).lower()


def content_hash(data: bytes) -> str:
    """The key of a file's content (SHA-256: no two contents an attacker could make collide)."""
    return hashlib.sha256(data).hexdigest()


class Entry(NamedTuple):
    """A file as it was checked: its stamp and content hash, its own findings, and when the run
    that recorded it started (0 until it is saved)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    sha: str
    findings: Sequence[Finding]  # NO_FINDINGS, shared, for most files
    checked_ns: int = 0


NO_FINDINGS: tuple[Finding, ...] = ()  # an entry's findings when it has none: not an empty list per file (6 MB at 100,000)


@dataclass
class State:
    """What one run leaves for the next. The files' facts stay in the store, read only when the
    cross-file rules have to run again (something changed)."""

    fingerprint: str
    started_ns: int = 0  # when this run began, before any file was looked at
    files: dict[str, Entry] = field(default_factory=dict)  # path relative to the dataset root -> entry
    dataset_key: str = ""
    dataset_findings: list[Finding] = field(default_factory=list)


# ---------------------------------------------------------------------------- opening


@contextmanager
def _opened(root: Path) -> Iterator[tuple[sqlite3.Connection, dict[str, str]] | None]:
    """The cache of `root` and its meta values when it is this user's, of this tool, intact;
    None otherwise. Raises sqlite3.OperationalError when another run holds it locked."""
    opened = _connect(root)
    if opened is None:
        yield None
        return
    with closing(opened[0]):
        yield opened


def _connect(root: Path) -> tuple[sqlite3.Connection, dict[str, str]] | None:
    """Open the cache and check it; nothing but sqlite_master and meta is read before it is
    known to be this user's, made on this machine, by this version of the tool."""
    path = cache_file(root)
    try:
        if path is None or not _private(os.lstat(path)):
            return None
        connection = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=LOCK_TIMEOUT, isolation_level=None)
    except OSError:
        return None
    try:
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA cell_size_check = ON")
        meta = dict(connection.execute("SELECT key, value FROM meta")) if _schema_fits(connection) else {}
        wanted = {"format": str(FORMAT), "uid": str(os.getuid()), "fingerprint": fingerprint()}
        if all(meta.get(name) == value for name, value in wanted.items()) \
                and hmac.compare_digest(meta.get("token", ""), _token(root) or "-"):
            return connection, meta
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            connection.close()
            raise  # another run is writing it: leave it alone, do not replace it
    except _BROKEN:
        pass
    connection.close()
    return None


def _schema_fits(connection: sqlite3.Connection) -> bool:
    return set(connection.execute("SELECT type, name, sql FROM sqlite_master")) == EXPECTED


def load(root: Path) -> State:
    """The state the last run saved, or an empty one when there is none, or it is not this
    user's, or it no longer fits, or it cannot be read."""
    started = time.time_ns()
    try:
        with _opened(root) as opened:
            if opened is None:
                return State(fingerprint=fingerprint(), started_ns=started)
            connection, meta = opened
            files = {path: Entry(size, mtime, ctime, inode, sha, _findings(found) if found else NO_FINDINGS, checked)
                     for path, size, mtime, ctime, inode, checked, sha, found in connection.execute(
                         "SELECT path, size, mtime_ns, ctime_ns, inode, checked_ns, sha, findings FROM files")}
            return State(fingerprint(), started, files, meta.get("dataset_key", ""), _findings(meta.get("dataset_findings")))
    except _BROKEN:
        return State(fingerprint=fingerprint(), started_ns=started)


def load_facts(root: Path, state: State) -> dict[str, Any]:
    """The facts (path -> facts) stored for the files of `state` with the content `state` knows.
    A row that cannot be read is left out; the caller checks those files again.

    Most files (people, mostly) contribute nothing to the cross-file rules but their id, which
    their path gives; those are stored as a bare flag and rebuilt here.
    """
    from .rules.facts import Facts, bare_facts

    read = _reader(Facts)
    facts: dict[str, Any] = {}
    try:
        with _opened(root) as opened, resting(keep=True):  # 25,000 files' facts: 0.87 s with the collector, 0.33 s without
            rows = opened[0].execute("SELECT path, sha, valid, facts FROM files") if opened else ()
            for rel, sha, valid, text in rows:
                entry = state.files.get(rel)
                if entry is None or entry.sha != sha:
                    continue
                try:
                    item = bare_facts(rel, bool(valid)) if text is None else read(json.loads(text))
                except _BROKEN:
                    continue
                if item.rel == rel:
                    facts[rel] = item
    except _BROKEN:
        pass
    return facts


# A record as JSON, its references ("field path<TAB>id" lines), its citations (JSON) and its name
# as anyone may see it (None for a record internal as a whole). Read back from the index, the
# JSON is IN_INDEX: its text is read when the record is (load_record_texts).
Stored = tuple[str, str, str, str | None]
Records = dict[tuple[str, str], Stored]  # (content hash, kind) -> what is stored of it
IN_INDEX = ""  # a record's JSON that is in the read index, not read yet (a record's JSON is never empty)


def load_records(root: Path) -> Iterator[tuple[str, str, Stored]]:
    """(content hash, kind, what is stored) of every record in the read index, in the index's own
    order (hash, then kind), the record's JSON itself left in the index (IN_INDEX). Read a row at
    a time, so that a read of 100,000 files does not hold a second table of them: a dictionary of
    these by (hash, kind) took 32 MB. Rows no file has are dropped when the cache is saved. A
    record that is not stored, or a cache that cannot be read (or stops reading), is left out
    and the caller parses the file."""
    try:
        with _opened(root) as opened:
            if opened is None:
                return
            for sha, kind, refs, cites, name in opened[0].execute(
                    "SELECT sha, kind, refs, cites, name FROM records ORDER BY sha, kind"):  # the key's order: no sort
                if isinstance(refs, str) and isinstance(cites, str) and isinstance(name, (str, type(None))):
                    yield sha, kind, (IN_INDEX, refs, cites, name)
    except _BROKEN:
        return


def load_record_texts(root: Path, kind: str) -> dict[str, str]:
    """The stored JSON of the records of one kind, by content hash: what a command reads of the
    kinds it looks at. A text that is not there (a cache replaced since, or unreadable) is left
    out, and the caller reads the file."""
    try:
        with _opened(root) as opened:
            if opened is None:
                return {}
            rows = opened[0].execute("SELECT sha, record FROM texts WHERE kind = ?", (kind,))
            return {sha: text for sha, text in rows if isinstance(sha, str) and isinstance(text, str) and text}
    except _BROKEN:
        return {}


def load_canonical(root: Path) -> set[tuple[str, str]]:
    """The (content hash, form) pairs fmt found in canonical form; none when the cache is not
    this user's, not this tool's, or cannot be read."""
    try:
        with _opened(root) as opened:
            return set(opened[0].execute("SELECT sha, form FROM canonical")) if opened else set()
    except _BROKEN:
        return set()


def tree_key(scanned: Iterable[tuple[str, Stamp]]) -> str:
    """What the stamps of every file say together (path, size, mtime, ctime, inode): the same
    key, the same files with the same stamps, so the same contents (as `unchanged` reasons)."""
    return hashlib.sha256("".join([f"{rel}\0{size}\0{mtime}\0{ctime}\0{inode}\n" for rel, (size, mtime, ctime, inode)
                                   in scanned]).encode("utf-8", "surrogateescape")).hexdigest()


def folder_keys(scanned: Iterable[tuple[str, Stamp]]) -> dict[str, str]:
    """The tree key of each folder right below the root that can hold records (kinds.TOP_FOLDERS),
    of its files alone, as `scan_stamps(root, folder)` lists them: a folder with no file has a
    key too, so that a command can trust it is still empty."""
    by_folder: dict[str, list[tuple[str, Stamp]]] = {folder: [] for folder in TOP_FOLDERS}
    for rel, seen in scanned:
        if (folder := top_folder(rel)) in by_folder:
            by_folder[folder].append((rel, seen))
    return {folder: tree_key(files) for folder, files in by_folder.items()}


TREE = "tree"  # the meta value: the key of the tree the `tree` table holds
FOLDERS = "tree_folders"  # the meta value: each top folder's key (JSON), for the rows of that folder

# One file of the tree as the read pass gives it: path, content hash, its own findings, and its
# read index row (references, citations, name: None when it has no valid record).
TreeRow = tuple[str, str, Sequence[Finding], "Stored | None"]
_TREE_ROW = "path, sha, findings, refs, cites, name"  # the columns `_tree_row` reads, in its order


def load_tree(root: Path, key: str, paths: list[str], make: Callable[[TreeRow], Any],
              folder: str | None = None) -> list[Any] | None:
    """Every file as the last pass that could vouch for it saw it, made by `make` row by row,
    when the tree's stamps are still those (`key`) and its rows are those of `paths`, in order:
    a warm command at 25,000 files then reads one table in path order instead of every file's
    entry, the index's rows and a merge of the two. With `folder`, the files of that folder
    alone, when its own key (folder_keys) is still `key`: a list of regions reads the regions
    and the bodies, not 14,500 people. None when the key differs, a row is not what was
    written, or the cache cannot be read: the caller takes the full pass."""
    made: list[Any] = []
    try:
        with _opened(root) as opened:
            if opened is None or (opened[1].get(TREE) if folder is None else _folder_key(opened[1], folder)) != key:
                return None
            rows = opened[0].execute(f"SELECT {_TREE_ROW} FROM tree ORDER BY n") if folder is None \
                else opened[0].execute(f"SELECT {_TREE_ROW} FROM tree WHERE folder = ? ORDER BY n", (folder,))
            for n, row in enumerate(rows):
                item = _tree_row(*row)
                if n >= len(paths) or item[0] != paths[n]:
                    return None
                made.append(make(item))
    except _BROKEN:
        return None
    return made if len(made) == len(paths) else None


class TreeFiles:
    """The kept tree's rows and the index's texts asked for file by file, over one connection
    opened (and checked, as `_opened` checks) on the first question: a report that names 500
    people asks 1,000 questions, and opening the cache for each took 0.6 ms. Each question is
    run to its end, so no lock is held between them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._opened: tuple[sqlite3.Connection, dict[str, str]] | None = None
        self._tried = False

    def _connection(self) -> sqlite3.Connection | None:
        if not self._tried:
            self._tried = True
            try:
                self._opened = _connect(self.root)
            except _BROKEN:
                self._opened = None
        return self._opened[0] if self._opened is not None else None

    def _rows(self, sql: str, values: tuple[str, ...]) -> list[Any] | None:
        try:
            connection = self._connection()
            return connection.execute(sql, values).fetchall() if connection is not None else None
        except _BROKEN:
            return None

    def row(self, rel: str, stamp: Stamp, make: Callable[[TreeRow], Any]) -> Any | None:
        """One file's row of the kept tree, made by `make`, when the file still has the stamp the
        row recorded: the pass that wrote the tree vouched for every file at its stamp, so the
        row is that file's, whatever became of the others. None when the row is not there, not
        that stamp's, damaged, or the cache cannot be read: the caller reads the folder."""
        rows = self._rows(f"SELECT {_TREE_ROW}, size, mtime_ns, ctime_ns, inode FROM tree WHERE path = ?", (rel,))
        if rows is None or len(rows) != 1 or tuple(rows[0][6:]) != tuple(stamp):
            return None
        try:
            return make(_tree_row(*rows[0][:6]))
        except _BROKEN:
            return None

    def text(self, kind: str, sha: str) -> str | None:
        """The stored JSON of one record (load_record_texts, for a command that reads a few)."""
        rows = self._rows("SELECT record FROM texts WHERE kind = ? AND sha = ?", (kind, sha))
        return rows[0][0] if rows and isinstance(rows[0][0], str) and rows[0][0] else None


def _folder_key(meta: dict[str, str], folder: str) -> str | None:
    keys = json.loads(meta.get(FOLDERS) or "{}")
    key = keys.get(folder) if isinstance(keys, dict) else None
    return key if isinstance(key, str) else None


def _tree_row(rel: Any, sha: Any, found: Any, refs: Any, cites: Any, name: Any) -> TreeRow:
    """One row of the tree, checked as it is read: a value of another type is a damaged cache."""
    if not (isinstance(rel, str) and isinstance(sha, str) and isinstance(found, (str, type(None)))
            and isinstance(name, (str, type(None))) and type(refs) is type(cites) and isinstance(refs, (str, type(None)))):
        raise ValueError("a damaged row of the tree")
    return rel, sha, _findings(found) if found else NO_FINDINGS, (IN_INDEX, refs, cites, name) if refs is not None else None


def settled_key(scanned: list[tuple[str, Stamp]], started_ns: int) -> str | None:
    """The tree key of files scanned after `started_ns`, when none was touched within RACY_NS
    before it (a change after the scan then gives the file a stamp it did not have); else None."""
    if any(max(mtime, ctime) >= started_ns - RACY_NS for _, (_, mtime, ctime, _) in scanned):
        return None
    return tree_key(scanned)


def meta_value(root: Path, name: str) -> str | None:
    """One value of the cache's meta table; None when it is not there or the cache cannot be used."""
    try:
        with _opened(root) as opened:
            return opened[1].get(name) if opened is not None else None
    except _BROKEN:
        return None


def save_meta_value(root: Path, name: str, value: str) -> None:
    """Keep one value in the meta table of a cache that is there and usable; otherwise nothing."""
    try:
        with _opened(root) as opened:
            if opened is not None:
                with _transaction(opened[0]) as connection:
                    connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))
    except _BROKEN:
        pass


def save_tree(root: Path, key: str, folders: dict[str, str], rows: Iterable[tuple[TreeRow, Stamp]],
              again: bool = False) -> None:
    """Keep the tree a pass vouched for (each file's row with its stamp), under the key of its
    stamps and each top folder's (`folders`), in one transaction, unless the cache keeps this
    key's tree already (`again`: the kept one was just rejected as damaged, or not looked at).
    A cache that is not there, locked or not writable is left as it is."""
    try:
        with _opened(root) as opened:
            if opened is None or (not again and opened[1].get(TREE) == key):
                return
            with _transaction(opened[0]) as connection:
                connection.execute("DELETE FROM tree")
                connection.executemany("INSERT INTO tree VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
                    (top_folder(rel), n, rel, sha, _findings_text(found),
                     *(stored[1:] if stored is not None else (None, None, None)), *stamp)
                    for n, ((rel, sha, found, stored), stamp) in enumerate(rows)))
                connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", ((TREE, key), (FOLDERS, json.dumps(folders))))
    except _BROKEN:
        pass


# ---------------------------------------------------------------------------- saving


def save(root: Path, state: State, facts: dict[str, Any], previous: State | None = None,
         changed: set[str] | None = None, records: Records | None = None, prune: bool = True) -> None:
    """Record `state` (its files, with `facts` for those whose facts are new) in one transaction.

    `changed` names the paths whose facts are new since `previous` was loaded; None rewrites
    every row. `records` are new rows of the read index. A cache that is not this user's or this
    tool's is replaced by a new file, never written into; one that cannot be written is skipped,
    never an error. `prune`: drop the index's rows no file has any more
    (not while a dataset read lazily may still ask for the rows it was given).
    """
    try:
        with _opened(root) as opened:
            if opened is not None:
                old = previous.files if previous is not None and changed is not None else {}
                _update(opened[0], root, state, facts, old, changed or set(), records or {}, prune)
                return
        _rebuild(root, state, facts, records or {})
    except _BROKEN:
        pass


def save_canonical(root: Path, found: set[tuple[str, str]], stale: set[tuple[str, str]]) -> None:
    """Add the pairs fmt found canonical and drop those no file has any more, in one transaction.
    A cache that cannot be used is replaced by a new one holding just these pairs (as `save`
    does); one that is locked or cannot be written is left alone."""
    try:
        with _opened(root) as opened:
            if opened is None:
                _rebuild(root, State(fingerprint(), time.time_ns()), {}, canonical=found)
                return
            with _transaction(opened[0]) as connection:
                connection.executemany("DELETE FROM canonical WHERE sha = ? AND form = ?", sorted(stale))
                connection.executemany("INSERT OR IGNORE INTO canonical VALUES (?, ?)", sorted(found))
    except _BROKEN:
        pass


def _update(connection: sqlite3.Connection, root: Path, state: State, facts: dict[str, Any],
            old: dict[str, Entry], changed: set[str], records: Records, prune: bool = True) -> None:
    """Write what differs from `old` (what the store held when this run loaded it)."""
    full, restamp = [], []
    for rel, entry in state.files.items():
        before = old.get(rel)
        if rel in facts and (before is None or before.sha != entry.sha or rel in changed):
            full.append(_row(rel, entry, state.started_ns, facts[rel]))
        elif before is not None and before != entry and before.sha == entry.sha:
            restamp.append((entry.size, entry.mtime_ns, entry.ctime_ns, entry.inode, state.started_ns, rel))
    with _transaction(connection):
        if not old:
            connection.execute("DELETE FROM files")
        connection.executemany("DELETE FROM files WHERE path = ?", [(rel,) for rel in old if rel not in state.files])
        connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", full)
        connection.executemany("UPDATE files SET size = ?, mtime_ns = ?, ctime_ns = ?, inode = ?, checked_ns = ? "
                               "WHERE path = ?", restamp)
        connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", _meta(root, state))
        _insert_records(connection, records)
        if prune and (full or not old):
            connection.execute("DELETE FROM records WHERE sha NOT IN (SELECT sha FROM files)")
            connection.execute("DELETE FROM texts WHERE sha NOT IN (SELECT sha FROM files)")


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write: all of it or none. Waits LOCK_TIMEOUT for another run's write, then gives up."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _rebuild(root: Path, state: State, facts: dict[str, Any], records: Records | None = None,
             canonical: Iterable[tuple[str, str]] = ()) -> None:
    """A new cache file, written aside and renamed into place: what was there before (nothing,
    a broken file, another version's or someone else's) is replaced whole, never read."""
    target = cache_file(root)
    if target is None or not _token(root):
        return
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not (folder / ".gitignore").exists():
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    _prune(folder)
    staged = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"  # _prune removes one a killed run left
    try:
        os.close(os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))  # for this user only:
        _fill(staged, root, state, facts, records or {}, canonical)  # findings quote contact details
        with open(staged, "rb") as written:
            os.fsync(written.fileno())
        Path(f"{target}-journal").unlink(missing_ok=True)  # a journal of the file replaced must not meet the new one
        os.replace(staged, target)
        from .journal import sync_folder

        sync_folder(folder)
    except (OSError, sqlite3.Error):
        pass  # a full disk, say: the cache is not kept, which is never an error
    finally:
        staged.unlink(missing_ok=True)


def _fill(path: Path, root: Path, state: State, facts: dict[str, Any], records: Records,
          canonical: Iterable[tuple[str, str]]) -> None:
    """Write a new cache into the empty file at `path`, row by row: written on disk as it goes
    (a cache of 25,000 files is tens of megabytes), with no journal, since no one reads the file
    before it is renamed into place whole."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")  # the file is flushed once, before the rename
        for statement in SCHEMA + INDEXES:
            connection.execute(statement)
        connection.execute("BEGIN")
        connection.executemany("INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (_row(rel, entry, state.started_ns, facts[rel]) for rel, entry in state.files.items() if rel in facts))
        connection.executemany("INSERT INTO meta VALUES (?, ?)", _meta(root, state))
        _insert_records(connection, records)
        connection.executemany("INSERT INTO canonical VALUES (?, ?)", sorted(canonical))
        connection.execute("COMMIT")


def _prune(folder: Path) -> None:
    """Remove this user's cache files (and leftovers of killed runs) not written for a month:
    one is made for every data folder validated, temporary copies included."""
    cutoff = time.time() - PRUNE_AFTER
    for entry in os.scandir(folder):
        try:
            status = entry.stat(follow_symlinks=False)
            if entry.name.lstrip(".").startswith("validate-") and status.st_uid == os.getuid() and status.st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            continue  # gone already, or not ours to remove


def _insert_records(connection: sqlite3.Connection, records: Records) -> None:
    """New rows of the read index: what every command reads in `records`, the JSON in `texts`."""
    connection.executemany("INSERT OR IGNORE INTO records VALUES (?, ?, ?, ?, ?)",
                           [(sha, kind, refs, cites, name) for (sha, kind), (_, refs, cites, name) in records.items()])
    connection.executemany("INSERT OR IGNORE INTO texts VALUES (?, ?, ?)",
                           [(kind, sha, text) for (sha, kind), (text, *_) in records.items()])


def _meta(root: Path, state: State) -> list[tuple[str, str]]:
    return [("format", str(FORMAT)), ("uid", str(os.getuid())), ("token", _token(root)),
            ("fingerprint", state.fingerprint), ("dataset_key", state.dataset_key),
            ("dataset_findings", json.dumps([dataclasses.astuple(f) for f in state.dataset_findings]))]


def _row(rel: str, entry: Entry, checked_ns: int, facts: Any) -> tuple[Any, ...]:
    from .rules.facts import is_bare

    stored = None if is_bare(facts) else _json(facts)
    return (rel, entry.size, entry.mtime_ns, entry.ctime_ns, entry.inode, checked_ns, entry.sha,
            _findings_text(entry.findings), int(facts.valid), stored)


def _findings_text(findings: Sequence[Finding]) -> str | None:
    return json.dumps([dataclasses.astuple(f) for f in findings]) if findings else None


def _json(facts: Any) -> str:
    """A file's facts as compact JSON (dataclasses as lists, dates as text: cache_codec._plain),
    by orjson: the text json.dumps wrote for ASCII, and what json.loads reads back the same
    otherwise; twice as fast, and it is the last step of a cold pass, in one process. What orjson
    refuses (an integer beyond 64 bits, which a schema with only a lower bound lets through)
    json writes, as it did before: a refusal here would have left the whole cache unwritten."""
    import orjson

    try:
        return orjson.dumps(facts, default=_plain, option=orjson.OPT_PASSTHROUGH_DATACLASS).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(facts, default=_plain, separators=(",", ":"))


def unchanged(state: State, rel: str, seen: Stamp) -> Entry | None:
    """The recorded entry if the file certainly has not changed since it was hashed: the same
    size, mtime, ctime and inode, and not touched within RACY_NS of the run that hashed it."""
    entry = state.files.get(rel)
    if entry is None or entry[:4] != seen:
        return None
    if max(seen[1], seen[2]) >= entry.checked_ns - RACY_NS:
        return None  # racy: it may have changed again within the same time stamp
    return entry


def settled(state: State, entries: dict[str, Entry]) -> bool:
    """Whether every entry would be found `unchanged` by the next run if its stamp stays as it is:
    none touched within RACY_NS of the run that hashed it (this one, for an entry hashed now)."""
    return all(max(e.mtime_ns, e.ctime_ns) < (e.checked_ns or state.started_ns) - RACY_NS for e in entries.values())


def dataset_key(state: State, hashes: dict[str, str], as_of: str) -> str:
    digest = hashlib.sha256(f"{state.fingerprint}:{as_of}".encode())
    for rel in sorted(hashes):
        digest.update(f"{rel}\0{hashes[rel]}\n".encode())
    return digest.hexdigest()
