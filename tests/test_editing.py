"""Editing through the real CLI on a copy of the real data: comments kept, minimal diffs, refusals."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from resoc_cli.writing import MODELINE, canonical_text

from .conftest import DATA, REPO, run_cli

COMMENT = re.compile(r"^\s*#")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, data_copy: Path) -> Path:
    """A git repository holding a copy of the real data, with a comment added to every file."""
    for path in data_copy.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        lines.insert(2, "# nagekeken door het secretariaat\n")  # after the modeline and the id
        path.write_text("".join(lines), encoding="utf-8")
    (data_copy / "sources" / "voorbeeld-bron.yaml").write_text(  # the register entry of the source the tests cite
        "# yaml-language-server: $schema=../../schemas/source.schema.json\n"
        "id: voorbeeld-bron\ntitle: Voorbeeldbron\nkind: other\nlanguage: nl\nurl: https://example.org/bron\n"
        "covers: A made-up source for the tests.\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "test@example.org")
    _git(tmp_path, "config", "user.name", "Test")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "start")
    return tmp_path


def _comments(root: Path) -> dict[str, list[str]]:
    return {str(p.relative_to(root)): [line for line in p.read_text(encoding="utf-8").splitlines() if COMMENT.match(line)]
            for p in sorted(root.rglob("*.yaml"))}


def test_add_end_and_fmt_keep_every_comment_and_make_a_minimal_diff(repo: Path) -> None:
    data = repo / "data"
    before = _comments(data)
    assert run_cli("new", "contact", "--name", "An Peeters", "--source", "https://example.org/bron", "--data", str(data)).returncode == 0
    added = run_cli("new", "membership", "--contact", "an-peeters", "--council", "kerngroep-leren-en-werken", "--role", "member",
                    "--for", "abvv", "--start", "2019-01-01", "--data", str(data))
    assert added.returncode == 0, added.stderr
    ended = run_cli("end", "membership", "lieve-cox", "kerngroep-leren-en-werken", "--date", "2019-12-31",
                    "--reason", "einde mandaat", "--data", str(data))
    assert ended.returncode == 0, ended.stderr
    assert run_cli("fmt", "--data", str(data)).returncode == 0
    after = _comments(data)
    for name, comments in before.items():
        assert after[name] == comments, name  # every comment, in every file, still there
    assert _git(repo, "status", "--porcelain").split("\n")[:-1] == [
        " M data/councils/kerngroep-leren-en-werken.yaml", "?? data/contacts/an-peeters.yaml"]
    diff = _git(repo, "diff", "-U0", "data/councils/kerngroep-leren-en-werken.yaml")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["+    end_date: 2019-12-31", "+    end_reason: einde mandaat", "+  - contact: an-peeters",
                       "+    on_behalf_of: abvv", "+    role: member", "+    start_date: 2019-01-01"]
    assert run_cli("validate", str(data)).returncode == 0


def test_the_new_contact_file_is_where_it_belongs_with_its_schema_line(repo: Path) -> None:
    data = repo / "data"
    result = run_cli("new", "contact", "--name", "Élise Van Dijck", "--email", "elise@example.org", "--source",
                     "https://example.org/bron", "--data", str(data))
    assert result.stdout.strip() == str(data / "contacts" / "elise-van-dijck.yaml")
    text = (data / "contacts" / "elise-van-dijck.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/contact.schema.json\nid: elise-van-dijck\n")
    assert "visibility: internal" in text
    again = run_cli("new", "contact", "--name", "Élise Van Dijck", "--source", "https://example.org/bron", "--data", str(data))
    assert again.returncode == 1 and again.stdout == "" and not (data / "contacts" / "elise-van-dijck-2.yaml").exists()


def test_a_change_that_would_not_validate_is_refused_with_nothing_written(repo: Path) -> None:
    data = repo / "data"
    council = data / "councils" / "kerngroep-leren-en-werken.yaml"
    digest = hashlib.sha1(council.read_bytes()).hexdigest()
    result = run_cli("new", "membership", "--contact", "nobody-at-all", "--council", "kerngroep-leren-en-werken",
                     "--start", "2019-01-01", "--data", str(data))
    assert result.returncode == 1
    assert "nothing was written" in result.stderr and "REF001" in result.stderr
    assert hashlib.sha1(council.read_bytes()).hexdigest() == digest
    assert _git(repo, "status", "--porcelain") == ""


def test_a_missing_required_option_is_a_usage_error_off_a_terminal(repo: Path) -> None:
    result = run_cli("new", "contact", "--data", str(repo / "data"))
    assert result.returncode == 2 and "--name" in result.stderr


def test_forget_erases_the_person_and_every_reference(repo: Path) -> None:
    data = repo / "data"
    result = run_cli("contacts", "forget", "kim-nevelsteen", "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert not (data / "contacts" / "kim-nevelsteen.yaml").exists()
    assert "kim-nevelsteen" not in "".join(p.read_text(encoding="utf-8") for p in data.rglob("*.yaml"))
    assert "keeps its seat for streekplatform-kempen" in result.stderr
    assert run_cli("validate", str(data)).returncode == 0
    # the files forget; git history does not, and the command says so, with the one command that would
    note = result.stderr.splitlines()[-5:]
    assert note == [
        "git history still holds data/contacts/kim-nevelsteen.yaml, Kim Nevelsteen (kim-nevelsteen)'s file, in earlier commits",
        "the earlier revisions of 1 other file(s) in git history still name Kim Nevelsteen (kim-nevelsteen): "
        "data/councils/kerngroep-leren-en-werken.yaml",
        f"to remove that file from every commit, run in {repo} (resoc runs nothing of this: it rewrites history, "
        "and every clone and fork must then be replaced):",
        "  git filter-repo --path data/contacts/kim-nevelsteen.yaml --invert-paths",
        "that leaves the other files' earlier revisions, which still name the person"]
    assert _git(repo, "log", "--all", "--format=%h", "--", "data/contacts/kim-nevelsteen.yaml").strip()  # nothing was run


def test_forget_says_what_history_holds_of_a_person_never_committed_or_outside_git(
        repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    data = repo / "data"
    assert run_cli("new", "contact", "--name", "An Peeters", "--source", "https://example.org/bron", "--data", str(data)).returncode == 0
    fresh = run_cli("contacts", "forget", "an-peeters", "--data", str(data))
    assert fresh.returncode == 0, fresh.stderr
    assert fresh.stderr.splitlines()[-1] == "git history never held data/contacts/an-peeters.yaml"
    assert "filter-repo" not in fresh.stderr
    outside = tmp_path_factory.mktemp("outside")  # not below `repo`, so in no git repository
    shutil.copytree(DATA, outside / "data")
    loose = run_cli("contacts", "forget", "kim-nevelsteen", "--data", str(outside / "data"))
    assert loose.returncode == 0, loose.stderr
    assert loose.stderr.splitlines()[-1] == f"{outside / 'data'} is in no git repository: no history holds Kim Nevelsteen (kim-nevelsteen)"


def test_fmt_makes_a_messy_file_canonical_once_and_keeps_comments_and_quotes() -> None:
    messy = ("name: ACV  # de vakbond\n"
             "id: acv\n\n"
             "# bronnen\n"
             "sources:\n  - '000_1e96a52e4f1e0247.txt'\n"
             "type: trade_union\n")
    once = canonical_text("organisations/acv.yaml", messy)
    assert MODELINE.match(once)
    assert once.index("id: acv") < once.index("name: ACV") < once.index("type:") < once.index("sources:")
    assert "# de vakbond" in once and "# bronnen" in once and "'000_1e96a52e4f1e0247.txt'" in once
    assert canonical_text("organisations/acv.yaml", once) == once
    assert "start_date: 2018-03-01" in canonical_text("projects/p.yaml", "id: p\nname: P\nstart_date: 2018-3-1\nsources: [s]\n")


def test_fmt_check_passes_on_the_bundled_data_and_lists_what_would_change(data_copy: Path) -> None:
    assert run_cli("fmt", "--check").returncode == 0
    path = data_copy / "organisations" / "acv.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("id: acv\nname: ACV\n", "name: ACV\nid: acv\n"), encoding="utf-8")
    result = run_cli("fmt", "--check", "--data", str(data_copy))
    assert result.returncode == 1 and result.stdout.strip() == str(path)
    assert path.read_text(encoding="utf-8") != text  # --check wrote nothing


def test_diff_names_exactly_what_changed_between_two_commits(repo: Path) -> None:
    data = repo / "data"
    assert run_cli("new", "contact", "--name", "An Peeters", "--source", "https://example.org/bron", "--data", str(data)).returncode == 0
    assert run_cli("end", "membership", "lieve-cox", "kerngroep-leren-en-werken", "--date", "2019-12-31", "--data", str(data)).returncode == 0
    acv = data / "organisations" / "acv.yaml"
    acv.write_text(acv.read_text(encoding="utf-8").replace("\nname: ACV\n", "\nname: ACV-CSC\n"), encoding="utf-8")
    (data / "projects" / "dc-noise.yaml").rename(data / "projects" / "dc-noise-project.yaml")
    moved = data / "projects" / "dc-noise-project.yaml"
    moved.write_text(moved.read_text(encoding="utf-8").replace("id: dc-noise\n", "id: dc-noise-project\n"), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "changes")
    result = run_cli("diff", "HEAD~1", "HEAD", "--format", "json", "--data", str(data))
    changes = {(c["change"], c["kind"], c["id"]): c for c in json.loads(result.stdout)}
    assert set(changes) == {("added", "contact", "an-peeters"), ("changed", "council", "kerngroep-leren-en-werken"),
                            ("changed", "organisation", "acv"), ("renamed", "project", "dc-noise-project")}
    # line 4: the fixture put a comment on line 3, and the line is the changed key's in HEAD's file
    assert changes[("changed", "organisation", "acv")]["fields"] == [{"path": "name", "old": "ACV", "new": "ACV-CSC", "line": 4}]
    assert changes[("renamed", "project", "dc-noise-project")]["renamed_from"] == "dc-noise"
    chair = {"contact": "lieve-cox", "on_behalf_of": "acv", "role": "chair"}
    assert changes[("changed", "council", "kerngroep-leren-en-werken")]["memberships"] == [
        {"event": "ended", **chair, "date": "2019-12-31", "reason": None, "line": 11,
         "old": chair, "new": {**chair, "end_date": "2019-12-31"}}]
    markdown = run_cli("diff", "HEAD~1", "--format", "md", "--data", str(data)).stdout
    assert markdown.startswith("### Dataset changes\n\n4 records: 1 added, 1 renamed, 2 changed.\n")
    assert "@@ line 4: name @@\n- name: ACV\n+ name: ACV-CSC\n" in markdown
    assert run_cli("diff", "HEAD", "--data", str(data)).stdout == "no changes to the dataset\n"


def test_schema_files_are_current_and_stale_ones_are_caught(tmp_path: Path) -> None:
    assert run_cli("schema", "--check").returncode == 0
    assert run_cli("schema", "--check", "-o", str(tmp_path)).returncode == 1
    assert run_cli("schema", "-o", str(tmp_path)).returncode == 0
    schema = json.loads((tmp_path / "council.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["name"]["description"] and schema["examples"]


def test_every_data_file_carries_its_schema_line() -> None:
    for path in DATA.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(".schema.json"), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file() and target.parent == REPO / "schemas", path


def test_pre_commit_hooks_pass_on_real_data_and_fail_on_a_broken_file(tmp_path: Path) -> None:
    """A real `pre-commit run --all-files` in a repository that uses this project's hooks: one
    honest summary per hook, a messy file reformatted, a broken one refused."""
    pre_commit = subprocess.run([sys.executable, "-m", "pre_commit", "--version"], capture_output=True)
    if pre_commit.returncode != 0:
        pytest.fail("pre-commit is not installed: pip install -e '.[test]'")
    hooks = tmp_path / "hooks"
    files = _git(REPO, "ls-files", "--cached", "--others", "--exclude-standard").splitlines()
    for name in files:
        source = REPO / name
        if source.is_file():
            target = hooks / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    _git(tmp_path, "init", "-q", str(hooks))
    for repo_dir in (hooks,):
        _git(repo_dir, "config", "user.email", "test@example.org")
        _git(repo_dir, "config", "user.name", "Test")
        _git(repo_dir, "add", "-A")
        _git(repo_dir, "commit", "-qm", "hooks")
    rev = _git(hooks, "rev-parse", "HEAD").strip()
    site = tmp_path / "site"
    site.mkdir()
    (site / "data").mkdir()
    subprocess.run(["cp", "-r", *[str(p) for p in DATA.iterdir()], str(site / "data")], check=True)
    (site / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: resoc-validate\n      - id: resoc-fmt\n", encoding="utf-8")
    _git(site, "init", "-q")
    _git(site, "config", "user.email", "test@example.org")
    _git(site, "config", "user.name", "Test")
    _git(site, "add", "-A")
    env = {"PRE_COMMIT_HOME": str(REPO / ".pre-commit-cache"), "PATH": __import__("os").environ["PATH"],
           "HOME": str(tmp_path)}
    files = len(list((site / "data").rglob("*.yaml")))
    run = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    passed = subprocess.run([*run, "--verbose"], cwd=site, capture_output=True, text=True, env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    # one summary per hook and run, though pre-commit hands a hook's files out in batches
    assert passed.stdout.count("canonical form") == 1 and f"{files} files checked: all in canonical form" in passed.stdout
    assert passed.stdout.count("files checked:") == 2, passed.stdout  # validate's and fmt's
    messy = site / "data" / "organisations" / "abvv.yaml"
    messy.write_text(messy.read_text(encoding="utf-8").replace("id: abvv\n", "id:   abvv\n"), encoding="utf-8")
    _git(site, "add", "-A")
    reformatted = subprocess.run(run, cwd=site, capture_output=True, text=True, env=env)
    assert reformatted.returncode == 1  # pre-commit fails a hook that changed files
    assert f"1 of {files} files reformatted" in reformatted.stdout and "canonical form" not in reformatted.stdout
    assert reformatted.stdout.count("reformatted") == 1, reformatted.stdout
    assert "id: abvv\n" in messy.read_text(encoding="utf-8")
    _git(site, "add", "-A")
    broken = site / "data" / "organisations" / "acv.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("type: trade_union", "type: vakbond"), encoding="utf-8")
    _git(site, "add", "-A")
    failed = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=site, capture_output=True, text=True, env=env)
    assert failed.returncode == 1
    assert "resoc validate" in failed.stdout and "S003" in failed.stdout


def test_new_action_and_event_go_under_their_parent_and_respect_the_pact_period(repo: Path) -> None:
    data = repo / "data"
    pact = "streekpact-kempen-2013-2018"
    action = run_cli("new", "action", "--pact", pact, "--parent", "leren-en-werken.1", "--name", "Netwerkdag duaal leren",
                     "--lead", "acv", "--source", "https://example.org/bron", "--data", str(data))
    assert action.returncode == 0, action.stderr
    event = run_cli("new", "event", "--pact", pact, "--action", "leren-en-werken.1.netwerkdag-duaal-leren", "--title", "Netwerkdag",
                    "--date", "2018-05-15", "--data", str(data))
    assert event.returncode == 0, event.stderr
    shown = json.loads(run_cli("actions", "show", "leren-en-werken.1.netwerkdag-duaal-leren", "-f", "json", "--data", str(data)).stdout)
    assert shown["record"]["events"] == [{"id": "netwerkdag", "title": "Netwerkdag", "start_date": "2018-05-15"}]
    assert shown["related"]["cluster"] == "Aansluiting school-werk"
    before = (data / "pacts" / f"{pact}.yaml").read_text(encoding="utf-8")
    late = run_cli("new", "event", "--pact", pact, "--action", "leren-en-werken.1.netwerkdag-duaal-leren", "--title", "Te laat",
                   "--date", "2019-05-15", "--data", str(data))
    assert late.returncode == 1 and "PACT001" in late.stderr
    assert (data / "pacts" / f"{pact}.yaml").read_text(encoding="utf-8") == before


SOURCE = "https://example.org/bron"  # the register entry the `repo` fixture adds


def test_a_phone_and_an_email_are_written_as_the_dataset_stores_them(repo: Path) -> None:
    data = repo / "data"
    result = run_cli("new", "contact", "--name", "Test Persoon", "--phone", "014 72 86 57", "--email", "T.Persoon@Example.ORG",
                     "--public", "--source", SOURCE, "--data", str(data))
    assert result.returncode == 0, result.stderr
    shown = json.loads(run_cli("contacts", "show", "test-persoon", "-f", "json", "--data", str(data)).stdout)
    assert [(d["type"], d["value"]) for d in shown["record"]["contact_details"]] == [
        ("email", "T.Persoon@example.org"), ("phone", "+3214728657")]


def test_a_phone_that_is_no_number_is_refused_before_anything_is_announced(repo: Path) -> None:
    data = repo / "data"
    result = run_cli("new", "contact", "--name", "Test Persoon", "--phone", "014 72", "--source", SOURCE, "--data", str(data))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == "resoc: --phone: '014 72' is not a valid phone number (e.g. 014 72 86 57 or +3214728657)"
    assert _git(repo, "status", "--porcelain") == ""


def test_a_name_that_exists_is_refused_off_a_terminal_and_added_with_yes(repo: Path) -> None:
    data = repo / "data"
    refused = run_cli("new", "contact", "--name", "lieve COX", "--source", SOURCE, "--data", str(data))
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        "warning: a contact named 'lieve COX' exists already: lieve-cox (contacts/lieve-cox.yaml)",
        "resoc: nothing was written: use the existing contact, or add --yes to add another of that name"]
    assert _git(repo, "status", "--porcelain") == ""
    added = run_cli("new", "contact", "--name", "Lieve Cox", "--yes", "--source", SOURCE, "--data", str(data))
    assert added.returncode == 0 and added.stdout.strip() == str(data / "contacts" / "lieve-cox-2.yaml")
    assert "exists already: lieve-cox (contacts/lieve-cox.yaml)" in added.stderr
    again = run_cli("new", "organisation", "--name", "ACV", "--type", "trade_union", "--source", SOURCE, "--data", str(data))
    assert again.returncode == 1 and "an organisation" not in again.stderr and "acv (organisations/acv.yaml)" in again.stderr


@pytest.mark.parametrize("answer, code", [("y", 0), ("n", 1)])
def test_on_a_terminal_a_name_that_exists_is_asked_about(repo: Path, answer: str, code: int) -> None:
    import os
    import pty

    data = repo / "data"
    leader, follower = pty.openpty()
    os.write(leader, f"{answer}\n".encode())
    with os.fdopen(follower, "rb", buffering=0) as terminal:
        result = subprocess.run([sys.executable, "-m", "resoc_cli", "new", "contact", "--name", "Lieve Cox", "--source", SOURCE,
                                 "--data", str(data)], stdin=terminal, capture_output=True, text=True, timeout=120)
    os.close(leader)
    assert "Add another contact named 'Lieve Cox'? [y/N]" in result.stderr
    assert result.returncode == code, result.stderr
    assert (data / "contacts" / "lieve-cox-2.yaml").exists() == (code == 0)


def test_a_membership_in_a_body_that_has_ended_is_written_with_its_warning(repo: Path) -> None:
    data = repo / "data"
    result = run_cli("new", "membership", "--contact", "lieve-cox", "--council", "serr-kempen", "--organisation", "acv",
                     "--start", "2026-01-01", "--source", SOURCE, "--data", str(data))
    assert result.returncode == 0, result.stderr
    council = data / "councils" / "serr-kempen.yaml"
    line = council.read_text(encoding="utf-8").splitlines().index("    start_date: 2026-01-01") + 1  # the line as written
    assert result.stderr.splitlines() == [
        "councils/serr-kempen.yaml: lieve-cox for acv joins as member from 2026-01-01",
        f"warning: {council}:{line}:17 MEM002 start_date 2026-01-01 lies outside the life of "
        "SERR Kempen (2005 to 2016-08-31)"]
    quiet = run_cli("new", "membership", "--contact", "tine-decuypere", "--council", "serr-kempen", "--organisation", "acv",
                    "--start", "2010-01-01", "--source", SOURCE, "--data", str(data))
    assert quiet.returncode == 0 and "warning" not in quiet.stderr  # only what this change brings


def test_end_membership_takes_the_options_of_new_membership_and_cites_its_source(repo: Path) -> None:
    data = repo / "data"
    council = data / "councils" / "kerngroep-leren-en-werken.yaml"
    result = run_cli("end", "membership", "--contact", "lieve-cox", "--council", "kerngroep-leren-en-werken", "--end", "2019-12-31",
                     "--source", SOURCE, "--data", str(data))
    assert result.returncode == 0, result.stderr
    diff = _git(repo, "diff", "-U0", str(council))
    added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == ["+    end_date: 2019-12-31", "+    sources:", f"+      - {SOURCE}"]  # it cited none of its own
    shown = json.loads(run_cli("councils", "show", "kerngroep-leren-en-werken", "-f", "json", "--history", "--data", str(data)).stdout)
    ended = [m for m in shown["record"]["memberships"] if m.get("contact") == "lieve-cox"]
    assert ended[0]["end_date"] == "2019-12-31" and SOURCE in [s["ref"] for s in ended[0]["sources"]]


def test_a_second_event_of_the_same_title_needs_and_takes_its_own_id(repo: Path) -> None:
    data = repo / "data"
    pact, action = "streekpact-kempen-2013-2018", "leren-en-werken.5.kerngroep"
    args = ["new", "event", "--pact", pact, "--action", action, "--title", "Netwerkdag", "--source", SOURCE, "--data", str(data)]
    assert run_cli(*args, "--start", "2016-05-15").returncode == 0
    second = run_cli(*args, "--start", "2017-05-15")
    assert second.returncode == 1 and "give the new one another --id" in second.stderr
    assert run_cli(*args, "--start", "2017-05-15", "--id", "netwerkdag-2017").returncode == 0
    shown = json.loads(run_cli("actions", "show", action, "-f", "json", "--data", str(data)).stdout)
    assert [e["id"] for e in shown["record"]["events"]][-2:] == ["netwerkdag", "netwerkdag-2017"]


def test_every_new_command_takes_an_id_and_every_writer_a_source() -> None:
    from resoc_cli.cli import app
    from typer.main import get_command

    root = get_command(app)
    new, end, plan = (root.commands[name] for name in ("new", "end", "plan"))
    writers = {**{f"new {n}": c for n, c in new.commands.items()}, **{f"end {n}": c for n, c in end.commands.items()},
               "plan new": plan.commands["new"]}
    options = {name: {o for p in c.params for o in p.opts} for name, c in writers.items()}
    assert all("--source" in opts for opts in options.values()), options
    without_id = sorted(name for name, opts in options.items() if name.startswith("new") and "--id" not in opts)
    assert without_id == ["new membership"]  # a membership is an entry of its council, with no id of its own
