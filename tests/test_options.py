"""One vocabulary: every command's options against the table in docs/options.md.

The commands come from the typer app itself, so a new command, or a new option on an old one,
that the table does not name for it fails here: the name has to be chosen from the table (or
added to it, with its meaning, for every command that has it).
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import Any, Iterator

import pytest

from .conftest import REPO, run_cli

DATE_OPTIONS = {"--as-of", "--start", "--end", "--from", "--to"}


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every visible command of the app as (its path, the click command)."""
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            if not getattr(sub, "hidden", False):
                yield from _commands(sub, (*path, name))
    else:
        yield " ".join(path), command


def _app_options() -> dict[str, dict[str, Any]]:
    """option (long name) -> {command path: the click parameter}, hidden spellings left out."""
    from typer.main import get_command

    from resoc_cli.cli import app

    found: dict[str, dict[str, Any]] = {}
    for path, command in _commands(get_command(app)):
        for param in command.params:
            if param.param_type_name == "option" and not param.hidden:
                for name in (o for o in param.opts if o.startswith("--")):
                    found.setdefault(name, {})[path] = param
    return found


def _table() -> dict[str, tuple[list[str], list[str]]]:
    """option -> (command patterns, patterns excepted), read from the table in docs/options.md."""
    rows: dict[str, tuple[list[str], list[str]]] = {}
    for line in (REPO / "docs" / "options.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) != 3 or not cells[0].startswith("`--"):
            continue
        included, _, excepted = cells[2].partition(" except ")
        for option in re.findall(r"`(--[a-z-]+)", cells[0]):
            assert option not in rows, f"{option} has two rows: one name, one meaning"
            rows[option] = (re.findall(r"`([^`]+)`", included), re.findall(r"`([^`]+)`", excepted))
    return rows


def _matches(path: str, patterns: tuple[list[str], list[str]]) -> bool:
    included, excepted = patterns
    return any(fnmatchcase(path, p) for p in included) and not any(fnmatchcase(path, p) for p in excepted)


def test_every_option_of_every_command_is_in_the_table_for_that_command() -> None:
    table = _table()
    options = _app_options()
    assert len(options) > 40  # the walk found the commands
    unknown = sorted(set(options) - set(table))
    assert not unknown, f"options not in docs/options.md: {unknown}"
    for option, commands in options.items():
        missing = sorted(path for path in commands if not _matches(path, table[option]))
        assert not missing, f"docs/options.md does not list {option} for {missing}"


def test_the_table_claims_no_option_a_command_does_not_have() -> None:
    from typer.main import get_command

    from resoc_cli.cli import app

    table, options = _table(), _app_options()
    paths = [path for path, _ in _commands(get_command(app))]
    for option, patterns in table.items():
        claimed = {path for path in paths if _matches(path, patterns)}
        assert claimed, f"{option}: its commands match no command"
        assert claimed <= set(options.get(option, {})), f"{option} is listed for {sorted(claimed - set(options.get(option, {})))}"


def test_dates_read_date_and_no_option_shows_a_python_type() -> None:
    for option, commands in _app_options().items():
        for path, param in commands.items():
            if option in DATE_OPTIONS:
                assert param.metavar == "DATE", f"{path} {option}"
    for path in ("new contact", "new membership", "end membership", "new event", "plan show", "contacts list"):
        options = [line for line in run_cli(*path.split(), "--help").stdout.splitlines() if line.lstrip().startswith("-")]
        assert options and not [line for line in options if "<str>" in line or "<list[str]>" in line], path


@pytest.mark.parametrize("args", [
    ("new", "council", "--start-date", "2019", "--help"),
    ("end", "membership", "lieve-cox", "kerngroep-leren-en-werken", "--date", "2019-12-31", "--help"),
    ("plans", "list", "--help"),
])
def test_the_old_spellings_are_still_understood(args: tuple[str, ...]) -> None:
    assert run_cli(*args).returncode == 0


def test_report_and_plan_refuse_to_replace_a_file_without_force(tmp_path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("mine\n", encoding="utf-8")
    for args in (("plan", "show", "kerngroep-leren-en-werken", "2018"), ("report", "council", "serr-kempen")):
        refused = run_cli(*args, "-o", str(target))
        assert refused.returncode == 2 and "--force" in refused.stderr
        assert target.read_text(encoding="utf-8") == "mine\n"
        assert run_cli(*args, "-o", str(target), "--force").returncode == 0
        assert target.read_text(encoding="utf-8") != "mine\n"
        target.write_text("mine\n", encoding="utf-8")


def test_one_plan_group_shows_a_plan_by_id_or_by_council_and_year() -> None:
    by_id = run_cli("plan", "show", "kerngroep-leren-en-werken-2018", "--as-of", "2018-06-01")
    by_year = run_cli("plan", "show", "kerngroep-leren-en-werken", "2018", "--as-of", "2018-06-01")
    assert by_id.returncode == 0 and by_id.stdout == by_year.stdout and "Jaarplanning 2018" in by_id.stdout
    listed = run_cli("plan", "list", "--history", "-f", "json")
    assert "kerngroep-leren-en-werken-2018" in listed.stdout
    assert [line.split()[0] for line in run_cli("--help").stdout.splitlines() if line.startswith("  plan")] == ["plan"]
