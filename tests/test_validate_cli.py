"""`resoc validate` run as a user runs it: the real CLI on real files, in its own process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from resoc_cli import cli as cli_module
from resoc_cli.validate import validate

from .conftest import run_cli


def test_bundled_dataset_is_valid() -> None:
    result = run_cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the dataset is valid" in result.stdout


def test_json_output_equals_the_library_result() -> None:
    result = run_cli("validate", "data", "--format", "json", "--as-of", "2010-06-01")
    library = validate([Path("data")], as_of=__import__("datetime").date(2010, 6, 1)).to_dict()
    assert json.loads(result.stdout) == library
    assert library["valid"] is True and library["stats"]["warnings"] > 0


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NINE_EMPLOYEE_MEMBERS = "".join("  - {on_behalf_of: acv, role: member, side: employee}\n" for _ in range(9))

# (name, file, old text, new text, text on the line the finding must name, code)
DEFECTS = [
    ("broken reference", "councils/kerngroep-leren-en-werken.yaml", "contact: lieve-cox", "contact: lieve-cocks", "lieve-cocks", "REF001"),
    ("unknown key", "councils/serr-kempen.yaml", "type: serr\n", "type: serr\nkleur: rood\n", "kleur: rood", "S001"),
    ("wrong type", "organisations/acv.yaml", "type: trade_union", "type: vakbond", "type: vakbond", "S003"),
    ("duplicate key", "councils/serr-kempen.yaml", "type: serr\n", "type: serr\nname: SERR Kempen bis\n", "SERR Kempen bis", "Y002"),
    ("impossible date", "councils/serr-kempen.yaml", "end_date: 2016-08-31", "end_date: 2016-02-30", "2016-02-30", "S004"),
    ("over-filled SERR", "councils/serr-kempen.yaml", "memberships:\n", "memberships:\n" + NINE_EMPLOYEE_MEMBERS, None, "SEAT001"),
    ("bad phone number", "councils/resoc-brugge.yaml", "value: '+3250407040'", "value: '+32504070'", "+32504070", "CD001"),
    ("YAML syntax error", "contacts/lieve-cox.yaml", "name: Lieve Cox", "name: [Lieve Cox", None, "Y001"),
    ("not a number", "pacts/streekoverleg-zuid-oost-vlaanderen-arbeidsmarkt.yaml", "    name: Arbeidsmarkt\n",
     "    name: Arbeidsmarkt\n    weight: .nan\n", "weight: .nan", "S003"),
]


@pytest.mark.parametrize(("name", "file", "old", "new", "needle", "code"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_one_defect_in_a_copy_of_the_real_data(data_copy: Path, name: str, file: str, old: str, new: str, needle: str | None, code: str) -> None:
    target = data_copy / file
    _replace(target, old, new)
    result = run_cli("validate", str(data_copy), "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    problems = [p for p in json.loads(result.stdout)["problems"] if p["code"] == code]
    assert problems, result.stdout
    assert all(p["file"] == str(target) for p in problems), problems
    if needle is not None:
        assert problems[0]["line"] == _line_of(target, needle)
    elif code == "SEAT001":  # the ninth employee-side member tips the side over
        ninth = _line_of(target, "memberships:") + 9
        assert [p["line"] for p in problems if p["severity"] == "error"] == [ninth]
    else:  # the unclosed bracket is reported where the parser runs out of file
        assert problems[0]["line"] >= _line_of(target, "[Lieve Cox")


def test_text_format_groups_per_file_with_a_summary(data_copy: Path) -> None:
    _replace(data_copy / "organisations/acv.yaml", "type: trade_union", "type: vakbond")
    result = run_cli("validate", str(data_copy))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    target = data_copy / "organisations/acv.yaml"
    assert lines[0] == str(target)
    assert lines[1].strip().startswith(f"{_line_of(target, 'type: vakbond')}:7") and "S003" in lines[1]
    assert lines[-1].endswith("the dataset is not valid.")
    assert "\x1b[" not in result.stdout  # no colour when stdout is not a terminal


def test_paths_narrow_the_report_to_those_files(data_copy: Path) -> None:
    _replace(data_copy / "organisations/acv.yaml", "type: trade_union", "type: vakbond")
    other = run_cli("validate", str(data_copy / "councils"), "--format", "json")
    assert other.returncode == 0 and json.loads(other.stdout)["problems"] == []
    broken = run_cli("validate", str(data_copy / "organisations" / "acv.yaml"), "--format", "json")
    assert broken.returncode == 1 and json.loads(broken.stdout)["stats"]["files"] == 1


def test_github_format_and_step_summary(data_copy: Path, tmp_path: Path) -> None:
    _replace(data_copy / "organisations/acv.yaml", "type: trade_union", "type: vakbond")
    summary = tmp_path / "summary.md"
    result = run_cli("validate", str(data_copy), env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    target = data_copy / "organisations/acv.yaml"
    line = _line_of(target, "type: vakbond")
    assert result.stdout.startswith(f"::error file={target},line={line},col=7,title=S003::S003 ")
    assert "| file | line | severity | code | message |" in summary.read_text(encoding="utf-8")


def test_strict_fails_on_warnings() -> None:
    assert run_cli("validate", "--as-of", "2010-06-01").returncode == 0
    strict = run_cli("validate", "--as-of", "2010-06-01", "--strict")
    assert strict.returncode == 1 and "warning" in strict.stdout


@pytest.mark.parametrize("args", [
    ("validate", "--format", "xml"),
    ("validate", "--as-of", "2018-13-01"),
    ("validate", "does-not-exist"),
    ("no-such-command",),
])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_outside_a_dataset_repository_says_what_to_do(tmp_path: Path) -> None:
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "no such file or folder: data" in result.stderr


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_internal_error_is_one_line_and_exit_3(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("resoc_cli.validate.validate", _explode)
    monkeypatch.setattr(sys, "argv", ["resoc", "validate"])
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "boom" in err and "Traceback" not in err


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("resoc_cli.validate.validate", _explode)
    monkeypatch.setattr(sys, "argv", ["resoc", "--debug", "validate"])
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 3
    assert "Traceback" in capsys.readouterr().err


def test_rules_command_lists_every_code_as_json() -> None:
    result = run_cli("rules", "--format", "json")
    codes = {item["code"] for item in json.loads(result.stdout)}
    assert {"REF001", "SEAT001", "GEO001", "Y002", "S001"} <= codes
    assert result.returncode == 0



def test_rules_table_shows_every_severity_a_rule_reports() -> None:
    """SEAT001/2: an error for wrongly declared seats, a warning for a vacancy on --as-of."""
    table = run_cli("rules")
    assert table.returncode == 0
    lines = {line.split()[0]: line for line in table.stdout.splitlines() if line.strip()}
    assert "fout; waarschuwing" in lines["SEAT001"] and "fout; waarschuwing" in lines["SEAT002"]
    assert " waarschuwing " in lines["GEO004"] and "fout" not in lines["GEO004"]
    assert table.stdout.rstrip().endswith("regels")
    assert "error; warning" in run_cli("rules", "--lang", "en").stdout
    vacancies = json.loads(run_cli("validate", "--format", "json", "--as-of", "2010-01-01").stdout)["problems"]
    assert {p["severity"] for p in vacancies if p["code"] == "SEAT002"} == {"warning"}
    rows = {r["code"]: r for r in json.loads(run_cli("rules", "--format", "json").stdout)}
    assert rows["SEAT001"]["severities"] == ["error", "warning"] and rows["Y001"]["severities"] == ["error"]
