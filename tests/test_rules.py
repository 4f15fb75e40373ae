"""Every rule, and every loading code, against its data-driven cases in tests/rules/cases/.

A case starts from the small valid dataset in tests/rules/base/, applies its edits (text
replacements), adds or removes files, validates, and checks that the code is reported (at
the named file, line and column) or, for a passing case, that it is not.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from resoc_cli.docgen import rules_table
from resoc_cli.rules import REGISTRY
from resoc_cli.validate import validate

HERE = Path(__file__).parent / "rules"
BASE = HERE / "base"
CASES = HERE / "cases"
DEFAULT_AS_OF = "2018-01-01"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        spec = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        for outcome in ("fail", "pass"):
            for case in spec.get(outcome) or []:
                params.append(pytest.param(path.stem, outcome, case, id=f"{path.stem}-{outcome}-{case['name']}"))
    return params


def _build(case: dict[str, Any], root: Path) -> None:
    shutil.copytree(BASE, root)
    for edit in case.get("edits", []):
        target = root / edit["file"]
        text = target.read_text(encoding="utf-8")
        assert edit["old"] in text, f"the case's edit does not apply to {edit['file']}: {edit['old']!r}"
        target.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    for name, content in (case.get("files") or {}).items():
        target = root / name
        if content is None:
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    for name, content in (case.get("bytes") or {}).items():
        (root / name).write_bytes(content.encode("latin-1"))
    for name, spec in (case.get("repeat") or {}).items():  # a file too long to write out in a case
        (root / name).write_text(spec["head"] + spec["line"] * spec["times"], encoding="utf-8")


@pytest.mark.parametrize(("code", "outcome", "case"), _cases())
def test_rule_case(tmp_path: Path, code: str, outcome: str, case: dict[str, Any]) -> None:
    root = tmp_path / "data"
    _build(case, root)
    as_of = dt.date.fromisoformat(str(case.get("as_of", DEFAULT_AS_OF)))
    report = validate([root], as_of=as_of)
    hits = [f for f in report.findings if f.code == code]
    if outcome == "pass":
        assert not hits, report.to_text()
        return
    assert hits, f"{code} was not reported:\n{report.to_text()}"
    if "severity" in case:
        hits = [f for f in hits if f.severity == case["severity"]]
        assert hits, f"no {case['severity']} of {code}:\n{report.to_text()}"
    if "at" in case:
        at = case["at"]
        placed = [f for f in hits if Path(f.file).as_posix().endswith(at["file"]) and f.line == at["line"]
                  and ("column" not in at or f.column == at["column"])]
        assert placed, f"{code} not at {at}:\n{report.to_text()}"


def test_base_dataset_is_clean() -> None:
    report = validate([BASE], as_of=dt.date.fromisoformat(DEFAULT_AS_OF))
    assert report.findings == [], report.to_text()


# Codes a case here cannot produce, with the test that does.
TESTED_ELSEWHERE = {"Y006": "tests/test_writing_faults.py: an unreadable file needs a user without root's override"}


def test_every_code_has_a_failing_and_a_passing_case() -> None:
    present = {code: {"fail", "pass"} for code in TESTED_ELSEWHERE}
    for param in _cases():
        code, outcome, _ = param.values
        present.setdefault(code, set()).add(outcome)
    for item in rules_table():
        assert present.get(item["code"]) == {"fail", "pass"}, f"{item['code']} needs a failing and a passing case"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_rule_documents_a_bad_and_a_good_example(code: str) -> None:
    rule = REGISTRY[code]
    assert rule.title and rule.description and rule.bad and rule.good, code
    assert rule.bad != rule.good
