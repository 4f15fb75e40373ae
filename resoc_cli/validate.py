"""`validate`: load a dataset, check schemas and rules, and report every finding."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .dataset import Dataset, find_dataset_root
from .errors import UsageError
from .findings import Finding, Report
from .rules import Context, run_rules

DEFAULT_DATA = Path("data")


def validate(paths: Sequence[Path] = (), *, as_of: dt.date | None = None, strict: bool = False) -> Report:
    """Validate the dataset the paths lie in and report the findings on those paths.

    The whole dataset is always loaded, since a reference in one file is checked against the
    others; with paths given, only findings in files under them are reported.
    """
    targets = [Path(p) for p in paths] or [DEFAULT_DATA]
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        hint = "" if paths else " (run this in the dataset's repository, or name the data folder)"
        raise UsageError(f"no such file or folder: {', '.join(missing)}{hint}")
    root = find_dataset_root(targets) or (targets[0] if targets[0].is_dir() else targets[0].parent)
    dataset = Dataset.load(root.resolve())
    context = Context(as_of=as_of or dt.date.today())
    findings = [f for doc in dataset.documents for f in doc.findings] + run_rules(dataset, context)
    scope = _in_scope(dataset, targets)
    if scope is not None:
        findings = [f for f in findings if f.file in scope]
    return Report(findings=sorted(findings), stats=_stats(dataset, scope, context), strict=strict)


def _in_scope(dataset: Dataset, targets: list[Path]) -> set[str] | None:
    """Display names of the documents under the targets, or None when that is all of them."""
    resolved = [t.resolve() for t in targets]
    if any(t == dataset.root for t in resolved):
        return None
    return {doc.display for doc in dataset.documents if any(t == doc.path or t in doc.path.parents for t in resolved)}


def _stats(dataset: Dataset, scope: set[str] | None, context: Context) -> dict[str, object]:
    docs = [d for d in dataset.documents if scope is None or d.display in scope]
    kinds = Counter(d.kind or "unplaced" for d in docs)
    return {"files": len(docs), "records": dict(sorted(kinds.items())), "as_of": context.as_of.isoformat()}


