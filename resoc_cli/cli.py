"""The command line: the only module that knows typer and rich.

A command parses its options, calls one library function, hands the result to the printer
and picks the exit code. Library modules are imported inside the commands, so that `resoc
--help` and shell completion do not pay for pydantic and ruamel.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from . import __version__

app = typer.Typer(
    name="resoc",
    help="Keep the data of Flanders' RESOC, SERR and ERSV bodies as a YAML dataset: validate, query, report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class RulesFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"resoc {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")] = False,
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = None,
) -> None:
    """resoc: RESOC, SERR and ERSV data as code."""


def _as_of(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date: write it as 2018-03-01") from None


AsOf = Annotated[Optional[str], typer.Option("--as-of", help="Evaluate dates at this day (YYYY-MM-DD); default today.")]


# ---------------------------------------------------------------------------- the printer


def use_colour(stream: Any = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    colour = use_colour(stream)
    return Console(file=stream, highlight=False, no_color=not colour, force_terminal=colour or None, soft_wrap=True)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def message(text: str) -> None:
    """A message for people, on stderr."""
    typer.echo(text, err=True)


def print_report(report: Any, fmt: ValidateFormat) -> None:
    if fmt is ValidateFormat.json:
        print_json(report.to_dict())
    elif fmt is ValidateFormat.github:
        typer.echo(report.to_github(), nl=False)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(report.to_markdown())
    elif use_colour():
        _print_report_coloured(report)
    else:
        typer.echo(report.to_text(), nl=False)


def _print_report_coloured(report: Any) -> None:
    from rich.markup import escape

    out = console()
    styles = {"error": "bold red", "warning": "yellow"}
    for file, findings in report.by_file().items():
        out.print(f"[bold]{escape(file)}[/]")
        for f in findings:
            out.print(f"  [dim]{f.line}:{f.column}[/]  [{styles[f.severity]}]{f.severity:<7}[/]  [cyan]{f.code}[/]  {escape(f.message)}")
        out.print()
    out.print(f"[{'green' if report.valid else 'bold red'}]{escape(report.summary())}[/]")


# ---------------------------------------------------------------------------- commands


def _default_validate_format() -> ValidateFormat:
    return ValidateFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ValidateFormat.text


@app.command()
def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders to check; default: data/.")] = None,
    fmt: Annotated[Optional[ValidateFormat], typer.Option("--format", "-f", help="text, json or github (default github on GitHub Actions).")] = None,
    as_of: AsOf = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the run too.")] = False,
) -> None:
    """Check every file against its schema and the rules; exit 1 when problems are found."""
    from .validate import validate as run

    report = run(paths or [], as_of=_as_of(as_of), strict=strict)
    print_report(report, fmt or _default_validate_format())
    raise typer.Exit(report.exit_code)


@app.command()
def rules(fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="text, json or md.")] = RulesFormat.text) -> None:
    """List the validation rules with their codes, titles and examples."""
    from .docgen import rules_markdown, rules_table

    if fmt is RulesFormat.json:
        print_json(rules_table())
    elif fmt is RulesFormat.md:
        typer.echo(rules_markdown(), nl=False)
    else:
        for item in rules_table():
            typer.echo(f"{item['code']:<8} {item['severity']:<8} {item['name']:<32} {item['title']}")


# ---------------------------------------------------------------------------- entry point


def main() -> None:
    """Run the app; usage errors exit 2, problems 1, internal errors 3 with one line (a traceback with --debug)."""
    from .errors import NotFoundError, UsageError

    debug = "--debug" in sys.argv[1:] or bool(os.environ.get("RESOC_DEBUG"))
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as error:  # usage errors: bad option, missing argument
        error.show()  # type: ignore[attr-defined]
        code = getattr(error, "exit_code", 2)
    except UsageError as error:
        message(f"resoc: {error}")
        code = 2
    except NotFoundError as error:
        message(f"resoc: {error}")
        code = 1
    except typer.Abort:
        message("resoc: aborted")
        code = 130
    except KeyboardInterrupt:
        message("resoc: interrupted")
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as error:  # noqa: BLE001 - the one place that turns a bug into exit 3
        if debug:
            import traceback

            traceback.print_exc()
        message(f"resoc: internal error: {type(error).__name__}: {error} (run with --debug for the traceback)")
        code = 3
    sys.exit(code or 0)
