"""Changing files so that nothing is lost or half-applied: the dataset lock and the journal.

Every change to a dataset is made under an exclusive lock (`fcntl.flock` on `.resoc/lock` in
the dataset folder), held from the first read of a change to its last write, so that a second
writer waits for the first (for `RESOC_LOCK_WAIT` seconds, 60 by default) and then works on
what the first wrote, or gives up saying so. It is never silently overwritten.

A change over several files is applied through a journal, in `.resoc/` too:

1. each new content goes to a temporary file in `.resoc/tmp/`, with the mode of the file it
   replaces, and is flushed to disk (fsync); each file the change replaces or deletes gets a
   second name there (a hard link) so that a failure can put it back;
2. the plan (which temporary file goes where, and each file's hash before and after) is
   written to `.resoc/journal.json`, flushed, and its folder flushed: from here on the change
   is decided, and an interrupted run is completed;
3. the temporary files are renamed onto their targets and deleted files unlinked, then each
   changed folder is flushed; the journal goes, and `.resoc/tmp/` is emptied.

A failure in step 3 (a full disk, say) rolls back instead, from the second names. A process
killed at any point leaves either no journal (the change did not happen; the temporary files
are orphans) or one (the change is completed). The next command of any kind that opens the
dataset finishes that work first (`recover`), under the lock, and empties `.resoc/tmp/`,
where every temporary file of this module lives and nowhere else.

`.resoc/` holds a `.gitignore` of `*`, so git never sees it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import stat
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, UsageError

STATE = ".resoc"
JOURNAL = "journal.json"
LOCK_WAIT = 60.0  # seconds a writer waits for another one; RESOC_LOCK_WAIT overrides it

_held: dict[str, list[int]] = {}  # dataset folder -> [lock file descriptor, depth]: the lock is re-entrant in a process


@dataclass(frozen=True)
class Op:
    """One file of a change: its new bytes (None: delete it), whether it must not exist yet, and
    the hash of what was read (None for a new file)."""

    rel: str
    data: bytes | None
    new: bool = False
    before: str | None = None


def digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


# ---------------------------------------------------------------------------- test hooks


def crash_point(step: str) -> None:
    """Where the tests kill (RESOC_TEST_CRASH_AT=step) or fail (RESOC_TEST_FAIL_AT=step, as a full
    disk would) a change, to prove that every step can be interrupted."""
    if os.environ.get("RESOC_TEST_CRASH_AT") == step:
        os._exit(137)
    if os.environ.get("RESOC_TEST_FAIL_AT") == step:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# ---------------------------------------------------------------------------- files and folders


def write_synced(path: Path, data: bytes | Iterable[bytes], mode: int | None, sync: bool = True) -> None:
    """Create `path` (it must not exist) with `data` (or its pieces, written as they come),
    flushed to disk (unless `sync` is False: the caller flushes many files at once); `mode`
    exactly, or the default a new file gets (0666 less the umask) when None."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode & 0o7777)
    try:
        if mode is not None:
            os.fchmod(fd, mode & 0o7777)  # exactly, whatever the umask says
        for block in (data,) if isinstance(data, bytes) else _blocks(data):
            view = memoryview(block)
            while view:
                view = view[os.write(fd, view):]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def _blocks(pieces: Iterable[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """Small pieces joined into blocks of about `size` bytes: one write for each block."""
    pending: list[bytes] = []
    held = 0
    for piece in pieces:
        pending.append(piece)
        held += len(piece)
        if held >= size:
            yield b"".join(pending)
            pending, held = [], 0
    if pending:
        yield b"".join(pending)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename or unlink in it) to disk."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def writable_folder(folder: Path) -> Path:
    """The folder, when it exists and may be written in; a clear refusal otherwise.

    A folder whose mode lets nobody write is refused even where the system would allow it (to
    root): someone made it read-only on purpose.
    """
    if not folder.is_dir():
        raise UsageError(f"folder {folder} does not exist: resoc never creates missing folders; create it first")
    mode = folder.stat().st_mode
    if not mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK):
        raise DataError(f"cannot write in {folder}: the folder is read-only (mode {stat.S_IMODE(mode):o}); nothing was written")
    return folder


def kept_mode(path: Path) -> int | None:
    """The mode a new version of `path` keeps: the file's own (600 stays 600); None for a new file.
    A file nobody may write (444) is refused, not overwritten."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None
    if not mode & 0o222:
        raise DataError(f"{path} is read-only (mode {mode:o}): nothing was written; make it writable (chmod u+w) to change it")
    return mode


def state_dir(root: Path) -> Path:
    """The dataset's `.resoc/` folder (made, git-ignored, on first use)."""
    state = root / STATE
    if not state.is_dir():
        writable_folder(root)
        (state / "tmp").mkdir(parents=True, exist_ok=True)
        (state / ".gitignore").write_text("*\n", encoding="utf-8")
    (state / "tmp").mkdir(exist_ok=True)
    return state


# ---------------------------------------------------------------------------- the lock


@contextlib.contextmanager
def dataset_lock(root: Path) -> Iterator[None]:
    """Hold the dataset's exclusive lock (re-entrant within a process); on entry, finish or undo
    an interrupted change and clear orphaned temporary files."""
    key = str(root.resolve())
    if key in _held:
        _held[key][1] += 1
        try:
            yield
        finally:
            _held[key][1] -= 1
        return
    fd = _acquire(root)
    _held[key] = [fd, 1]
    try:
        _recover_held(root)
        yield
    finally:
        del _held[key]
        os.close(fd)  # releases the lock


def _acquire(root: Path) -> int:
    """The lock file's descriptor, locked; waits up to RESOC_LOCK_WAIT seconds for another writer."""
    try:
        fd = os.open(state_dir(root) / "lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        raise DataError(f"cannot write in {root}: {error.strerror}; nothing was written") from None
    wait = float(os.environ.get("RESOC_LOCK_WAIT", LOCK_WAIT))
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise DataError(f"another resoc command has been changing {root} for {wait:g} s (lock {root / STATE / 'lock'}): "
                                "nothing was done; try again when it has finished") from None
            time.sleep(0.05)


def recover(root: Path) -> None:
    """Before a command reads the dataset: finish an interrupted change, clear orphaned temporary
    files. Costs two lookups when there is nothing to do."""
    state = root / STATE
    tmp = state / "tmp"
    if (state / JOURNAL).exists() or (tmp.is_dir() and any(tmp.iterdir())):
        with dataset_lock(root):
            pass  # taking the lock does the work


def _recover_held(root: Path) -> None:
    state = root / STATE
    journal = state / JOURNAL
    try:
        if journal.exists():
            plan = json.loads(journal.read_text(encoding="utf-8"))
            if plan["direction"] == "forward":
                _forward(root, plan, checked=True)
            else:
                _backward(root, plan)
            journal.unlink()
            sync_folder(state)
        _clear(state / "tmp")
    except OSError as error:
        raise DataError(f"an interrupted change to {root} cannot be finished: {error.strerror} ({error.filename})") from None


def _clear(tmp: Path) -> None:
    """Remove every temporary file: under the lock, no change is under way, so all are orphans."""
    for leftover in tmp.glob("*") if tmp.is_dir() else ():
        leftover.unlink(missing_ok=True)


# ---------------------------------------------------------------------------- applying a change


def apply(root: Path, ops: list[Op]) -> None:
    """Apply the operations all together or not at all (see the module's docstring); the caller
    holds the lock and has checked that each file still holds what it read.

    A failure (an OSError, an interrupt) before the journal is gone undoes everything that was
    done; a process killed after the journal is written is completed by the next run.
    """
    state = state_dir(root)
    tmp, tx = state / "tmp", uuid.uuid4().hex[:12]
    plan = {"direction": "forward", "ops": _prepare(root, tmp, tx, ops)}
    try:
        crash_point("prepared")
        _write_journal(state, plan)
        crash_point("journal")
        _forward(root, plan, checked=False)
        for folder in sorted({(root / op.rel).parent for op in ops}):
            sync_folder(folder)
        crash_point("applied")
        (state / JOURNAL).unlink()
        sync_folder(state)
    except BaseException:
        _undo(root, state, plan)
        raise
    try:  # the change is made: clearing the second names can wait for the next run if it must
        crash_point("journal-removed")
        _clear(tmp)
    except OSError:
        pass


def _undo(root: Path, state: Path, plan: dict[str, object]) -> None:
    """Undo a change that failed in this process: first record that it goes backward (so that a
    crash now is not completed forward), then put every file back."""
    if (state / JOURNAL).exists():
        plan["direction"] = "backward"
        _write_journal(state, plan)
        _backward(root, plan)
        (state / JOURNAL).unlink()
        sync_folder(state)
    _clear(state / "tmp")


def _prepare(root: Path, tmp: Path, tx: str, ops: list[Op]) -> list[dict[str, str | bool | None]]:
    """Step 1: temporary files and second names, flushed; the journal's entries. Refuses a
    read-only file or folder before anything is written."""
    entries: list[dict[str, str | bool | None]] = []
    modes = {op.rel: kept_mode(root / op.rel) for op in ops}
    for folder in sorted({(root / op.rel).parent for op in ops}):
        if not folder.exists():
            folder.mkdir(parents=True)  # a new plans/ folder of a pact: inside the dataset, never outside it
        writable_folder(folder)
    try:
        for number, op in enumerate(ops, start=1):
            entry: dict[str, str | bool | None] = {"rel": op.rel, "new": op.new, "before": op.before, "after": None,
                                                   "tmp": None, "old": None}
            if op.data is not None:
                entry["tmp"], entry["after"] = f"{tx}-{number}.new", digest(op.data)
                write_synced(tmp / str(entry["tmp"]), op.data, modes[op.rel])
                crash_point(f"temp-{number}")
            if not op.new:
                entry["old"] = f"{tx}-{number}.old"
                os.link(root / op.rel, tmp / str(entry["old"]))
            entries.append(entry)
        sync_folder(tmp)
    except BaseException:
        _clear(tmp)
        raise
    return entries


def _write_journal(state: Path, plan: dict[str, object]) -> None:
    """Write the plan in one step: a flushed temporary file renamed onto the journal."""
    staged = state / "tmp" / f"journal-{os.getpid()}.json"
    staged.unlink(missing_ok=True)
    write_synced(staged, json.dumps(plan, indent=1).encode("utf-8"), None)
    os.replace(staged, state / JOURNAL)
    sync_folder(state)


def _forward(root: Path, plan: dict[str, object], *, checked: bool) -> None:
    """Step 3, or its completion after a crash: every temporary file onto its target, every
    deleted file unlinked. `checked`: make sure no one edited a file since the crash."""
    tmp = root / STATE / "tmp"
    for entry in plan["ops"] if checked else ():  # type: ignore[attr-defined]
        _unchanged_since(root, entry)
    for number, entry in enumerate(plan["ops"], start=1):  # type: ignore[arg-type]
        target, staged = root / entry["rel"], (tmp / entry["tmp"]) if entry["tmp"] else None
        if staged is not None and staged.exists():
            if entry["new"]:
                if not (checked and target.exists()):  # after a crash, it may be linked already (checked above)
                    os.link(staged, target)  # never replaces a file: FileExistsError if one appeared meanwhile
                staged.unlink()
            else:
                os.replace(staged, target)
        elif staged is None and target.exists():
            target.unlink()
        crash_point(f"apply-{number}")


def _unchanged_since(root: Path, entry: dict[str, str | bool | None]) -> None:
    """Refuse to complete a change over a file someone edited since it was interrupted."""
    target = root / str(entry["rel"])
    now = digest(target.read_bytes()) if target.exists() else None
    if now not in (entry["before"], entry["after"]):
        raise DataError(f"an interrupted change cannot be completed: {target} was edited since; its plan is in "
                        f"{root / STATE / JOURNAL}: compare by hand, then delete that file")


def _backward(root: Path, plan: dict[str, object]) -> None:
    """Undo: put back every replaced or deleted file from its second name, remove new files."""
    tmp = root / STATE / "tmp"
    for entry in plan["ops"]:  # type: ignore[attr-defined]
        target = root / entry["rel"]
        if entry["old"] and (tmp / entry["old"]).exists():
            os.replace(tmp / entry["old"], target)
        elif entry["new"] and target.exists() and digest(target.read_bytes()) == entry["after"]:
            target.unlink()
    for folder in sorted({(root / e["rel"]).parent for e in plan["ops"]}):  # type: ignore[attr-defined]
        sync_folder(folder)
