"""The validation cache: results of unchanged files, and of an unchanged dataset, kept between runs.

Correctness first: a cached result is used only when it cannot differ from a fresh one.

- A file's result is keyed by its content hash. A file whose size and modification time are
  those recorded is taken as unchanged without reading it, unless it was modified so close
  to the moment the cache was saved that a later edit could have kept the same time stamp
  (the "racy" case git knows): such a file is read and hashed again.
- Everything is keyed by a fingerprint of the tool itself (its version, the text of every one
  of its modules, the versions of the libraries whose answers it caches), so a new version,
  a changed schema or a changed rule set starts from nothing.
- The dataset findings are reused only when every file's hash, the file list and the --as-of
  day are what they were.

The cache lives in a git-ignored `.resoc-cache/` folder beside the dataset folder (or in
$RESOC_CACHE_DIR); a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .findings import Finding

FORMAT = 1
RACY_NS = 2_000_000_000  # files modified this close to the last save are hashed again
LIBRARIES = ("belgica", "phonenumbers", "email-validator", "pydantic", "ruamel.yaml")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the cached results depend on besides the data: the tool's code and its libraries."""
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__

    digest = hashlib.sha1(f"{FORMAT}:{__version__}".encode())
    package = Path(__file__).resolve().parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"{library}=?".encode())
    return digest.hexdigest()


class Entry(NamedTuple):
    """A file as it was checked: its size, time stamp and content hash, and its own findings."""

    size: int
    mtime_ns: int
    sha: str
    findings: list[Finding]


@dataclass
class State:
    """What one run leaves for the next. The files' facts are kept in a second file, read only
    when the cross-file rules have to run again (something changed)."""

    fingerprint: str
    saved_ns: int = 0
    files: dict[str, Entry] = field(default_factory=dict)  # path relative to the dataset root -> entry
    dataset_key: str = ""
    dataset_findings: list[Finding] = field(default_factory=list)
    shard_tokens: dict[int, int] = field(default_factory=dict)  # facts shard -> the token its file must carry


def cache_dir(root: Path) -> Path:
    configured = os.environ.get("RESOC_CACHE_DIR")
    return Path(configured) if configured else root.parent / ".resoc-cache"


def cache_file(root: Path, part: str) -> Path:
    name = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:12]
    return cache_dir(root) / f"validate-{name}.{part}.pickle"


_BROKEN = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError)


def load(root: Path) -> State:
    """The state the last run saved, or an empty one when there is none or it no longer fits."""
    try:
        with cache_file(root, "state").open("rb") as handle:
            state = pickle.load(handle)
        if isinstance(state, State) and state.fingerprint == fingerprint():
            return state
    except _BROKEN:
        pass
    return State(fingerprint=fingerprint())


SHARDS = 16


def shard(rel: str) -> int:
    """Which facts file a path's facts live in; a change rewrites only the shards it touches."""
    return int(hashlib.sha1(rel.encode()).hexdigest()[:4], 16) % SHARDS


def load_facts(root: Path, state: State) -> dict[str, Any]:
    """The facts saved with `state` (path -> facts). A shard that is missing or carries another
    token than the state recorded is left out; the caller checks those files again.

    Most files (people, mostly) contribute nothing to the cross-file rules but their id, which
    their path gives; those are stored as a bare flag and rebuilt here.
    """
    from .rules.facts import bare_facts

    facts: dict[str, Any] = {}
    for number, token in state.shard_tokens.items():
        try:
            with cache_file(root, f"facts-{number}").open("rb") as handle:
                saved, stored = pickle.load(handle)
        except _BROKEN:
            continue
        if saved == token:
            facts.update({rel: bare_facts(rel, value) if isinstance(value, bool) else value for rel, value in stored.items()})
    return facts


def save(root: Path, state: State, facts: dict[str, Any], previous: State | None = None,
         changed: set[str] | None = None) -> None:
    """Write the facts shards that changed, then the state, each atomically; a cache that cannot
    be written is skipped, never an error. `changed` names the paths whose facts are new (or
    gone) since `previous` was saved; None rewrites every shard."""
    from .rules.facts import is_bare

    try:
        cache_dir(root).mkdir(parents=True, exist_ok=True)
        gitignore = cache_dir(root) / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("*\n", encoding="utf-8")
        state.saved_ns = time.time_ns()
        dirty = set(range(SHARDS)) if changed is None or previous is None else {shard(rel) for rel in changed}
        tokens = dict(previous.shard_tokens) if previous is not None else {}
        groups: dict[int, dict[str, Any]] = {number: {} for number in dirty}
        for rel, item in facts.items():
            if shard(rel) in groups:
                groups[shard(rel)][rel] = item.valid if is_bare(item) else item
        for number, stored in groups.items():
            tokens[number] = state.saved_ns
            _write(cache_file(root, f"facts-{number}"), (state.saved_ns, stored))
        state.shard_tokens = tokens
        _write(cache_file(root, "state"), state)
    except OSError:
        pass


def _write(target: Path, value: Any) -> None:
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    with tmp.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(target)


def unchanged(state: State, rel: str, size: int, mtime_ns: int) -> Entry | None:
    """The recorded entry if the file certainly has not changed since it was hashed."""
    entry = state.files.get(rel)
    if entry is None or entry.size != size or entry.mtime_ns != mtime_ns:
        return None
    if mtime_ns >= state.saved_ns - RACY_NS:
        return None  # racy: it may have changed again within the same time stamp
    return entry


def dataset_key(state: State, hashes: dict[str, str], as_of: str) -> str:
    digest = hashlib.sha1(f"{state.fingerprint}:{as_of}".encode())
    for rel in sorted(hashes):
        digest.update(f"{rel}\0{hashes[rel]}\n".encode())
    return digest.hexdigest()
