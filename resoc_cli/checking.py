"""Checking files: one file in a worker, many files over the machine's cores, then the dataset.

`check_file` does everything that depends on one file only (parse, schema, file rules, facts)
and returns small, picklable values, so that it can run in another process and its result
can be cached (as JSON) with the file's content hash. `check_dataset` runs the cross-file rules on the
facts of all files and locates what they find.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from . import cache
from .cache import content_hash
from .citing import citations_text
from .visibility import public_name
from .findings import Finding
from .errors import DataError
from .loading import Document, Stamp, display_path, load_document, read_file, scan_stamps
from .walk import walk_models

if TYPE_CHECKING:
    from .rules import Context
    from .rules.facts import Facts

# The rules are imported by the functions that run them: a warm read, which checks no file,
# does not pay for importing them (about 13 ms of a read command's start).

Progress = Callable[[int, int], None]
SERIAL_BELOW = 400  # fewer files than this are not worth starting workers for
CHUNK = 128


@dataclass(slots=True)
class FileResult:
    rel: str
    sha: str
    findings: list[Finding]
    facts: Facts
    stored: str | None = None  # the validated record as JSON (None values left out) for the read index
    cites: str | None = None  # what the record cites, for the read index (citing.py)
    name: str | None = None  # its name as anyone may see it, for the read index
    refs: str | None = None  # its references as the read index keeps them (refs_text), made in the worker

    # JSON, not the model: a model costs ten times its JSON in memory, and a cold pass over
    # 25,000 files holds every result at once (and sends each one back from a worker).


def relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def check_file(path: Path, root: Path, data: bytes | None = None) -> FileResult:
    """Parse one file (or `data` as if it were that file), check it against its schema and the
    file rules, and take its facts."""
    from .rules import FileView, file_checks
    from .rules.facts import facts_of

    rel = relative(path, root)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError:  # stops the run, located: a result would be cached as if it were the file's content
            unreadable = read_file(path, display_path(path))[1]
            raise DataError(unreadable.located()) from None  # type: ignore[union-attr]
    doc = load_document(path, root, display=rel, data=data, rel=rel)
    findings = list(doc.findings)
    models = list(walk_models(doc.record)) if doc.record is not None else []
    if doc.record is not None:
        view = FileView(path=path, kind=doc.kind or "", record=doc.record, models=models)
        for rule, check in file_checks():
            for problem in check(view):
                findings.append(doc.finding(rule.code, problem.severity or rule.scope_severity["file"], problem.message, problem.loc, key=problem.key))
    folder = path.parent.parent.name if doc.kind == "plan" else path.parent.name
    facts = facts_of(rel, doc.kind, doc.stem, folder, doc.record, models)
    stored = doc.record.model_dump_json(exclude_none=True) if doc.record is not None else None
    cites = citations_text(doc.record, models, facts.refs) if doc.record is not None else None
    name = public_name(doc.record) if doc.record is not None else None
    refs = refs_text(facts.refs) if doc.record is not None else None
    return FileResult(rel, content_hash(data), findings, facts, stored, cites, name, refs)


def _check_chunk(args: tuple[list[Path], Path]) -> list[FileResult]:
    paths, root = args
    return [check_file(path, root) for path in paths]


def workers(files: int) -> int:
    """Worker processes for checking `files` files: RESOC_WORKERS, else one per core that other
    processes leave free (cores minus the cores busy now, rounded), and one for fewer than
    SERIAL_BELOW files. Workers cost about a fifth more CPU than one process (starting them,
    sending results back), which pays only with idle cores to run on: on a loaded machine they
    win nothing and one process is never slower (the benchmark's busy row measures it)."""
    configured = os.environ.get("RESOC_WORKERS")
    if configured:
        return max(1, int(configured))
    cores = os.cpu_count() or 1
    if files < SERIAL_BELOW or cores == 1:
        return 1
    busy = _busy_now(cores)
    if busy is None:
        try:
            busy = os.getloadavg()[0]
        except OSError:  # no load average on this system: assume the cores are free
            busy = 0.0
    return max(1, min(cores, int(cores - busy + 0.5)))


def _busy_now(cores: int) -> float | None:
    """How many cores are busy right now, from two readings of /proc/stat 0.1 s apart (Linux);
    None where there is none. The one-minute load average lags: right after another command
    (resoc's own, in a script or the benchmark) it still counts that one, and a free machine
    looked half busy, so validation of 25,000 files ran in one process on two idle cores."""
    try:
        first = _cpu_times()
        time.sleep(0.1)
        second = _cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    spent = [b - a for a, b in zip(first, second)]
    total = sum(spent)
    idle = spent[3] + spent[4]  # idle and iowait
    return cores * (total - idle) / total if total > 0 else None


def _cpu_times() -> list[int]:
    """The machine's CPU time so far by state (user, nice, system, idle, iowait, irq, softirq, steal)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = stat.readline().split()
    if fields[0] != "cpu":
        raise ValueError("no cpu line in /proc/stat")
    return [int(value) for value in fields[1:9]]


def check_files(paths: list[Path], root: Path, progress: Progress | None = None) -> list[FileResult]:
    """Check files, over all cores when there are enough of them to pay for the workers."""
    count = workers(len(paths))
    if count == 1:
        results = []
        for done, path in enumerate(paths, start=1):
            results.append(check_file(path, root))
            if done % CHUNK == 0:
                gc.freeze()  # the results so far stay: the cyclic collector need not scan them again
                if progress:
                    progress(done, len(paths))
        return results
    results: list[FileResult] = []
    with worker_pool(count) as pool:
        for chunk in pool.imap_unordered(_check_chunk, [(paths[i:i + CHUNK], root) for i in range(0, len(paths), CHUNK)]):
            results.extend(chunk)
            gc.freeze()  # as above: the results the workers sent stay, and are not scanned again
            if progress:
                progress(len(results), len(paths))
    return results


@contextmanager
def worker_pool(count: int) -> Iterator[Any]:
    """`count` worker processes, forked where the system can (they start with the modules
    loaded), stopped when the block ends; check_files and fmt (editing.py) share them."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    gc.freeze()  # what the workers inherit is not scanned by their collectors (nor copied by touching it)
    with multiprocessing.get_context(method).Pool(count) as pool:
        yield pool


@dataclass
class Pass:
    """One pass over a dataset folder: every file's entry (from the cache where its content is
    known), the results of the files checked afresh, and how many cached files were hashed again
    and found the same (their stamps are brought up to date when the pass is saved)."""

    entries: dict[str, cache.Entry]
    fresh: dict[str, FileResult]
    touched: int = 0


class Unchanged(NamedTuple):
    """A pass that found every file as the cache saved it (nothing parsed, hashed again or saved):
    the root it read (resolved), the cache's state and the files' entries. A read hands it on
    (reading.Reading) so that a validation right after it need not scan and read them again."""

    root: Path
    state: cache.State
    entries: dict[str, cache.Entry]


def index_rows(results: Iterable[FileResult]) -> cache.Records:
    """The read index's new rows: each valid record as JSON (None values left out: they come back
    when it is read) and its references, under its content hash and kind."""
    return {(r.sha, r.facts.kind): stored_of(r) for r in results if r.stored is not None and r.facts.kind is not None}


def stored_of(result: FileResult) -> cache.Stored:
    """What the read index keeps of a valid file: its record's JSON, references, citations and name."""
    assert result.stored is not None and result.cites is not None and result.refs is not None
    return result.stored, result.refs, result.cites, result.name


def refs_text(refs: Iterable[tuple[tuple[Any, ...], str, str]]) -> str:
    """References as "field path<TAB>id" lines: ('pillars', 0, 'lead') -> "pillars.lead"."""
    return "".join(f"{'.'.join(str(p) for p in loc if isinstance(p, str))}\t{id}\n" for loc, _, id in refs)


def check_tree(root: Path, state: cache.State, use_cache: bool = True, progress: Progress | None = None,
               overlay: dict[str, bytes | None] | None = None,
               scanned: list[tuple[str, Stamp]] | None = None) -> Pass:
    """Every file below `root` (or those `scanned` found there), checked afresh only where its
    content is not what `state` knew.

    Validation and reading share this pass, so a file read by one is known to the other: a
    `validate` fills the read index and a read command keeps the validation cache up to date.
    """
    overlay = overlay or {}
    entries: dict[str, cache.Entry] = {}
    todo: list[tuple[str, cache.Stamp]] = []
    touched = 0
    for rel, seen in scanned if scanned is not None else scan_stamps(root):
        if rel in overlay:
            continue
        entry = cache.unchanged(state, rel, seen) if use_cache else None
        if entry is None and use_cache and rel in state.files:
            old = state.files[rel]
            if old.size == seen[0] and content_hash((root / rel).read_bytes()) == old.sha:
                entry, touched = cache.Entry(*seen, old.sha, old.findings), touched + 1
        if entry is not None:
            entries[rel] = entry
        else:
            todo.append((rel, seen))
    fresh = {r.rel: r for r in check_files([root / rel for rel, _ in todo], root, progress)}
    for rel, data in overlay.items():
        if data is not None:
            fresh[rel] = check_file(root / rel, root, data)
            todo.append((rel, (len(data), 0, 0, 0)))
    for rel, seen in todo:
        entries[rel] = cache.Entry(*seen, fresh[rel].sha, fresh[rel].findings)
    return Pass(dict(sorted(entries.items())), fresh, touched)


def check_dataset(root: Path, facts: Iterable[Facts], context: Context,
                  overlay: dict[str, bytes | None] | None = None) -> list[Finding]:
    """Run the cross-file rules on the facts and locate each finding in its file (or its overlay text)."""
    from .rules import dataset_checks
    from .rules.facts import Index

    index = Index(list(facts))
    kinds = {f.rel: f.kind for f in index.facts}
    docs: dict[str, Document] = {}
    findings = []
    for rule, check in dataset_checks():
        for problem in check(index, context):
            assert problem.file is not None, f"{rule.code} left out the file"
            doc = docs.get(problem.file)
            if doc is None:
                doc = docs[problem.file] = Document(root, problem.file, problem.file, kinds.get(problem.file))
                if overlay and overlay.get(problem.file) is not None:
                    doc.text = overlay[problem.file].decode("utf-8")  # type: ignore[union-attr]
            findings.append(doc.finding(rule.code, problem.severity or rule.scope_severity["dataset"], problem.message, problem.loc, key=problem.key))
    return findings
