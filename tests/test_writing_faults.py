"""Writers under faults: parallel writers, kills and failures at every step of a change, file
modes, encodings, read-only folders, oversized files and output paths. Each runs the real CLI
on a copy of the real data, as a user (or an unlucky machine) would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from resoc_cli.journal import dataset_lock

from .conftest import DATA, REPO, run_cli

COUNCIL = "councils/kerngroep-leren-en-werken.yaml"
NEWCOMERS = ["alain-depreux", "ann-vanassche", "bjorn-cuyt", "brigitte-smessaert", "cil-cuypers", "daevy-amerlynck",
             "evelyne-lanneau", "ignace-van-der-vorst"]  # none of them sits on that council yet
PERSON = "tine-decuypere"  # her file and a membership in each of two councils: a change over three files
PERSON_FILES = ["contacts/tine-decuypere.yaml", "councils/resoc-brugge.yaml", "councils/serr-brugge.yaml"]
WRITERS = {  # each reads resoc-brugge.yaml
    "new membership": ["new", "membership", "--contact", NEWCOMERS[0], "--council", "resoc-brugge", "--for", "abvv",
                       "--start", "2019-01-01"],
    "contacts forget": ["contacts", "forget", PERSON],
    "fmt": ["fmt"],
    "fmt --check": ["fmt", "--check"],
}


def _join(data: Path, contact: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_cli("new", "membership", "--contact", contact, "--council", "kerngroep-leren-en-werken", "--for", "abvv",
                   "--start", "2019-01-01", "--data", str(data), env=env)


def _dataset(data: Path) -> dict[str, bytes]:
    """Every file of the dataset and its bytes, resoc's own state folder left out."""
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file() and ".resoc" not in p.relative_to(data).parts}


def _state_is_clean(data: Path) -> None:
    """No journal, no temporary file in resoc's folder, no temporary file anywhere else."""
    assert not (data / ".resoc" / "journal.json").exists()
    assert list((data / ".resoc" / "tmp").iterdir()) == []
    assert [p for p in data.rglob("*.tmp")] == []


def _disarrange(path: Path) -> None:
    """Make a file non-canonical (extra spaces after a key), for fmt to put right."""
    path.write_text(path.read_text(encoding="utf-8").replace("name:", "name:   ", 1), encoding="utf-8")


def _refused_in_one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 1, one line on stderr naming the problem, nothing announced and no path on stdout."""
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


# ---------------------------------------------------------------------------- two writers at once


def test_parallel_writers_each_land_or_are_refused_and_none_is_lost(data_copy: Path) -> None:
    council = data_copy / COUNCIL
    before = council.read_text(encoding="utf-8").count("  - contact:")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "NO_COLOR")}
    runs = [subprocess.Popen([sys.executable, "-m", "resoc_cli", "new", "membership", "--contact", who, "--council",
                              "kerngroep-leren-en-werken", "--for", "abvv", "--start", "2019-01-01", "--data", str(data_copy)],
                             cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for who in NEWCOMERS]
    outcomes = [(who, run.wait(timeout=300), run.stderr.read()) for who, run in zip(NEWCOMERS, runs)]  # type: ignore[union-attr]
    for run in runs:
        run.stdout.close(), run.stderr.close()  # type: ignore[func-returns-value, union-attr]
    landed = [who for who, code, _ in outcomes if code == 0]
    refused = [(who, code, err) for who, code, err in outcomes if code != 0]
    assert all(code == 1 and "nothing was" in err for _, code, err in refused), refused
    text = council.read_text(encoding="utf-8")
    assert text.count("  - contact:") == before + len(landed)  # none lost: every exit 0 is in the file
    for who in landed:
        assert f"contact: {who}\n" in text
    assert landed, "with a minute to wait, at least the first writer lands"
    assert run_cli("validate", str(data_copy)).returncode == 0
    _state_is_clean(data_copy)


def test_a_writer_that_waits_too_long_for_the_lock_gives_up_saying_so(data_copy: Path) -> None:
    before = _dataset(data_copy)
    with dataset_lock(data_copy):  # another writer, busy
        started = time.monotonic()
        result = _join(data_copy, NEWCOMERS[0], RESOC_LOCK_WAIT="1")
        assert time.monotonic() - started < 60
    _refused_in_one_line(result, "another resoc command", "nothing was done")
    assert _dataset(data_copy) == before


@pytest.mark.parametrize("command", [["fmt"], ["plan", "new", "kerngroep-leren-en-werken", "2017"]])
def test_fmt_and_plan_new_take_the_writers_lock_too(data_copy: Path, command: list[str]) -> None:
    _disarrange(data_copy / COUNCIL)
    before = _dataset(data_copy)
    with dataset_lock(data_copy):
        result = run_cli(*command, "--data", str(data_copy), env={"RESOC_LOCK_WAIT": "1"})
    _refused_in_one_line(result, "another resoc command")
    assert _dataset(data_copy) == before
    assert run_cli(*command, "--data", str(data_copy)).returncode == 0  # and with the lock free, it writes
    assert _dataset(data_copy) != before


# ---------------------------------------------------------------------------- killed or failing mid-change


@pytest.fixture(scope="module")
def forgotten(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The dataset after an uninterrupted `contacts forget` of the person."""
    data = tmp_path_factory.mktemp("forgotten") / "data"
    shutil.copytree(DATA, data)
    result = run_cli("contacts", "forget", PERSON, "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(data / rel) for rel in sorted(PERSON_FILES)]
    return _dataset(data)


BEFORE_THE_JOURNAL = ["temp-1", "temp-2", "prepared"]
AFTER_THE_JOURNAL = ["journal", "apply-1", "apply-2", "apply-3", "applied", "journal-removed"]


@pytest.mark.parametrize("step", BEFORE_THE_JOURNAL + AFTER_THE_JOURNAL)
def test_a_kill_at_any_step_leaves_the_dataset_entirely_before_or_after(data_copy: Path, step: str,
                                                                        forgotten: dict[str, bytes]) -> None:
    original = _dataset(data_copy)
    killed = run_cli("contacts", "forget", PERSON, "--data", str(data_copy), env={"RESOC_TEST_CRASH_AT": step})
    assert killed.returncode == 137, killed.stderr  # the hook fired: the process died at that step
    assert killed.stdout == ""
    after_any_command = run_cli("councils", "list", "--data", str(data_copy))  # not even a writer
    assert after_any_command.returncode == 0, after_any_command.stderr
    expected = original if step in BEFORE_THE_JOURNAL else forgotten
    assert _dataset(data_copy) == expected
    _state_is_clean(data_copy)
    holding = sorted(p.relative_to(data_copy).as_posix() for p in data_copy.rglob("*") if p.is_file() and PERSON.encode() in p.read_bytes())
    assert holding == (sorted(PERSON_FILES) if expected is original else [])


@pytest.mark.parametrize("step", ["temp-1", "prepared", "journal", "apply-2", "applied"])
def test_a_full_disk_at_any_step_rolls_back_with_one_line(data_copy: Path, step: str) -> None:
    original = _dataset(data_copy)
    result = run_cli("contacts", "forget", PERSON, "--data", str(data_copy), env={"RESOC_TEST_FAIL_AT": step})
    _refused_in_one_line(result, "No space left on device", "nothing was written")
    assert _dataset(data_copy) == original
    _state_is_clean(data_copy)


def test_forget_also_removes_temporary_files_an_older_writer_left_with_the_person(data_copy: Path) -> None:
    leftover = data_copy / "contacts" / f".{PERSON}.yaml.4242.tmp"  # what the writer before the journal left
    shutil.copy(data_copy / PERSON_FILES[0], leftover)
    unrelated = data_copy / "contacts" / ".lieve-cox.yaml.4243.tmp"
    shutil.copy(data_copy / "contacts" / "lieve-cox.yaml", unrelated)
    result = run_cli("contacts", "forget", PERSON, "--data", str(data_copy))
    assert result.returncode == 0, result.stderr
    assert not leftover.exists() and unrelated.exists()
    assert f"deleted contacts/.{PERSON}.yaml.4242.tmp" in result.stderr
    assert not [p for p in data_copy.rglob("*") if p.is_file() and PERSON.encode() in p.read_bytes()]


# ---------------------------------------------------------------------------- modes and read-only


@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_an_edited_or_formatted_file_keeps_its_mode(data_copy: Path, mode: int) -> None:
    council = data_copy / COUNCIL
    council.chmod(mode)
    assert _join(data_copy, NEWCOMERS[0]).returncode == 0
    assert council.stat().st_mode & 0o777 == mode
    _disarrange(council)
    formatted = run_cli("fmt", "--data", str(data_copy))
    assert formatted.returncode == 0 and formatted.stdout.strip() == str(council)
    assert council.stat().st_mode & 0o777 == mode


@pytest.mark.parametrize("command", [["new", "membership", "--contact", NEWCOMERS[0], "--council", "kerngroep-leren-en-werken",
                                      "--for", "abvv", "--start", "2019-01-01"], ["contacts", "forget", "kim-nevelsteen"]])
def test_a_read_only_file_is_refused_not_overwritten(data_copy: Path, command: list[str]) -> None:
    council = data_copy / COUNCIL
    council.chmod(0o444)
    before = _dataset(data_copy)
    result = run_cli(*command, "--data", str(data_copy))
    _refused_in_one_line(result, "read-only (mode 444)", "nothing was written")
    assert _dataset(data_copy) == before and council.stat().st_mode & 0o777 == 0o444
    _state_is_clean(data_copy)


def test_a_read_only_folder_is_one_clear_line_and_nothing_announced(data_copy: Path) -> None:
    folder = data_copy / "councils"
    before = _dataset(data_copy)
    folder.chmod(0o555)
    try:
        result = _join(data_copy, NEWCOMERS[0])
        new = run_cli("new", "council", "--name", "Testraad", "--type", "working_group", "--source", "000_1e96a52e4f1e0247.txt",
                      "--data", str(data_copy))
    finally:
        folder.chmod(0o755)
    _refused_in_one_line(result, "cannot write in", "read-only", "nothing was written")
    _refused_in_one_line(new, "cannot write in", "read-only")
    assert _dataset(data_copy) == before


def _as_a_user(*args: str) -> subprocess.CompletedProcess[str]:
    """Run resoc so that file modes bind it: as itself, or as root without the capabilities that
    override them (setpriv), so that the system, not resoc's own mode check, says no."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        prefix = [shutil.which("setpriv") or "setpriv", "--bounding-set=-dac_override,-dac_read_search",
                  "--inh-caps=-dac_override,-dac_read_search"]
        try:
            usable = subprocess.run([*prefix, "true"], capture_output=True).returncode == 0
        except OSError:
            usable = False
        if not usable:
            pytest.skip("running as root without setpriv: file modes do not bind this process")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    return subprocess.run([*prefix, sys.executable, "-m", "resoc_cli", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_folder_its_owner_may_not_write_in_is_one_clear_line(data_copy: Path) -> None:
    folder = data_copy / "councils"
    before = _dataset(data_copy)
    folder.chmod(0o577)  # others may write, the owner may not: the system's access check refuses it
    try:
        result = _as_a_user(*WRITERS["new membership"], "--data", str(data_copy))
    finally:
        folder.chmod(0o755)
    _refused_in_one_line(result, "cannot write in", "nothing was written")
    assert _dataset(data_copy) == before


def test_a_permission_error_on_the_way_rolls_back_with_one_line(data_copy: Path) -> None:
    before = _dataset(data_copy)
    with dataset_lock(data_copy):
        pass  # makes data/.resoc/
    tmp = data_copy / ".resoc" / "tmp"
    tmp.chmod(0o555)
    try:
        result = _as_a_user("contacts", "forget", PERSON, "--data", str(data_copy))
    finally:
        tmp.chmod(0o755)
    _refused_in_one_line(result, "Permission denied", "nothing was written")
    assert _dataset(data_copy) == before
    _state_is_clean(data_copy)


@pytest.mark.parametrize("command", ["new membership", "fmt --check"])
def test_an_unreadable_file_is_a_located_error(data_copy: Path, command: str) -> None:
    target = data_copy / PERSON_FILES[1]
    target.chmod(0o000)
    try:
        result = _as_a_user(*WRITERS[command], "--data", str(data_copy))
    finally:
        target.chmod(0o644)
    assert result.returncode == 1 and result.stdout == "", result.stderr
    assert f"{PERSON_FILES[1]}:1:1 Y006 the file cannot be read: Permission denied" in result.stderr


# ---------------------------------------------------------------------------- encodings and broken files


def _encode(path: Path, how: str) -> tuple[int, int]:
    """Rewrite a file in another encoding; where (line, column) a reader first trips on it."""
    text = path.read_text(encoding="utf-8")
    if how == "latin-1":
        text = text.replace("name: ", "name: Café ", 1)
        path.write_bytes(text.encode("latin-1"))
        line = next(n for n, s in enumerate(text.splitlines(), 1) if "Café" in s)
        return line, text.splitlines()[line - 1].index("é") + 1
    path.write_bytes(text.encode("utf-16" if how == "utf-16" else "utf-16-le"))
    return (1, 1) if how == "utf-16" else (1, 2)


@pytest.mark.parametrize("how", ["utf-16", "utf-16 without a BOM", "latin-1"])
@pytest.mark.parametrize("command", list(WRITERS))
def test_a_file_in_another_encoding_is_a_located_error_and_stays_as_it_is(data_copy: Path, how: str, command: str) -> None:
    target = data_copy / PERSON_FILES[1]  # resoc-brugge: edited by each of the writers
    line, column = _encode(target, how)
    before = _dataset(data_copy)
    result = run_cli(*WRITERS[command], "--data", str(data_copy))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert f"{PERSON_FILES[1]}:{line}:{column} Y004" in result.stderr
    assert ("UTF-16" if how.startswith("utf-16") else "Latin-1") in result.stderr
    assert _dataset(data_copy) == before


@pytest.mark.parametrize("command", ["new membership", "fmt --check"])
def test_a_file_that_does_not_parse_is_a_located_error(data_copy: Path, command: str) -> None:
    target = data_copy / PERSON_FILES[1]
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "note: [not closed\n")
    target.write_text("".join(lines), encoding="utf-8")
    before = _dataset(data_copy)
    result = run_cli(*WRITERS[command], "--data", str(data_copy))
    assert result.returncode == 1, result.stderr
    assert re.search(rf"{PERSON_FILES[1]}:5:5 Y001 YAML syntax error: while parsing a flow sequence", result.stderr)
    assert _dataset(data_copy) == before


def test_a_bom_is_kept_by_an_edit_and_removed_once_by_fmt_never_doubled(data_copy: Path) -> None:
    council = data_copy / COUNCIL
    council.write_bytes(b"\xef\xbb\xbf" + council.read_bytes())
    assert _join(data_copy, NEWCOMERS[0]).returncode == 0
    edited = council.read_bytes()
    assert edited.startswith(b"\xef\xbb\xbf# yaml-language-server") and edited.count(b"yaml-language-server") == 1
    check = run_cli("fmt", "--check", "--data", str(data_copy))
    assert check.returncode == 1 and check.stdout.strip() == str(council)
    assert run_cli("fmt", "--data", str(data_copy)).returncode == 0
    assert council.read_bytes() == edited[3:]  # the mark gone, nothing else changed
    assert run_cli("fmt", "--check", "--data", str(data_copy)).returncode == 0


def test_an_unquoted_belgian_number_is_answered_with_its_e164_form(data_copy: Path) -> None:
    contact = data_copy / PERSON_FILES[0]
    contact.write_text(contact.read_text(encoding="utf-8").replace(
        "  - type: email", "  - type: phone\n    value: 014728656\n  - type: email", 1), encoding="utf-8")
    result = run_cli("validate", str(data_copy))
    assert result.returncode == 1
    assert "'+3214728656'" in result.stdout and "'+14728656'" not in result.stdout


@pytest.mark.parametrize("shape", ["over 1 MiB", "over 10,000 keys"])
def test_an_oversized_file_is_refused_quickly_with_a_located_error(data_copy: Path, shape: str) -> None:
    council = data_copy / COUNCIL
    text = council.read_text(encoding="utf-8")
    if shape == "over 1 MiB":
        filler = "".join(f"# {'x' * 70}\n" for _ in range(16_000))
    else:
        filler = "extra:\n" + "".join(f"  k{n}: {n}\n" for n in range(12_000))
    council.write_text(text + filler, encoding="utf-8")
    started = time.monotonic()
    checked = run_cli("validate", str(data_copy), "--format", "json")
    assert time.monotonic() - started < 60
    assert checked.returncode == 1
    problems = json.loads(checked.stdout)["problems"]
    assert [(p["file"].endswith(COUNCIL), p["line"], p["column"], p["code"]) for p in problems] == [(True, 1, 1, "Y005")]
    edited = _join(data_copy, NEWCOMERS[0])
    assert edited.returncode == 1 and f"{COUNCIL}:1:1 Y005" in edited.stderr


# ---------------------------------------------------------------------------- -o never makes folders


@pytest.mark.parametrize("command", [["report", "region", "kempen"], ["export", "json"], ["export", "csv"],
                                     ["plan", "show", "kerngroep-leren-en-werken", "2018"]])
def test_output_into_a_missing_folder_is_a_usage_error_and_makes_no_folder(data_copy: Path, tmp_path: Path,
                                                                          command: list[str]) -> None:
    target = tmp_path / "missing" / "deeper" / "out"
    result = run_cli(*command, "-o", str(target), "--data", str(data_copy))
    assert result.returncode == 2, result.stderr
    assert f"folder {target.parent} does not exist" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_output_over_an_existing_file_keeps_its_mode_and_refuses_a_read_only_one(data_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report.md"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o600)
    assert run_cli("report", "region", "kempen", "-o", str(out), "--force", "--data", str(data_copy)).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o600 and out.read_text(encoding="utf-8") != "old\n"
    out.chmod(0o444)
    refused = run_cli("report", "region", "kempen", "-o", str(out), "--force", "--data", str(data_copy))
    assert refused.returncode == 1 and "read-only" in refused.stderr
    assert [p.name for p in out.parent.iterdir()] == ["report.md"]  # no temporary file left beside it


def test_an_export_folder_with_a_read_only_file_is_refused_before_any_file_is_replaced(tmp_path: Path) -> None:
    """csv and OParl write many files with one flush (atomic_write_all): a file that may not be
    replaced stops the export before anything is renamed into place, and no staged file stays."""
    out = tmp_path / "csv"
    first = run_cli("export", "csv", "-o", str(out), "--data", str(DATA))
    assert first.returncode == 0, first.stderr
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    locked = sorted(before)[-1]  # wherever it comes in the export's order, nothing is renamed before all are staged
    (out / locked).chmod(0o444)
    (out / sorted(before)[0]).write_bytes(b"changed by hand\n")
    again = run_cli("export", "csv", "-o", str(out), "--force", "--data", str(DATA))
    assert again.returncode == 1 and "read-only" in again.stderr and "Traceback" not in again.stderr
    assert (out / sorted(before)[0]).read_bytes() == b"changed by hand\n"  # not replaced: nothing was renamed
    assert sorted(path.name for path in out.iterdir()) == sorted(before)  # no staged file left behind


def test_exporting_again_leaves_unchanged_files_as_they_are_and_replaces_the_rest(tmp_path: Path) -> None:
    """atomic_write_all leaves a file that already holds the export's bytes in place (same inode,
    same time stamp: rsync and git see only what changed), and replaces one that differs, one
    cut short and a link put where a file was (never following it)."""
    out = tmp_path / "oparl"
    first = run_cli("export", "oparl", "-o", str(out), "--data", str(DATA))
    assert first.returncode == 0, first.stderr
    files = sorted(path for path in out.rglob("*.json"))
    before = {path: path.read_bytes() for path in files}
    changed, short, linked = files[0], files[1], files[2]
    changed.write_bytes(before[changed].replace(b"{", b"{ ", 1))
    short.write_bytes(before[short][:-1])
    outside = tmp_path / "outside.json"
    outside.write_bytes(before[linked])  # the very bytes: still a link, so still replaced
    linked.unlink()
    linked.symlink_to(outside)
    stamps = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in files if path not in (changed, short, linked)}
    time.sleep(0.01)
    again = run_cli("export", "oparl", "-o", str(out), "--force", "--data", str(DATA))
    assert again.returncode == 0, again.stderr
    assert {path: path.read_bytes() for path in files} == before
    assert not linked.is_symlink() and outside.read_bytes() == before[linked]
    assert {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in stamps} == stamps
    assert not [path for path in out.rglob("*") if path.name.endswith(".tmp")]  # no staged file left behind


def test_an_export_over_a_fifo_replaces_it_and_does_not_hang(tmp_path: Path) -> None:
    """A file of an export folder that is no regular file (a FIFO) is never opened to compare
    it with the new bytes: opening a FIFO blocks until someone writes into it."""
    import threading

    from resoc_cli.writing import atomic_write_all

    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "a.json")
    done: list[list[Path]] = []
    worker = threading.Thread(target=lambda: done.append(atomic_write_all([(out / "a.json", b"{}\n")])), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done == [[out / "a.json"]], "atomic_write_all hung on a FIFO"
    assert (out / "a.json").read_bytes() == b"{}\n"
