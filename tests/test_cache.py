"""The cache never hides a problem: every kind of change is seen on the next run."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from resoc_cli import cache
from resoc_cli.validate import validate

from .conftest import run_cli

BASE = Path(__file__).parent / "rules" / "base"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RESOC_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "data"
    shutil.copytree(BASE, root)
    _age(root)
    return root


def _age(root: Path, seconds: int = 60) -> None:
    """Date every file a minute back, as files are when someone runs validate twice."""
    past = time.time() - seconds
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))


def _codes(root: Path, **kwargs: object) -> set[str]:
    return {f.code for f in validate([root], **kwargs).findings}  # type: ignore[arg-type]


def test_a_warm_run_reuses_everything(data: Path) -> None:
    first = validate([data])
    second = validate([data])
    assert first.findings == second.findings == []
    assert second.timing["files_checked"] == 0 and second.timing["files_reused"] == 10


def test_a_changed_file_is_seen(data: Path) -> None:
    assert _codes(data) == set()
    path = data / "organisations" / "acv.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: trade_union", "type: vakbond"), encoding="utf-8")
    assert "S003" in _codes(data)


def test_a_same_size_change_within_the_same_time_stamp_is_seen(data: Path) -> None:
    """The racy case: a file written just before a run, then changed again keeping size and time stamp."""
    path = data / "organisations" / "acv.yaml"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")  # modified just now
    assert _codes(data) == set()
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("type: trade_union", "type: trade_unio_"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert "S003" in _codes(data)


def test_a_change_whose_effect_is_on_another_file_is_seen(data: Path) -> None:
    assert _codes(data) == set()
    (data / "contacts" / "jan-peeters.yaml").unlink()
    report = validate([data])
    assert [(f.code, Path(f.file).name) for f in report.findings if f.code == "REF001"] == [
        ("REF001", "serr-test.yaml"), ("REF001", "werkgroep-test.yaml")]
    assert report.timing["files_checked"] == 0  # nothing re-read: the facts answered


def test_a_new_file_is_seen(data: Path) -> None:
    assert _codes(data) == set()
    (data / "regions" / "tweede.yaml").write_text(
        "id: tweede\nname: Tweede\nprovince: 10000\nmunicipalities:\n  - nis: 13040\nsources:\n  - 000_1e96a52e4f1e0247.txt\n",
        encoding="utf-8")
    assert "GEO002" in _codes(data)


def test_a_restored_file_is_seen_again(data: Path) -> None:
    path = data / "contacts" / "jan-peeters.yaml"
    saved = path.read_text(encoding="utf-8")
    path.unlink()
    assert "REF001" in _codes(data)
    path.write_text(saved, encoding="utf-8")
    assert _codes(data) == set()


def test_a_changed_as_of_day_is_seen(data: Path) -> None:
    import datetime as dt

    assert _codes(data, as_of=dt.date(2018, 1, 1)) == set()
    assert "SEAT001" in _codes(data, as_of=dt.date(2010, 6, 1))  # vacancies on that day


def test_a_new_tool_or_rule_set_starts_afresh(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validate([data])
    assert validate([data]).timing["files_checked"] == 0
    cache.fingerprint.cache_clear()
    monkeypatch.setattr("resoc_cli.__version__", "99.0.0")
    try:
        assert validate([data]).timing["files_checked"] == 10
    finally:
        cache.fingerprint.cache_clear()


def test_the_fingerprint_covers_the_rules_and_schemas() -> None:
    package = Path(cache.__file__).parent
    sources = {p.relative_to(package).as_posix() for p in package.rglob("*.py")}
    assert {"models.py", "rules/memberships.py", "rules/facts.py"} <= sources


def test_a_broken_cache_file_is_ignored(data: Path) -> None:
    validate([data])
    for path in (data.parent / "cache").glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    assert validate([data]).timing["files_checked"] == 10


def test_no_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(BASE, root)
    result = run_cli("validate", str(root), "--no-cache")
    assert result.returncode == 0
    assert not (tmp_path / ".resoc-cache").exists()
    assert run_cli("validate", str(root)).returncode == 0
    assert (tmp_path / ".resoc-cache" / ".gitignore").read_text() == "*\n"
