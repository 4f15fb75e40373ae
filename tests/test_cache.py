"""The cache never hides a problem and never runs or trusts what it did not make itself.

Every kind of change is seen on the next run; a cache file planted in the tree, copied from
another machine, doctored, of another version of the tool or corrupt is not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from resoc_cli import cache, loading
from resoc_cli.validate import validate
from resoc_cli.when import When

from .conftest import DATA, run_cli

BASE = Path(__file__).parent / "rules" / "base"
STATS = re.compile(r"files checked: (\d+), reused: (\d+), of which hashed again: (\d+)")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the small valid dataset, its cache in this test's own user cache folder."""
    monkeypatch.delenv("RESOC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    root = tmp_path / "project" / "data"
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


def _run(root: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, int]]:
    """`resoc --debug validate` on the root, as a user runs it, with what it says of the cache."""
    result = run_cli("--debug", "validate", str(root), *args)
    found = STATS.search(result.stderr)
    assert found, result.stderr
    checked, reused, again = map(int, found.groups())
    return result, {"checked": checked, "reused": reused, "hashed_again": again}


def _break(root: Path) -> None:
    """A file error (an unknown organisation type) and a dataset error (a contact gone)."""
    path = root / "organisations" / "acv.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: trade_union", "type: vakbond"), encoding="utf-8")
    (root / "contacts" / "jan-peeters.yaml").unlink()


# ---------------------------------------------------------------------------- no change is missed


def test_a_warm_run_reuses_everything(data: Path) -> None:
    first = validate([data])
    second = validate([data])
    assert first.findings == second.findings == []
    assert second.timing["files_checked"] == 0 and second.timing["files_reused"] == 10


def test_a_warm_run_of_the_cli_on_the_dataset_reuses_every_result(data_copy: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    files = len(list(data_copy.rglob("*.yaml")))
    cold, cold_stats = _run(data_copy)
    warm, warm_stats = _run(data_copy)
    assert cold.returncode == warm.returncode == 0 and cold.stdout == warm.stdout
    assert cold_stats == {"checked": files, "reused": 0, "hashed_again": 0}
    assert warm_stats["checked"] == 0 and warm_stats["reused"] == files


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
    stat_ = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("type: trade_union", "type: trade_unio_"), encoding="utf-8")
    os.utime(path, ns=(stat_.st_atime_ns, stat_.st_mtime_ns))
    assert path.stat().st_size == stat_.st_size
    assert "S003" in _codes(data)


def test_a_file_stamped_close_to_the_run_is_hashed_again(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The racy guard, on a file system whose time stamps are coarse (here: frozen at the start):
    an edit in the same tick as the recorded stamps keeps every stamp, so only hashing sees it."""
    tick = time.time_ns()
    monkeypatch.setattr(loading, "stamp_of", lambda s: (s.st_size, tick, tick, s.st_ino))
    assert _codes(data) == set()
    path = data / "organisations" / "acv.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: trade_union", "type: trade_unio_"), encoding="utf-8")
    report = validate([data])
    assert "S003" in {f.code for f in report.findings} and report.timing["files_hashed_again"] == 9


def test_a_same_size_edit_with_its_mtime_restored_is_seen(data: Path) -> None:
    """`touch -r` after an edit: same size, same mtime, long after the cache was made. Only the
    ctime (which no one can set back) tells; size and mtime alone would report the file valid."""
    time.sleep((cache.RACY_NS + 100_000_000) / 1e9)  # past the racy window: stamps alone decide
    assert _run(data)[0].returncode == 0
    warm, stats = _run(data)
    assert warm.returncode == 0 and stats == {"checked": 0, "reused": 10, "hashed_again": 0}
    path = data / "organisations" / "acv.yaml"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("type: trade_union", "type: trade_unio_"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    result, stats = _run(data)
    assert result.returncode == 1 and "S003" in result.stdout
    assert stats["checked"] == 1
    assert run_cli("validate", str(data), "--no-cache").stdout == result.stdout


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
    """The fingerprint is made cheaply (os.scandir, .dist-info folder names) but is the digest of
    every source of the package and every library's version as pathlib and importlib.metadata
    give them, computed here the plain way."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    import resoc_cli

    package = Path(cache.__file__).resolve().parent
    sources = sorted(package.rglob("*.py"))
    assert {"models.py", "rules/memberships.py", "rules/facts.py"} <= {p.relative_to(package).as_posix() for p in sources}
    digest = hashlib.sha256(f"{cache.FORMAT}:{resoc_cli.__version__}".encode())
    for source in sources:
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    for library in cache.LIBRARIES:
        digest.update(f"{library}={version(library)}".encode())
    cache.fingerprint.cache_clear()
    assert cache.fingerprint() == digest.hexdigest()

    def metadata(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    asked = (*cache.LIBRARIES, "typer", "Jinja2", "ruamel.yaml.clib", "no-such-library-at-all")
    assert cache._versions(asked) == {name: metadata(name) for name in asked}


def test_the_facts_of_the_dataset_come_back_from_json_as_they_went_in() -> None:
    """Facts are stored as plain JSON and read back by their type hints: tuples stay tuples, dates
    stay dates, and every file of the real dataset comes back equal."""
    from resoc_cli.checking import check_files
    from resoc_cli.rules.facts import Facts

    root = DATA.resolve()
    facts = [result.facts for result in check_files(sorted(root.rglob("*.yaml")), root)]
    read = cache._reader(Facts)
    back = [read(json.loads(json.dumps(item, default=cache._plain))) for item in facts]
    assert back == facts
    assert any(item.council and isinstance(item.council.life[0], When) for item in back)
    assert any(item.plan_dates for item in back) and any(item.municipalities for item in back)
    assert all(isinstance(loc, tuple) for item in back for loc, _, _ in item.refs)


def test_a_row_whose_facts_cannot_be_read_is_checked_again(data: Path) -> None:
    validate([data])
    with closing(sqlite3.connect(cache.cache_file(data.resolve()))) as db, db:
        db.execute("UPDATE files SET facts = '[' WHERE path = 'councils/serr-test.yaml'")
    (data / "contacts" / "jan-peeters.yaml").unlink()  # the dataset rules run again, on serr-test's facts too
    expected = validate([data], use_cache=False).findings
    report = validate([data])
    assert report.findings == expected
    assert ("REF001", "serr-test.yaml") in {(f.code, Path(f.file).name) for f in report.findings}


# ---------------------------------------------------------------------------- data, never code


def test_the_cache_is_sqlite_outside_the_tree_and_private(data: Path) -> None:
    assert _run(data)[0].returncode == 0
    home = data.parent.parent / "home-cache" / "resoc"
    (db,) = (home / "validate").glob("validate-*.sqlite3")
    assert db == cache.cache_file(data.resolve())
    assert db.read_bytes().startswith(b"SQLite format 3\0")
    assert stat.S_IMODE(db.stat().st_mode) == 0o600 and stat.S_IMODE((home / "key").stat().st_mode) == 0o600
    assert not list(data.parent.rglob(".resoc-cache")) and not list(data.parent.rglob("*.sqlite3"))


def test_the_project_git_ignores_a_cache_kept_in_the_tree() -> None:
    ignored = (DATA.parent / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".resoc-cache/" in ignored


class Boom:
    """A pickle that, when loaded, makes a folder: proof that it ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.mkdir, (str(self.marker),))


def test_a_planted_pickle_is_never_loaded(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the old cache lived, in an in-tree $RESOC_CACHE_DIR and under the new cache's own name."""
    _break(data)
    marker = data.parent.parent / "ran"
    payload = pickle.dumps(Boom(marker))
    old_name = f"validate-{hashlib.sha1(str(data.resolve()).encode()).hexdigest()[:12]}"
    in_tree = data.parent / ".resoc-cache"
    in_tree.mkdir()
    for part in ["state", *(f"facts-{n}" for n in range(16))]:
        (in_tree / f"{old_name}.{part}.pickle").write_bytes(payload)
    new_place = cache.cache_file(data.resolve())
    new_place.parent.mkdir(parents=True, exist_ok=True)
    new_place.write_bytes(payload)
    new_place.chmod(0o600)
    for extra in ({}, {"RESOC_CACHE_DIR": str(in_tree)}):
        result = run_cli("validate", str(data), env=extra)
        assert result.returncode == 1 and "S003" in result.stdout and "REF001" in result.stdout
        assert result.stderr == ""
    assert not marker.exists()
    assert new_place.read_bytes().startswith(b"SQLite format 3\0")  # replaced by a cache of its own


def _doctor(db: Path, **meta: str) -> None:
    """Make a cache claim that every file is fine, as an attacker would."""
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("UPDATE files SET findings = NULL")
        connection.execute("UPDATE meta SET value = '[]' WHERE key = 'dataset_findings'")
        for key, value in meta.items():
            connection.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))


def _as_other_machine(db: Path, root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Copy a cache made here to the place another machine's (another key's) cache of the same
    folder would be, and become that machine."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-machine"))
    target = cache.cache_file(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(db, target)
    return target


def _with_trigger(db: Path, *_: object) -> Path:
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("CREATE TABLE seen (x)")
        connection.execute("CREATE TRIGGER spy AFTER UPDATE ON files BEGIN INSERT INTO seen VALUES (1); END")
    return db


def _writable_by_others(db: Path, *_: object) -> Path:
    db.chmod(0o666)
    return db


def _owned_by_another_user(db: Path, *_: object) -> Path:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    os.chown(db, 65534, 65534)
    return db


def _of_another_version(db: Path, *_: object) -> Path:
    _doctor(db, fingerprint="0" * 64)
    return db


def _of_another_user_id(db: Path, *_: object) -> Path:
    _doctor(db, uid=str(os.getuid() + 1))
    return db


@pytest.mark.parametrize("plant", [_as_other_machine, _with_trigger, _writable_by_others, _owned_by_another_user,
                                   _of_another_version, _of_another_user_id])
def test_a_cache_this_user_did_not_make_here_is_not_trusted(plant: object, data: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _break(data)
    root = data.resolve()
    first = validate([data]).findings
    db = cache.cache_file(root)
    _doctor(db)
    assert validate([data]).findings == []  # the doctored cache, were it trusted, would hide both errors
    _doctor(db)
    planted = plant(db, root, monkeypatch, tmp_path)  # type: ignore[operator]
    result, stats = _run(data)
    assert result.returncode == 1 and "S003" in result.stdout and "REF001" in result.stdout
    assert stats["checked"] == 9 and result.stderr.count("\n") == 1  # everything checked afresh, nothing said
    with closing(sqlite3.connect(planted)) as connection:  # replaced by a cache of this user's own
        assert {row[0] for row in connection.execute("SELECT type FROM sqlite_master")} == {"table", "index"}
    again = validate([data])
    assert again.findings == first and again.timing["files_checked"] == 0


def test_a_cache_committed_into_the_tree_is_never_opened(data: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Another machine's cache, doctored and committed into an in-tree $RESOC_CACHE_DIR: its name
    is not this machine's, so it is not even opened."""
    in_tree = data.parent / ".resoc-cache"
    monkeypatch.setenv("RESOC_CACHE_DIR", str(in_tree))
    _break(data)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    assert validate([data]).findings
    (committed,) = in_tree.glob("*.sqlite3")
    _doctor(committed)
    saved = committed.read_bytes()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim"))
    result, stats = _run(data)
    assert result.returncode == 1 and "S003" in result.stdout and "REF001" in result.stdout
    assert stats["checked"] == 9
    assert committed.read_bytes() == saved and len(list(in_tree.glob("*.sqlite3"))) == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "pages overwritten"])
def test_a_corrupt_cache_is_ignored_and_rebuilt(damage: str, data: Path) -> None:
    assert validate([data]).findings == []
    db = cache.cache_file(data.resolve())
    content = db.read_bytes()
    damaged = {"garbage": b"not a database" * 100, "truncated": content[: len(content) // 2], "empty": b"",
               "pages overwritten": content[:4096] + b"\xff" * (len(content) - 4096)}[damage]
    db.write_bytes(damaged)
    result, stats = _run(data)
    assert result.returncode == 0 and result.stderr.count("\n") == 1 and stats["checked"] == 10
    assert validate([data]).timing["files_checked"] == 0


def test_a_broken_key_is_replaced_and_a_foreign_one_disables_the_cache(data: Path) -> None:
    key = data.parent.parent / "home-cache" / "resoc" / "key"
    assert validate([data]).timing["files_checked"] == 10
    key.write_bytes(b"short")
    assert validate([data]).timing["files_checked"] == 10  # a new key, a new cache
    assert len(key.read_bytes()) == 32 and validate([data]).timing["files_checked"] == 0
    key.chmod(0o644)  # others could read it, and so know the cache's name
    assert validate([data]).timing["files_checked"] == 10
    result, stats = _run(data)
    assert result.returncode == 0 and result.stderr.count("\n") == 1 and stats["checked"] == 10


def test_no_cache_neither_reads_nor_writes(data: Path) -> None:
    home = data.parent.parent / "home-cache"
    result = run_cli("validate", str(data), "--no-cache")
    assert result.returncode == 0
    assert not home.exists()
    assert run_cli("validate", str(data)).returncode == 0
    assert list((home / "resoc" / "validate").glob("validate-*.sqlite3"))


def test_runs_at_once_agree_and_leave_a_usable_cache(data: Path) -> None:
    _break(data)
    command = [sys.executable, "-m", "resoc_cli", "validate", str(data)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert {run.returncode for run in runs} == {1}
    assert len({out for out, _ in outputs}) == 1 and {err for _, err in outputs} == {""}
    result, stats = _run(data)
    assert result.stdout == outputs[0][0] and stats["checked"] == 0


def test_caches_not_written_for_a_month_are_removed(data: Path) -> None:
    """One cache is made for every data folder validated, temporary copies included: old ones go."""
    folder = cache.cache_dir()
    folder.mkdir(parents=True)
    old, recent = folder / "validate-0123.sqlite3", folder / "validate-4567.sqlite3"
    for path in (old, recent):
        path.write_bytes(b"")
    month = time.time() - cache.PRUNE_AFTER - 60
    os.utime(old, (month, month))
    validate([data])
    assert not old.exists() and recent.exists() and cache.cache_file(data.resolve()).exists()


# ---------------------------------------------------------------------------- fmt: contents known canonical

FMT_STATS = re.compile(r"files read: (\d+), parsed: (\d+)")


def _fmt_check(root: Path) -> tuple[subprocess.CompletedProcess[str], tuple[int, int]]:
    """`resoc --debug fmt --check` on the root, and how many files it read and parsed."""
    result = run_cli("--debug", "fmt", "--check", "--data", str(root))
    found = FMT_STATS.search(result.stderr)
    assert found and "Traceback" not in result.stderr, result.stderr
    return result, (int(found[1]), int(found[2]))


def _settle(root: Path) -> None:
    """Validate once the files' time stamps (ctime included) are past the racy window, so that
    the stamps recorded alone can tell that a file is unchanged."""
    time.sleep((cache.RACY_NS + 100_000_000) / 1e9)
    assert validate([root]).valid


@pytest.fixture
def canonical(data: Path) -> Path:
    """The small dataset in canonical form, validated (its stamps recorded)."""
    assert run_cli("fmt", "--data", str(data)).returncode == 0
    _settle(data)
    return data


def _disarrange(path: Path) -> None:
    """Out of canonical form at the same size: the first two lines swapped (a key out of order)."""
    first, second, rest = path.read_text(encoding="utf-8").split("\n", 2)
    path.write_text(f"{second}\n{first}\n{rest}", encoding="utf-8")


def test_fmt_reads_only_what_changed_and_parses_only_new_contents(canonical: Path) -> None:
    first, counts = _fmt_check(canonical)
    assert first.returncode == 0 and counts == (10, 10)  # the contents are learnt once
    warm, counts = _fmt_check(canonical)
    assert warm.returncode == 0 and counts == (0, 0) and warm.stdout == ""
    path = canonical / "organisations" / "acv.yaml"
    _disarrange(path)
    changed, counts = _fmt_check(canonical)
    assert changed.returncode == 1 and changed.stdout == f"{path}\n" and counts == (1, 1)
    again, counts = _fmt_check(canonical)  # a file out of form is never remembered
    assert again.returncode == 1 and again.stdout == f"{path}\n" and counts == (1, 1)
    assert run_cli("fmt", "--data", str(canonical)).returncode == 0
    fixed, counts = _fmt_check(canonical)
    assert fixed.returncode == 0 and counts == (1, 1)


def test_a_whole_tree_found_canonical_is_known_by_its_key(canonical: Path) -> None:
    """A whole run that found every file canonical remembers the tree's key: the next one with
    the same stamps reads nothing but the folder; any changed stamp (here ctime alone) makes it
    look at the files again."""
    from resoc_cli.cache_fmt import Known

    assert not Known.load(canonical).all_canonical
    assert _fmt_check(canonical)[0].returncode == 0
    assert Known.load(canonical).all_canonical and not Known.load(canonical, [canonical / "contacts"]).all_canonical
    assert _fmt_check(canonical)[1] == (0, 0)
    path = canonical / "councils" / "resoc-test.yaml"
    before = path.stat()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same file and mtime: a new ctime
    time.sleep((cache.RACY_NS + 100_000_000) / 1e9)  # past the racy window: the key alone must tell
    assert not Known.load(canonical).all_canonical
    result, counts = _fmt_check(canonical)
    assert result.returncode == 0 and counts == (1, 0)  # read and hashed, known canonical: not parsed


def test_a_tree_touched_within_the_racy_window_is_not_known_canonical(data: Path) -> None:
    assert run_cli("fmt", "--data", str(data)).returncode == 0
    assert _fmt_check(data)[0].returncode == 0  # every file canonical, but written a moment ago
    assert cache.meta_value(data, "canonical_tree") is None


def test_without_recorded_stamps_fmt_hashes_but_does_not_parse_known_contents(data: Path) -> None:
    assert run_cli("fmt", "--data", str(data)).returncode == 0
    assert _fmt_check(data)[1] == (10, 10)
    assert _fmt_check(data)[1] == (10, 0)  # no validate run: every file read and hashed, none parsed


def test_fmt_sees_a_same_size_edit_with_its_mtime_restored(canonical: Path) -> None:
    assert _fmt_check(canonical)[0].returncode == 0
    path = canonical / "councils" / "resoc-test.yaml"
    before = path.stat()
    _disarrange(path)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    result, counts = _fmt_check(canonical)
    assert result.returncode == 1 and result.stdout == f"{path}\n" and counts == (1, 1)


def test_a_content_canonical_for_one_kind_is_checked_again_under_another(canonical: Path) -> None:
    """The canonical form depends on the kind (key order, schema line): the same bytes elsewhere are new."""
    assert _fmt_check(canonical)[0].returncode == 0
    copy = canonical / "projects" / "acv.yaml"
    shutil.copy(canonical / "organisations" / "acv.yaml", copy)
    result, counts = _fmt_check(canonical)
    assert result.returncode == 1 and result.stdout == f"{copy}\n" and counts == (1, 1)


def _claim_canonical(db: Path, root: Path, rel: str) -> None:
    """Make a cache claim, as an attacker would, that a file's current content is canonical."""
    from resoc_cli.cache_fmt import form

    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute("INSERT OR IGNORE INTO canonical VALUES (?, ?)",
                           (cache.content_hash((root / rel).read_bytes()), form(rel)))


@pytest.mark.parametrize("plant", [_as_other_machine, _with_trigger, _writable_by_others, _owned_by_another_user,
                                   _of_another_version, _of_another_user_id])
def test_fmt_does_not_trust_a_cache_this_user_did_not_make_here(plant: object, canonical: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    rel = "organisations/acv.yaml"
    _disarrange(canonical / rel)
    _settle(canonical)  # stamps recorded for the content out of form
    db = cache.cache_file(canonical.resolve())
    _claim_canonical(db, canonical, rel)
    hidden, counts = _fmt_check(canonical)
    assert hidden.returncode == 0 and counts == (9, 9)  # were it trusted, the claim would hide the file
    planted = plant(db, canonical.resolve(), monkeypatch, tmp_path)  # type: ignore[operator]
    result, counts = _fmt_check(canonical)
    assert result.returncode == 1 and result.stdout == f"{canonical / rel}\n" and counts == (10, 10)
    assert result.stderr.count("\n") == 2  # the counts and the summary: nothing said of the cache
    with closing(sqlite3.connect(planted)) as connection:  # replaced by a cache of this user's own
        assert (cache.content_hash((canonical / rel).read_bytes()), "organisation:1") not in set(
            connection.execute("SELECT sha, form FROM canonical"))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_fmt_ignores_a_corrupt_cache_and_rebuilds_it(damage: str, canonical: Path) -> None:
    assert _fmt_check(canonical)[0].returncode == 0
    db = cache.cache_file(canonical.resolve())
    content = db.read_bytes()
    db.write_bytes({"garbage": b"not a database" * 100, "truncated": content[: len(content) // 2], "empty": b""}[damage])
    result, counts = _fmt_check(canonical)
    assert result.returncode == 0 and counts == (10, 10)
    assert _fmt_check(canonical)[1] == (0, 0)  # the new cache knows the whole tree canonical (no stamps needed)
