"""How many worker processes cold validation starts: from the file count and the machine's load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resoc_cli import checking


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A machine of `cores` cores whose one-minute load average is `load`."""
    monkeypatch.delenv("RESOC_WORKERS", raising=False)

    def set(cores: int, load: float) -> None:
        monkeypatch.setattr(checking.os, "cpu_count", lambda: cores)
        monkeypatch.setattr(checking.os, "getloadavg", lambda: (load, load, load))
        monkeypatch.setattr(checking, "_busy_now", lambda cores: None)  # as where there is no /proc/stat

    return set


@pytest.mark.parametrize(("cores", "load", "expected"), [
    (2, 0.0, 2), (2, 0.4, 2),  # idle: a worker per core
    (2, 1.0, 1), (2, 2.0, 1), (2, 7.5, 1),  # a core or more taken by others: one process is never slower
    (8, 3.0, 5), (8, 0.2, 8), (1, 0.0, 1),
])
def test_workers_follow_the_free_cores(machine, cores: int, load: float, expected: int) -> None:  # type: ignore[no-untyped-def]
    machine(cores, load)
    assert checking.workers(25_000) == expected


def test_few_files_are_checked_in_one_process(machine) -> None:  # type: ignore[no-untyped-def]
    machine(8, 0.0)
    assert checking.workers(checking.SERIAL_BELOW - 1) == 1
    assert checking.workers(checking.SERIAL_BELOW) == 8


def test_no_load_average_counts_the_cores_free(machine, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    machine(4, 0.0)

    def unavailable() -> tuple[float, float, float]:
        raise OSError("no load average")

    monkeypatch.setattr(checking.os, "getloadavg", unavailable)
    assert checking.workers(25_000) == 4


def test_resoc_workers_decides(machine, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    machine(2, 9.0)
    monkeypatch.setenv("RESOC_WORKERS", "2")
    assert checking.workers(25_000) == 2
    monkeypatch.setenv("RESOC_WORKERS", "0")
    assert checking.workers(25_000) == 1


def test_the_cores_busy_now_count_before_the_load_average(machine, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Right after another command the one-minute load average still says 1.0 on a free machine."""
    machine(2, 1.0)
    monkeypatch.setattr(checking, "_busy_now", lambda cores: 0.05)
    assert checking.workers(25_000) == 2
    monkeypatch.setattr(checking, "_busy_now", lambda cores: 1.9)  # a CPU hog on each core: one process
    assert checking.workers(25_000) == 1


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="no /proc/stat on this system")
def test_busy_now_reads_this_machine() -> None:
    cores = os.cpu_count() or 1
    busy = checking._busy_now(cores)
    assert busy is not None and 0.0 <= busy <= cores


def test_fmt_in_workers_finds_and_writes_what_one_process_does(tmp_path: Path) -> None:
    """fmt formats files in worker processes when there are enough (editing._canonical_forms):
    the same files would be reformatted, the same texts written, the same errors located."""
    import shutil

    from .conftest import DATA, run_cli

    base = tmp_path / "base"
    shutil.copytree(DATA, base)
    for path in sorted(base.rglob("*.yaml"))[::9]:  # a key out of order: same content, not canonical
        first, second, rest = path.read_text(encoding="utf-8").split("\n", 2)
        path.write_text(f"{second}\n{first}\n{rest}", encoding="utf-8")
    said = {}
    for count in ("1", "2"):
        root, broken = tmp_path / count, tmp_path / f"{count}-broken"
        shutil.copytree(base, root)
        env = {"RESOC_WORKERS": count, "XDG_CACHE_HOME": str(tmp_path / f"cache-{count}")}
        check = run_cli("fmt", "--check", "--data", str(root), env=env)
        write = run_cli("fmt", "--data", str(root), env={**env, "XDG_CACHE_HOME": str(tmp_path / f"write-{count}")})
        texts = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}
        shutil.copytree(base, broken)
        last = sorted((broken / "contacts").glob("*.yaml"))[3]
        last.write_text(last.read_text(encoding="utf-8") + "phone: [\n", encoding="utf-8")
        refused = run_cli("fmt", "--data", str(broken), env=env)
        said[count] = (check.returncode, check.stdout.replace(str(root), "ROOT"), check.stderr, write.returncode,
                       write.stderr, texts, refused.returncode, refused.stderr.replace(str(broken), "ROOT"))
    assert said["1"] == said["2"]
    reformatted = said["2"][1].splitlines()
    assert said["2"][0] == 1 and len(reformatted) > 10 and said["2"][3] == 0 and f"{len(reformatted)} of" in said["2"][4]
    assert said["2"][6] == 1 and "contacts/" in said["2"][7] and "nothing was written" in said["2"][7]
