"""The benchmark: its generated data is valid and canonical, its targets judge what they should,
and a small run prints and writes every figure with its ratio, target and verdict."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import run as bench  # noqa: E402
from generate import generate  # noqa: E402


def test_generated_data_validates_and_is_canonical(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    counts = generate(tmp_path / "data", 150)
    assert sum(counts.values()) == 150 == len(list((tmp_path / "data").rglob("*.yaml")))
    assert counts["meeting"] and counts["advice"]
    checked = cli("validate", "--no-cache", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 error(s), 0 warning(s)" in checked.stdout + checked.stderr
    formatted = cli("fmt", "--check", cwd=tmp_path)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    assert "all in canonical form" in formatted.stderr


def test_every_kind_and_report_is_benchmarked(tmp_path: Path) -> None:
    generate(tmp_path / "data", 150)
    names = [c.name for c in bench.commands(tmp_path / "data", tmp_path, diff=True)]
    from resoc_cli.kinds import KINDS

    assert all(f"{k.plural} list --history" in names for k in KINDS.values())
    for report in ("region", "council", "pact", "directory", "calendar", "agenda", "minutes", "advice-register"):
        assert any(n.startswith(f"report {report} ") for n in names), report
    exports = {c.name: c for c in bench.commands(tmp_path / "data", tmp_path, diff=True) if c.group == "export"}
    for export in ("json", "csv", "sqlite", "popolo", "ics", "vcf", "oparl"):
        command = exports[f"export {export}"]  # each written afresh: the path it writes is removed before each run
        assert command.output and command.output == command.argv[command.argv.index("-o") + 1]
    assert {"validate", "fmt --check", "diff HEAD~1 HEAD (one file changed)"} <= set(names)


def _row(setting: bench.Setting, command: bench.Command, wall: float, cpu: float = 0.1, memory: float = 50) -> bench.Row:
    return bench.Row(setting, command, [bench.Sample(wall, cpu, memory)])


@pytest.fixture
def rows() -> dict:  # type: ignore[type-arg]
    """A warm idle block at 1x and 4x of 100 files and a cold busy one, with made-up figures."""
    bench.BASE[0] = 100
    out = {}
    show = bench.Command("councils show raad-0", "show", ())
    listed = bench.Command("contacts list --history", "list", ())
    for setting, figures in ((bench.Setting("generated", 100, "warm", "idle", REPO), (10.0, 0.2, 0.5, 0.9)),
                             (bench.Setting("generated", 400, "warm", "idle", REPO), (40.0, 0.2, 0.7, 5.0)),
                             (bench.Setting("generated", 100, "cold", "busy", REPO), (10.0, 0.2, 0.5, 0.9))):
        floor, helped, shown, listing = figures
        for command, wall in ((bench.FLOOR_COMMAND, floor), (bench.HELP, helped), (show, shown), (listed, listing)):
            out[bench.key(setting, command.name)] = _row(setting, command, wall, memory=400 if wall == 5.0 else 50)
    validate = bench.Command("validate", "validate", ())
    cold = bench.Setting("generated", 100, "cold", "busy", REPO)
    out[bench.key(cold, "validate")] = _row(cold, validate, 11.0, cpu=0.12)
    out[bench.key(cold, bench.ONE_WORKER.name)] = _row(cold, bench.ONE_WORKER, 10.0)
    return out


def _verdicts(rows: dict, name: str, files: int, cache: str = "warm", load: str = "idle") -> dict[str, str]:  # type: ignore[type-arg]
    row = rows[("generated", files, cache, load, name)]
    found = next(found for judged, found in bench.judged(rows) if judged is row)
    return {t.text: f"{text} {'PASS' if ok else 'FAIL'}" for t, text, ok in found}


def test_targets_judge_ratios_scaling_and_memory(rows) -> None:  # type: ignore[no-untyped-def]
    shown = _verdicts(rows, "councils show raad-0", 100)
    assert shown["warm: show ID ≤ 3× resoc --help"] == "wall 2.5× --help ≤ 3× PASS"
    assert shown["every command: peak memory ≤ 300 MB"] == "50 MB ≤ 300 MB PASS"
    assert "every command: 4× the files ≤ 4.4× the time" not in shown  # judged on the 4x row
    listed = _verdicts(rows, "contacts list --history", 400)
    assert listed["warm: search, every list and every report ≤ 0.1× the floor"] == "wall 0.125× floor ≤ 0.1× FAIL"
    assert listed["every command: 4× the files ≤ 4.4× the time"] == "4× files 5.56× 1× ≤ 4.4× FAIL"
    assert listed["every command: peak memory ≤ 300 MB"] == "400 MB ≤ 300 MB FAIL"
    validated = _verdicts(rows, "validate", 100, "cold", "busy")
    assert validated["cold validate: CPU ≤ 1.3× the floor's CPU"] == "CPU 1.2× floor ≤ 1.3× PASS"
    assert validated["cold validate on a busy machine: never slower than one worker (5% for noise)"] == \
        "wall 1.1× one worker ≤ 1.05× FAIL"
    assert "cold validate: wall ≤ 0.8× the floor on an idle machine" not in validated


def test_tables_give_each_target_its_result(rows) -> None:  # type: ignore[no-untyped-def]
    lines = bench.tables(bench.judged(rows), rows)
    summary = {line.split(" | ")[0].lstrip("| "): line for line in lines[2:2 + len(bench.TARGETS)]}
    assert set(summary) == {t.text for t in bench.TARGETS}
    assert summary["warm: show ID ≤ 3× resoc --help"].endswith(
        "| 2 | 1 | FAIL: councils show raad-0 (idle, warm, 400 files): wall 3.5× --help ≤ 3× |")
    assert "FAIL: contacts list --history (idle, warm, 400 files)" in summary["every command: 4× the files ≤ 4.4× the time"]
    assert summary["bundled dataset: every read command ≤ 2× resoc --help"].endswith("| 0 | 0 | not measured |")
    assert any(line.startswith("| councils show raad-0 | idle, warm, 100 files | 0.500 s |") for line in lines)


def test_a_small_run_prints_and_writes_its_figures(tmp_path: Path) -> None:
    """The whole benchmark on 150 and 600 files, `show` alone, on the idle machine: real commands, real tables."""
    report = tmp_path / "performance.md"
    report.write_text("# Performance\n\nProse that stays.\n\n## Latest run\n\nold figures\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--scale", "150", "--repeat", "1",
                             "--only", "show", "--loads", "idle", "--write", str(report)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    assert "| warm: show ID ≤ 3× resoc --help | 2 |" in result.stdout
    assert "| councils show raad-0 | idle, warm, 600 files |" in result.stdout
    assert re.search(r"^\| councils show \S+ \| idle, warm, \d+ files \(bundled\) \|", result.stdout, re.M)
    written = report.read_text(encoding="utf-8")
    assert written.startswith("# Performance\n\nProse that stays.\n\n## Latest run\n\nMeasured on ")
    assert "`python benchmarks/run.py --scale 150 --repeat 1 --only show --loads idle --write" in written
    assert "old figures" not in written and result.stdout.strip() in written
