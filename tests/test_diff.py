"""`resoc diff` for reviewers: golden files of each form on a git repository with known changes.

The repository is a copy of the real data with one commit of changes a reviewer must see: a
contact added (one public detail, one internal), an organisation removed, a project renamed
(and a field changed with it), a field changed, a membership started and one ended, an
internal detail changed, and in a pact an action removed and a list in another action grown. After a deliberate change of the output, regenerate the golden files
with RESOC_UPDATE_GOLDEN=1 and read their diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import DATA, REPO, run_cli

GOLDEN = REPO / "tests" / "golden"
PUBLIC_EMAIL = "an.peeters@example.org"
INTERNAL_PHONE = "+3214999991"
OLD_INTERNAL_EMAIL = "miet.verhamme@wse.vlaanderen.be"
NEW_INTERNAL_EMAIL = "m.verhamme@example.org"

NEW_CONTACT = f"""\
# yaml-language-server: $schema=../../schemas/contact.schema.json
id: an-peeters
name: An Peeters
contact_details:
  - type: email
    value: {PUBLIC_EMAIL}
  - type: phone
    value: '{INTERNAL_PHONE}'
    visibility: internal
sources:
  - https://example.org/bron
"""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                          capture_output=True, text=True).stdout


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose last commit makes the known changes."""
    repo = tmp_path_factory.mktemp("reviewed")
    data = repo / "data"
    shutil.copytree(DATA, data)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    (data / "contacts" / "an-peeters.yaml").write_text(NEW_CONTACT, encoding="utf-8")
    (data / "organisations" / "boerenbond.yaml").unlink()
    project = data / "projects" / "dc-noise.yaml"
    project.rename(data / "projects" / "dc-noise-project.yaml")
    _replace(data / "projects" / "dc-noise-project.yaml", "id: dc-noise\n", "id: dc-noise-project\n")
    _replace(data / "projects" / "dc-noise-project.yaml", "funding: Europees project\n", "funding: Europees Sociaal Fonds\n")
    _replace(data / "organisations" / "acv.yaml", "\nname: ACV\n", "\nname: ACV-CSC\n")
    council = data / "councils" / "kerngroep-leren-en-werken.yaml"
    _replace(council, "    on_behalf_of: acv\n    role: chair\n",
             "    on_behalf_of: acv\n    role: chair\n    end_date: 2019-12-31\n    end_reason: einde mandaat\n")
    _replace(council, "sources:\n", "  - contact: an-peeters\n    on_behalf_of: abvv\n    role: member\n"
                                    "    start_date: 2020-01-01\nsources:\n")
    _replace(data / "contacts" / "miet-verhamme.yaml", OLD_INTERNAL_EMAIL, NEW_INTERNAL_EMAIL)
    pact = data / "pacts" / "streekpact-kempen-2013-2018.yaml"
    _replace(pact, "            partners:\n              - vdab\n", "            partners:\n              - vdab\n              - acv\n")
    text = pact.read_text(encoding="utf-8")
    start = text.index("          - id: leren-en-werken.1.netwerk-buso\n")
    pact.write_text(text[:start] + text[text.index("          - id: leren-en-werken.1.helikoptergroep\n"):], encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "known changes")
    return repo


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RESOC_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


@pytest.mark.parametrize("fmt,suffix", [("text", "txt"), ("md", "md"), ("json", "json")])
def test_each_form_matches_its_golden_file(reviewed: Path, fmt: str, suffix: str) -> None:
    result = run_cli("diff", "HEAD~1", "HEAD", "--format", fmt, "--data", "data", cwd=reviewed)
    assert result.returncode == 0, result.stderr
    for secret in (INTERNAL_PHONE, OLD_INTERNAL_EMAIL, NEW_INTERNAL_EMAIL):
        assert secret not in result.stdout, (fmt, secret)
    assert PUBLIC_EMAIL in result.stdout  # the reviewer sees that this detail is made public
    _golden(f"diff-known-changes.{suffix}", result.stdout)


def test_every_change_names_the_line_of_its_key_in_head(reviewed: Path) -> None:
    changes = json.loads(run_cli("diff", "HEAD~1", "HEAD", "-f", "json", "--data", "data", cwd=reviewed).stdout)
    seen = set()
    for change in changes:
        if change["change"] == "removed":
            assert "line" not in change and change["file"] == "data/organisations/boerenbond.yaml"
            continue
        lines = (reviewed / change["file"]).read_text(encoding="utf-8").splitlines()
        assert lines[change["line"] - 1] == f"id: {change['id']}"
        for f in change.get("fields", []):
            if f["new"] is None:  # a removed part: the line of what held it, here the list of actions
                assert lines[f["line"] - 1].lstrip(" -").startswith("actions:"), f
            else:
                leaf = re.split(r"[.\]]", f["path"])[-1]
                assert lines[f["line"] - 1].lstrip(" -").startswith(f"{leaf}:"), (change["id"], f)
            seen.add(f["path"])
        for m in change.get("memberships", []):
            assert lines[m["line"] - 1] == f"  - contact: {m['contact']}", (change["id"], m)
            seen.add(m["event"])
    assert {"name", "funding", "contact_details", "started", "ended"} <= seen
    pact = "pillars[leren-en-werken].clusters[leren-en-werken.1].actions[leren-en-werken.1."
    assert {f"{pact}rop-leren-en-werken].partners", f"{pact}netwerk-buso]"} <= seen
    assert [(c["change"], c["kind"], c["id"]) for c in changes] == [
        ("added", "contact", "an-peeters"), ("renamed", "project", "dc-noise-project"),
        ("changed", "contact", "miet-verhamme"), ("changed", "council", "kerngroep-leren-en-werken"),
        ("changed", "organisation", "acv"), ("changed", "pact", "streekpact-kempen-2013-2018"),
        ("removed", "organisation", "boerenbond")]


def test_working_tree_changes_are_placed_in_the_working_files(reviewed: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(reviewed, work)
    _replace(work / "data" / "organisations" / "acv.yaml", "side: employee\n", "side: employer\n")
    text = run_cli("diff", "HEAD", "--data", "data", cwd=work).stdout
    line = (work / "data" / "organisations" / "acv.yaml").read_text(encoding="utf-8").splitlines().index("side: employer") + 1
    assert text.splitlines()[:5] == ["1 record: 1 changed", "", "changed organisation acv  ACV-CSC",
                                     f"  data/organisations/acv.yaml:{line}  side", "    - side: employee"]


def test_markdown_values_cannot_close_the_diff_block(reviewed: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(reviewed, work)
    _replace(work / "data" / "organisations" / "acv.yaml", "\nname: ACV-CSC\n", "\nname: \"```\\n# Approved <img src=x>\"\n")
    markdown = run_cli("diff", "HEAD", "-f", "md", "--data", "data", cwd=work).stdout
    assert "\n````diff\n" in markdown and markdown.rstrip().endswith("````")
    assert "\n# Approved" not in markdown and "<img" not in markdown.split("````diff")[0]


def _parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds of the files the diff parses, as it parses them."""
    from resoc_cli import diffing

    seen: list[str] = []
    parse = diffing._parse
    monkeypatch.setattr(diffing, "_parse", lambda body, kind: seen.append(kind) or parse(body, kind))
    return seen


def test_only_the_files_git_names_as_changed_are_parsed(reviewed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Seven records changed in six files (a rename is a removal and an addition) of 132: their
    versions on each side that has them are the only ones read, in one git call."""
    from resoc_cli.diffing import dataset_diff

    seen = _parsed(monkeypatch)
    changes = dataset_diff(reviewed / "data", "HEAD~1", "HEAD")
    assert len(changes) == 7
    assert sorted(seen) == sorted(["contact", "organisation", "project", "project", "organisation", "organisation",
                                   "council", "council", "contact", "contact", "pact", "pact"])


def test_a_working_tree_diff_reads_new_untracked_and_deleted_files_only(reviewed: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from resoc_cli.diffing import dataset_diff

    work = tmp_path / "work"
    shutil.copytree(reviewed, work)
    (work / "data" / "contacts" / "an-peeters.yaml").rename(work / "data" / "contacts" / "an-peeters-2.yaml")
    (work / "data" / "organisations" / "acv.yaml").unlink()
    (work / "data" / ".resoc").mkdir(exist_ok=True)
    (work / "data" / ".resoc" / "stray.yaml").write_text("id: [not closed\n", encoding="utf-8")
    seen = _parsed(monkeypatch)
    changes = dataset_diff(work / "data", "HEAD")
    assert [(c["change"], c["kind"], c["id"]) for c in changes] == [
        ("renamed", "contact", "an-peeters-2"), ("removed", "organisation", "acv")]
    assert sorted(seen) == ["contact", "contact", "organisation"]
