"""The visibility boundary: an internal detail appears in no output unless asked for.

A copy of the real data gets internal e-mail addresses and phone numbers (one of them a bad
number, so that validation has something to say about it); then every command that prints
or writes runs in every format, and the markers must appear nowhere, and must appear with
--include-internal where that option exists.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from resoc_cli.kinds import KINDS
from resoc_cli.models import Advice
from resoc_cli.visibility import public_name

from .conftest import DATA, REPO, run_cli, run_in_process

EMAIL = "verborgen.marker@resoc-intern.be"
PHONE = "+3214999999"
BAD_PHONE = "014 99 99 98"
MARKERS = (EMAIL, PHONE, "+32 14 99 99 99", "14 99 99 98", "+3214999998")
SHOWN = {"region": "kempen", "municipality": "13008", "council": "kerngroep-leren-en-werken", "contact": "lieve-cox",
         "organisation": "acv", "pact": "streekpact-kempen-2013-2018", "action": "leren-en-werken.4.veldwerkers-lokaal-werk",
         "plan": "kerngroep-leren-en-werken-2018", "event": "werkmakkers-werk-zorgtrajecten", "project": "dc-noise",
         "source": "seed-000-serr-resoc-kempen"}  # no meeting or advice: the sources give none (test_meetings.py has them)


def _details(*pairs: tuple[str, str]) -> str:
    return "contact_details:\n" + "".join(f"  - type: {t}\n    value: '{v}'\n    visibility: internal\n" for t, v in pairs)


def mark(data: Path, phone: str = PHONE) -> None:
    """Internal details on a person (with a seat) and on a body."""
    person = data / "contacts" / "lieve-cox.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace(
        "name: Lieve Cox\n", "name: Lieve Cox\n" + _details(("email", EMAIL), ("phone", phone))), encoding="utf-8")
    council = data / "councils" / "kerngroep-leren-en-werken.yaml"
    council.write_text(council.read_text(encoding="utf-8").replace(
        "memberships:\n", _details(("email", EMAIL)) + "memberships:\n"), encoding="utf-8")


@pytest.fixture
def marked(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    mark(data)
    assert run_cli("validate", str(data)).returncode == 0
    return data


def _hits(text: str) -> list[str]:
    return [m for m in MARKERS if m in text]


def _commands(data: Path, out: Path) -> list[list[str]]:
    """Every printing command in every format."""
    d = ["--data", str(data)]
    calls = []
    for kind in KINDS.values():
        for fmt in ("table", "json", "csv", "yaml"):
            calls.append([kind.plural, "list", "--history", "-f", fmt, *d])
            if kind.name in SHOWN:
                calls.append([kind.plural, "show", SHOWN[kind.name], "-f", fmt, "--as-of", "2018-06-01", *d])
    calls += [["search", word, "--history", "-f", "json", *d] for word in ("lieve", "marker", "resoc-intern", "99")]
    for fmt in ("md", "html", "json"):
        calls += [["report", "council", "kerngroep-leren-en-werken", "-f", fmt, "--as-of", "2018-06-01", *d],
                  ["report", "region", "kempen", "-f", fmt, *d], ["report", "directory", "-f", fmt, "--as-of", "2018-06-01", *d],
                  ["report", "pact", "streekpact-kempen-2013-2018", "-f", fmt, *d], ["report", "calendar", "2018", "-f", fmt, *d],
                  ["plan", "show", "kerngroep-leren-en-werken", "2018", "-f", fmt, *d],
                  ["plan", "follow-up", "kerngroep-leren-en-werken", "2018", "-f", fmt, *d]]
    for fmt in ("json", "sqlite", "popolo", "ics", "vcf", "csv"):
        calls.append(["export", fmt, "-o", str(out / fmt), *d])
    return calls


def _everything(data: Path, out: Path, *extra: str) -> str:
    out.mkdir()
    texts = []
    for call in _commands(data, out):
        if extra and call[0] in ("plan",):
            continue  # plans take no --include-internal: they show no contact details at all
        result = run_in_process(*call, *extra)
        assert result.returncode in (0, 1), (call, result.stdout)
        texts.append(result.stdout)
    for path in sorted(out.rglob("*")):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", errors="replace"))
    return "\n".join(texts)


def test_no_internal_detail_in_any_output(marked: Path, tmp_path: Path) -> None:
    assert _hits(_everything(marked, tmp_path / "plain")) == []
    asked = _everything(marked, tmp_path / "asked", "--include-internal")
    assert EMAIL in asked and PHONE in asked


def _repo(tmp_path: Path) -> Path:
    """A git repository whose last commit adds internal details to the real data."""
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.be"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    mark(repo / "data")
    subprocess.run([*git, "commit", "-qam", "internal details"], check=True)
    mark_changed = (repo / "data" / "contacts" / "lieve-cox.yaml")
    mark_changed.write_text(mark_changed.read_text(encoding="utf-8").replace(PHONE, "+3214999997"), encoding="utf-8")
    return repo


def test_diff_says_an_internal_detail_changed_without_its_value(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    for fmt in ("text", "md", "json"):
        added = run_cli("diff", "HEAD~1", "HEAD", "-f", fmt, "--data", "data", cwd=repo)
        assert added.returncode == 0, added.stderr
        assert _hits(added.stdout) == [] and "(internal" in added.stdout, fmt
        working = run_cli("diff", "HEAD", "-f", fmt, "--data", "data", cwd=repo)
        assert "+3214999997" not in working.stdout and PHONE not in working.stdout
        assert "(internal, changed)" in working.stdout, fmt
    asked = run_cli("diff", "HEAD~1", "HEAD", "-f", "json", "--include-internal", "--data", "data", cwd=repo)
    assert EMAIL in asked.stdout


def test_validate_does_not_quote_a_bad_internal_number(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    mark(data, phone=BAD_PHONE)
    summary = tmp_path / "summary.md"
    for fmt in ("text", "json", "github"):
        result = run_cli("validate", str(data), "-f", fmt, env={"GITHUB_STEP_SUMMARY": str(summary)})
        assert result.returncode == 1 and "CD001" in result.stdout
        assert _hits(result.stdout + result.stderr) == [], fmt
    assert summary.read_text(encoding="utf-8") and _hits(summary.read_text(encoding="utf-8")) == []


def test_the_migration_commit_changes_no_meaning(tmp_path: Path) -> None:
    """The data as it was before `resoc migrate` and as it is now differ in key names only."""
    repo = tmp_path / "repo"
    shutil.copytree(DATA, repo / "data")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.be"]
    subprocess.run([*git[:3], "init", "-q"], check=True)
    old = {"start_date": "valid_from", "end_date": "valid_until"}
    project = repo / "data" / "councils" / "serr-kempen.yaml"
    text = project.read_text(encoding="utf-8")
    for new, before in old.items():
        text = text.replace(f"\n{new}:", f"\n{before}:")
    project.write_text(text, encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "old format"], check=True)
    assert run_cli("validate", "data", "-f", "json", cwd=repo).returncode == 1  # the loader names the new key
    assert "now called 'start_date'" in run_cli("validate", "data", cwd=repo).stdout
    migrated = run_cli("migrate", "--data", "data", cwd=repo)
    assert migrated.returncode == 0 and "serr-kempen.yaml" in migrated.stdout, migrated.stderr
    subprocess.run([*git, "commit", "-qam", "migrate"], check=True)
    assert run_cli("diff", "HEAD~1", "HEAD", "--data", "data", cwd=repo).stdout == "no changes to the dataset\n"
    assert run_cli("migrate", "--check", "--data", "data", cwd=repo).returncode == 0


def test_the_repository_data_is_in_the_current_format() -> None:
    assert run_cli("migrate", "--check", "--data", str(REPO / "data")).returncode == 0


def test_the_read_index_keeps_no_name_of_an_internal_record() -> None:
    """`name_of` answers from the stored name; an advice marked internal has none stored, so its
    name is read (and redacted) with the record, as before."""
    advice = {"id": "advies-1", "name": "Dossier", "council": "serr-kempen", "dossier_type": "vdab",
              "received": "2015-03-01", "sources": ["x.txt"]}
    assert public_name(Advice.model_validate(advice)) == "Dossier"
    assert public_name(Advice.model_validate(advice | {"visibility": "internal"})) is None
