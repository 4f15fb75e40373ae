"""Every command of the app, given a bad argument, an unknown id or a bad option value, exits as
the README says (2 a usage error, 1 not found or problems in the data, never 3) and shows no
traceback. A value outside a fixed vocabulary (a choice, a number, a date), a file or git
revision that does not exist and a list filter that names nothing are usage errors (2); an
argument that names no record is "not found" (1); a conflict with the data, such as a plan
that exists already, is a problem in the data (1).

The commands come from the typer app itself, so a command added later is walked too; its
arguments need a sample value in GOOD (the test says so when one is missing).
"""

from __future__ import annotations

import enum
import inspect
import io
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any

import pytest
import typer

from resoc_cli.cli import app, main

BAD_DATE = "20x8"
DATE_OPTIONS = {"as_of", "start", "end", "date", "start_date", "from_", "to"}
OUT_OPTIONS = {"out", "output"}
REVISIONS = {"base", "head"}  # diff's git revisions


def _leaves(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return [(path, command)]
    return [leaf for name, sub in sorted(subcommands.items()) for leaf in _leaves(sub, (*path, name))]


COMMANDS = _leaves(typer.main.get_command(app))


def _annotations(command: Any) -> dict[str, Any]:
    """Each parameter's type as the command's function declares it (typer's own record of it
    differs between its versions): without Annotated's extras and Optional, a list's item type
    for a repeatable one."""
    function = inspect.unwrap(command.callback)
    declared = {name: p.annotation for name, p in inspect.signature(function).parameters.items()}  # a made command's too
    declared.update({name: hint for name, hint in typing.get_type_hints(function).items()
                     if isinstance(declared.get(name), str)})  # names written as text (postponed annotations) resolved
    found = {}
    for name, annotation in declared.items():
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
        found[name] = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else annotation
    return found


TYPES = {id(param): _annotations(command)[param.name] for _, command in COMMANDS for param in command.params}


def _type(param: Any) -> Any:
    """The parameter's type, a list's item type for a repeatable one."""
    return TYPES[id(param)]


def _is_option(param: Any) -> bool:
    return type(param).__name__ == "TyperOption"


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy of the data (nothing a command might write reaches the repository) and sample values."""
    import shutil

    from .conftest import DATA

    root = tmp_path_factory.mktemp("walk")
    shutil.copytree(DATA, root / "data")
    (root / "leden.csv").write_text("naam,organisatie\nLieve Cox,ABVV\n", encoding="utf-8")
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "start"]):
        subprocess.run(["git", *command], cwd=root, check=True, capture_output=True)  # diff compares with a revision
    return {"root": root, "data": root / "data", "unwritable": root / "leden.csv" / "x"}


def _good(name: str, path: tuple[str, ...], place: dict[str, Any]) -> str:
    """A value of an argument or required option that names something real, so that the value
    under test is the one that is wrong."""
    data, root = place["data"], place["root"]
    good = {"paths": str(data), "base": "HEAD", "head": "HEAD", "text": "kempen", "fmt": "json", "kind": "council",
            "council": "kerngroep-leren-en-werken",
            "year": "2018", "contact": "lieve-cox", "file": str(root / "leden.csv"), "out": str(root / "out.json"),
            "date": "2019-01-01", "source": "https://example.org/bron",
            "id": "kerngroep-leren-en-werken" if path[0] in ("councils", "report") else "lieve-cox"}
    assert name in good, f"`resoc {' '.join(path)}`: give its argument '{name}' a sample value in GOOD"
    return good[name]


def _bad(param: Any, path: tuple[str, ...], place: dict[str, Any]) -> tuple[str, int] | None:
    """A wrong value for the parameter and the exit code it must give, or None when any text will do."""
    kind = _type(param)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "zz", 2
    if kind is int:
        return BAD_DATE, 2
    if kind is Path or param.name in REVISIONS:  # a file or a revision to read, not a record: a usage error
        return str(place["unwritable"] if param.name in OUT_OPTIONS else place["root"] / "nonexistent"), 2
    if param.name in DATE_OPTIONS or param.metavar == "DATE":
        return BAD_DATE, 2
    if _is_option(param):  # a list's filter names a record or a value: a wrong one is a bad option value
        return ("zz-nothing", 2) if path[-1] == "list" or param.name == "kind" else None
    return "zz-nothing", 1  # an argument that names a record: not found


def _invocation(path: tuple[str, ...], command: Any, place: dict[str, Any], wrong: Any, value: str) -> list[str]:
    """The command with every argument and required option given a good value but `wrong`,
    on the copy, and as a dry run where the command writes."""
    args = list(path)
    names = {p.name for p in command.params}
    for param in command.params:
        if param is wrong:
            text = value
        elif param.required or not (_is_option(param) or getattr(param, "hidden", False)):
            if param.name == "paths" and wrong.name == "data":
                continue  # the folder to look at is --data's, the value under test
            text = _good(param.name, path, place)
        else:
            continue
        args += [param.opts[0], text] if _is_option(param) else [text]
    if "data" in names and wrong.name != "data":
        args += ["--data", str(place["data"])]
    if "dry_run" in names:
        args.append("--dry-run")
    return args


def _cases(place: dict[str, Any]) -> list[tuple[list[str], int]]:
    cases = []
    for path, command in COMMANDS:
        cases.append(([*path, "--no-such-option"], 2))
        for param in command.params:
            if param.name == "help" or _type(param) is bool or getattr(param, "hidden", False):
                continue  # hidden: an old spelling kept for scripts, walked through its new name
            bad = _bad(param, path, place)
            if bad is not None:
                cases.append((_invocation(path, command, place, param, bad[0]), bad[1]))
    return cases


def _run(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal: nothing is asked
    with pytest.raises(SystemExit) as stop:
        main(args)
    out = capsys.readouterr()
    return stop.value.code, out.out + out.err


def test_every_command_is_walked() -> None:
    walked = {" ".join(path) for path, _ in COMMANDS}
    assert {"validate", "contacts list", "councils show", "report", "plan new", "import memberships", "new membership"} <= walked


def test_every_command_exits_by_the_convention_on_a_bad_value(place: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    wrong = []
    for args, expected in _cases(place):
        code, said = _run(args, monkeypatch, capsys)
        if code != expected or "Traceback" in said or "internal error" in said or not said.strip():
            wrong.append(f"resoc {' '.join(args)}: exit {code}, expected {expected}: {said.strip()[-300:]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("args", "expected", "said"), [
    (["report", "calendar", BAD_DATE], 2, "20x8"),
    (["report", "council"], 2, "needs an id"),
    (["search", "kempen", "--kind", "foo"], 2, "no kind 'foo'"),
    (["contacts", "list", "--council", "resoc-bruge"], 2, "did you mean 'resoc-brugge'"),
    (["actions", "list", "--pillar", "leren-en-werke"], 2, "did you mean 'leren-en-werken'"),
    (["sources", "list", "--language", "nll"], 2, "did you mean 'nl'"),
    (["regions", "list", "--province", "1000"], 2, "no province '1000'"),
    (["plan", "new", "kerngroep-leren-en-werken", "2018", "--dry-run"], 1, "has a plan for 2018 already"),
])
def test_the_cases_of_the_issue(args: list[str], expected: int, said: str, place: dict[str, Any],
                                monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run([*args, "--data", str(place["data"])], monkeypatch, capsys)
    assert code == expected and said in text and "Traceback" not in text, text


@pytest.mark.parametrize("args, said", [
    (("diff", "mian"), "no revision 'mian': did you mean 'main'?"),
    (("contacts", "list", "--as-of", "2018-13-01"), "--as-of: '2018-13-01' has no month 13"),
    (("events", "list", "--from", "2018-02-30"), "--from: '2018-02-30' is not a real day"),
    (("end", "membership", "--contact", "lieve-cox", "--council", "streekplatform-kempn", "--end", "2019-01-01",
      "--source", "x", "--dry-run"), "did you mean 'streekplatform-kempen'?"),
])
def test_a_mistake_is_answered_with_what_is_wrong_and_the_nearest_value(args: tuple[str, ...], said: str,
                                                                       place: dict[str, Any]) -> None:
    subprocess.run(["git", "branch", "-q", "-M", "main"], cwd=place["root"], check=True)  # the branch a typo misses
    result = subprocess.run([sys.executable, "-m", "resoc_cli", *args, "--data", str(place["data"])],
                            cwd=place["root"], capture_output=True, text=True)
    assert result.returncode in (1, 2) and said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
