"""`validate`: check every file and the dataset as a whole, reusing what has not changed.

Each file is parsed once on the fast path (the C loader), checked against its schema and the
file rules, and reduced to its facts, over all cores (checking.py). Results of files whose
content did not change come from the cache (cache.py). The cross-file rules then run on the
facts of all files. A file is parsed in round-trip mode only when a finding must be located
in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import cache
from .checking import Pass, Progress, Unchanged, check_dataset, check_files, check_tree, index_rows
from .dataset import find_dataset_root
from .errors import UsageError
from .findings import Report
from .journal import recover
from .kinds import kind_of_rel
from .loading import display_path
from .rules import Context

DEFAULT_DATA = Path("data")


def validate(paths: Sequence[Path] = (), *, as_of: dt.date | None = None, strict: bool = False,
             use_cache: bool = True, progress: Progress | None = None,
             overlay: dict[str, bytes | None] | None = None,
             unchanged: Unchanged | None = None) -> Report:
    """Validate the dataset the paths lie in and report the findings on those paths.

    The whole dataset is always checked, since a reference in one file is checked against the
    others; with paths given, only findings in files under them are reported. `overlay` maps
    paths (relative to the dataset root) to the text they would have, or None for a file that
    would be deleted: the dataset is checked as it would be after a change, and the cache is
    read but not written. `unchanged` is what a read pass that found every file as the cache
    saved it hands on (Dataset.unchanged): when the saved dataset findings answer for it, the
    files are not scanned and the cache not read a second time (an export validates the dataset
    it has just read: 0.2 s at 25,000 files).
    """
    started = time.perf_counter()
    targets = [Path(p) for p in paths] or [DEFAULT_DATA]
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        hint = "" if paths else " (run this in the dataset's repository, or name the data folder)"
        raise UsageError(f"no such file or folder: {', '.join(missing)}{hint}")
    root = (find_dataset_root(targets) or (targets[0] if targets[0].is_dir() else targets[0].parent)).resolve()
    recover(root)  # a change interrupted by a crash is finished before anything is read
    context = Context(as_of=as_of or dt.date.today())

    reused = _answered(unchanged, root, context.as_of) if use_cache and not overlay else None
    if reused is not None:
        state, key, checked = reused
    else:
        state = cache.load(root) if use_cache else cache.State(fingerprint="")
        checked = check_tree(root, state, use_cache, progress, overlay)
        key = _key(state, checked.entries, context.as_of)
    entries, fresh, touched = checked.entries, checked.fresh, checked.touched
    if overlay:
        use_cache = False  # what is checked is not what is on disk: keep nothing of it
    if use_cache and key == state.dataset_key and not fresh:
        dataset_findings = state.dataset_findings  # nothing changed: not even the facts are read
        if touched:  # new time stamps, same contents: the facts stay as they are
            cache.save(root, dataclasses.replace(state, files=entries), {}, previous=state, changed=set())
    else:
        facts = cache.load_facts(root, state) if state.files else {}
        changed = set(fresh) | (set(facts) - set(entries))  # new facts, and facts of files now gone
        facts = {rel: facts[rel] for rel in entries if rel in facts and rel not in fresh}
        facts.update({rel: result.facts for rel, result in fresh.items()})
        missing = [root / rel for rel in entries if rel not in facts]  # facts lost with a broken cache file
        for result in check_files(missing, root):
            facts[result.rel] = result.facts
            changed.add(result.rel)
            if result.sha != entries[result.rel].sha:  # changed on disk since this pass read it (another writer):
                use_cache = False  # its facts are not this pass's file's; keep nothing rather than mix the two
        dataset_findings = check_dataset(root, facts.values(), context, overlay)
        if use_cache:
            cache.save(root, dataclasses.replace(state, files=entries, dataset_key=key, dataset_findings=dataset_findings),
                       facts, previous=state, changed=changed, records=index_rows(fresh.values()))

    report = _report(root, targets, entries, dataset_findings, context.as_of, strict)
    report.timing = {"seconds": time.perf_counter() - started, "files_checked": len(fresh),
                     "files_reused": len(entries) - len(fresh), "files_hashed_again": touched}
    return report


def _key(state: cache.State, entries: dict[str, cache.Entry], as_of: dt.date) -> str:
    return cache.dataset_key(state, {rel: entry.sha for rel, entry in entries.items()}, as_of.isoformat())


def _answered(unchanged: Unchanged | None, root: Path, as_of: dt.date) -> tuple[cache.State, str, Pass] | None:
    """A read pass's view of the files (Dataset.unchanged), when its saved dataset findings answer
    for exactly those files on `as_of` in this root: then validation reads and writes nothing.
    Otherwise None, and validation takes a pass of its own: the dataset rules would run on facts
    read from the cache now, which another process may have changed since that read."""
    if unchanged is None or unchanged.root != root:
        return None
    key = _key(unchanged.state, unchanged.entries, as_of)
    return (unchanged.state, key, Pass(dict(unchanged.entries), {}, 0)) if key == unchanged.state.dataset_key else None


def _report(root: Path, targets: list[Path], entries: dict[str, cache.Entry], dataset_findings: list[Any],
            as_of: dt.date, strict: bool) -> Report:
    """The findings on the files asked about, with paths as people read them, and the counts."""
    kinds_by_rel = {rel: kind_of_rel(rel) for rel in entries}
    findings = [f for entry in entries.values() for f in entry.findings] + dataset_findings
    scope = _in_scope(root, targets, entries)
    if scope is not None:
        findings = [f for f in findings if f.file in scope]
    shown = sorted(dataclasses.replace(f, file=display_path(root / f.file)) for f in findings)
    kinds = Counter(kind or "unplaced" for rel, kind in kinds_by_rel.items() if scope is None or rel in scope)
    stats = {"files": sum(kinds.values()), "records": dict(sorted(kinds.items())), "as_of": as_of.isoformat()}
    return Report(findings=shown, stats=stats, strict=strict)


def _in_scope(root: Path, targets: list[Path], results: dict[str, cache.Entry]) -> set[str] | None:
    """Paths (relative to the root) of the files under the targets, or None when that is all of them."""
    resolved = [t.resolve() for t in targets]
    if any(t == root for t in resolved):
        return None
    return {rel for rel in results if any(t == root / rel or t in (root / rel).parents for t in resolved)}

