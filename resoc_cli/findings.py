"""Findings are values: YAML errors, schema errors and rule findings share one type.

One `Report` holds them, decides validity and the exit code, and serialises to every format,
so the text, json and github outputs cannot disagree about what was found.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .neutral import cell_text, markdown_text

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One problem at one place: file, 1-based line and column, a stable code, words for people."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def located(self) -> str:
        """The finding on one line, as a refusal quotes it: file:line:column code message."""
        return f"{self.file}:{self.line}:{self.column} {self.code} {self.message}"


@dataclass
class Report:
    """The outcome of a validation run."""

    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    strict: bool = False
    # How the run went (seconds, files taken from the cache): for progress and benchmarks,
    # not part of the result, so that two runs over the same data report the same.
    timing: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def valid(self) -> bool:
        """Valid means no errors; with strict, no warnings either."""
        return not self.errors and not (self.strict and self.warnings)

    @property
    def exit_code(self) -> int:
        return 0 if self.valid else 1

    def by_file(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in sorted(self.findings):
            grouped.setdefault(finding.file, []).append(finding)
        return grouped

    def to_dict(self) -> dict[str, Any]:
        """The json form: {"valid", "problems": [...], "stats": {...}}."""
        stats = dict(self.stats, errors=len(self.errors), warnings=len(self.warnings))
        return {"valid": self.valid, "problems": [f.to_dict() for f in sorted(self.findings)], "stats": stats}

    def summary(self) -> str:
        files = self.stats.get("files", 0)
        verdict = "valid" if self.valid else "not valid"
        return (
            f"{files} files checked: {len(self.errors)} error(s), {len(self.warnings)} warning(s); "
            f"the dataset is {verdict}."
        )

    def to_text(self) -> str:
        """For people: grouped per file, one line per finding, a summary line last."""
        lines: list[str] = []
        for file, findings in self.by_file().items():
            lines.append(file)
            for f in findings:
                lines.append(f"  {f.line}:{f.column}  {f.severity:<7}  {f.code}  {f.message}")
            lines.append("")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_github(self) -> str:
        """GitHub Actions workflow commands: one annotation per finding."""
        out = []
        for f in sorted(self.findings):
            message = _escape_data(f"{f.code} {f.message}")
            props = f"file={_escape_prop(f.file)},line={f.line},col={f.column},title={_escape_prop(f.code)}"
            out.append(f"::{f.severity} {props}::{message}")
        out.append(self.summary())
        return "\n".join(out) + "\n"

    def to_markdown(self) -> str:
        """A summary for $GITHUB_STEP_SUMMARY or a pull-request comment."""
        head = "✅" if self.valid else "❌"
        lines = [f"### {head} resoc validate", "", self.summary(), ""]
        if self.findings:
            lines += ["| file | line | severity | code | message |", "|---|---:|---|---|---|"]
            for f in sorted(self.findings):
                cells = [f"`{f.file}`", str(f.line), f.severity, f.code, f.message]
                lines.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
        return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def md_cell(value: Any) -> str:
    """Text that stays inside one Markdown table cell and adds no markup: a | or a line break in the
    data cannot split it, '<' cannot open HTML (neutral.markdown_text)."""
    return markdown_text(cell_text(value))
