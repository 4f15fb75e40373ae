"""The rules: a registry of small functions, one per rule, in two scopes.

A *file* check looks at one record and runs in the worker process that parsed the file, so
its result can be cached with the file's content. A *dataset* check looks across files; it
runs on `Facts`, the few values each file contributes to cross-file questions (its id, the
references it makes, the municipalities it claims, ...), never on whole records, so that a
run with one changed file re-checks the dataset without re-reading the other 25,000.

A rule's docstring is its documentation: a title line, a paragraph saying why, and a `Bad:`
and a `Good:` example; `resoc rules` and docs/rules.md are made from it, and
tests/rules/cases/<code>.yaml holds its test cases. A code may have a check in each scope
(SEAT001: the declared seats are the file's business, the vacancies on --as-of the dataset's).
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..findings import Severity

Loc = tuple[Any, ...]
Scope = Literal["file", "dataset"]


@dataclass
class Problem:
    """What a rule found: where (a file, for dataset checks, and a place in it) and what."""

    loc: Loc
    message: str
    severity: Severity | None = None
    key: bool = False
    file: str | None = None  # relative to the dataset root; file checks leave it to the runner


@dataclass
class FileView:
    """One loaded record as a file check sees it: the record, where its file is, and its parts
    with their places (walked once, shared by every file check)."""

    path: Path
    kind: str
    record: Any
    models: list[tuple[Loc, Any]]

    @property
    def stem(self) -> str:
        return self.path.stem

    def of_type(self, model: type) -> Iterable[tuple[Loc, Any]]:
        return ((loc, m) for loc, m in self.models if isinstance(m, model))


@dataclass(frozen=True)
class Context:
    """What date-dependent checks need to know: the day they are evaluated at."""

    as_of: dt.date = field(default_factory=dt.date.today)


@dataclass
class Rule:
    code: str
    name: str
    severity: Severity
    checks: dict[str, Callable[..., Iterable[Problem]]] = field(default_factory=dict)
    scope_severity: dict[str, Severity] = field(default_factory=dict)  # what each scope's check reports

    @property
    def severities(self) -> tuple[Severity, ...]:
        """Every severity the rule reports, errors first: SEAT001 is an error for wrong seats, a warning for a vacancy."""
        found = set(self.scope_severity.values()) or {self.severity}
        return tuple(s for s in ("error", "warning") if s in found)

    @property
    def doc(self) -> str:
        texts = [inspect.cleandoc(check.__doc__) for check in self.checks.values() if check.__doc__]
        return texts[0] if texts else ""

    @property
    def title(self) -> str:
        return self.doc.splitlines()[0].rstrip(".") if self.doc else self.name

    @property
    def description(self) -> str:
        return _section(self.doc, None)

    @property
    def bad(self) -> str:
        return _section(self.doc, "Bad")

    @property
    def good(self) -> str:
        return _section(self.doc, "Good")

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "severity": self.severity, "severities": list(self.severities),
            "title": self.title,
            "description": self.description, "bad": self.bad, "good": self.good,
        }


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity = "error", scope: Scope = "file") -> Callable[[Any], Any]:
    """Register a check under a unique code, in the file scope (the default) or the dataset scope."""

    def register(check: Any) -> Any:
        entry = REGISTRY.setdefault(code, Rule(code, name, severity))
        if entry.name != name or scope in entry.checks:
            raise ValueError(f"rule code {code} is used twice")
        entry.checks[scope] = check
        entry.scope_severity[scope] = severity
        return check

    return register


def file_checks() -> list[tuple[Rule, Callable[..., Iterable[Problem]]]]:
    return [(r, r.checks["file"]) for r in REGISTRY.values() if "file" in r.checks]


def dataset_checks() -> list[tuple[Rule, Callable[..., Iterable[Problem]]]]:
    return [(r, r.checks["dataset"]) for r in REGISTRY.values() if "dataset" in r.checks]


def _section(doc: str, heading: str | None) -> str:
    """The text under `Bad:` / `Good:` (dedented), or the prose before them for None."""
    parts = re.split(r"^(Bad|Good):\s*$", doc, flags=re.M)
    if heading is None:
        prose = parts[0].split("\n", 1)
        return prose[1].strip() if len(prose) > 1 else ""
    for index in range(1, len(parts) - 1, 2):
        if parts[index] == heading:
            return inspect.cleandoc(parts[index + 1])
    return ""


# Register the rules.
from . import contact_details, dates, geography, identity, meetings, memberships, pacts, references, sources  # noqa: E402,F401
