"""The cross-file rules: a registry of small functions, one per rule.

A rule is a generator over the dataset that yields `Problem`s: the document, the place inside
it (a path of keys and indexes) and a message. Its docstring is its documentation: a title
line, a paragraph saying why, and a `Bad:` and a `Good:` example; `resoc rules` and
docs/rules.md are made from it, and tests/rules/cases/<code>.yaml holds its test cases.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..dataset import Dataset, Loc
from ..findings import Finding, Severity
from ..loading import Document


@dataclass
class Problem:
    """What a rule found: where (document and place in it) and what, in plain words."""

    doc: Document
    loc: Loc
    message: str
    severity: Severity | None = None
    key: bool = False


@dataclass(frozen=True)
class Context:
    """What date-dependent rules need to know: the day they are evaluated at."""

    as_of: dt.date = field(default_factory=dt.date.today)


Check = Callable[[Dataset, Context], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    check: Check

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

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
            "code": self.code, "name": self.name, "severity": self.severity, "title": self.title,
            "description": self.description, "bad": self.bad, "good": self.good,
        }


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity = "error") -> Callable[[Check], Check]:
    """Register a check under a unique code."""

    def register(check: Check) -> Check:
        if code in REGISTRY:
            raise ValueError(f"rule code {code} is used twice")
        REGISTRY[code] = Rule(code, name, severity, check)
        return check

    return register


def run_rules(dataset: Dataset, context: Context, codes: Iterable[str] | None = None) -> list[Finding]:
    """Run the rules (all, or those named) and turn their problems into located findings."""
    selected = [REGISTRY[c] for c in codes] if codes is not None else list(REGISTRY.values())
    findings = []
    for item in selected:
        for problem in item.check(dataset, context):
            severity = problem.severity or item.severity
            findings.append(problem.doc.finding(item.code, severity, problem.message, problem.loc, key=problem.key))
    return findings


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
from . import contact_details, dates, geography, identity, memberships, pacts, references  # noqa: E402,F401
