"""The command line: the only package that knows typer and rich.

A command parses its options, calls one library function, hands the result to the one
printer (output.py) and picks the exit code. Library modules are imported inside the
commands, so that `resoc --help` and shell completion do not pay for pydantic and ruamel.

No `from __future__ import annotations` in this package: typer reads every command's
signature to build the command tree, even for --help, and string annotations would then be
evaluated one by one.
"""

import os
import sys
from typing import Annotated, Optional

import typer

from .. import __version__
from . import checks, documents, editing, importing, records
from .output import message

app = typer.Typer(
    name="resoc",
    help="Keep the data of Flanders' RESOC, SERR and ERSV bodies as a YAML dataset: validate, query, report.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"resoc {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors (anywhere on the line).")] = False,
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = None,
) -> None:
    """resoc: RESOC, SERR and ERSV data as code."""


checks.register(app)
records.register(app)
editing.register(app, documents.plan_app)
app.command("report")(documents.report_cmd)
app.add_typer(documents.plan_app, name="plan")
documents.merge_plan_groups(app, records.KIND_APPS["plans"])
app.add_typer(importing.import_app, name="import")


def main(argv: Optional[list[str]] = None) -> None:
    """Run the app; usage errors exit 2, problems 1, internal errors 3 with one line (a traceback with --debug)."""
    from ..errors import DataError, NotFoundError, UsageError

    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or bool(os.environ.get("RESOC_DEBUG"))
    before = os.environ.get("RESOC_DEBUG")
    if debug:
        os.environ["RESOC_DEBUG"] = "1"  # commands that say more with --debug read it there
    args = [a for a in args if a != "--debug"]
    try:
        code = app(args=args, prog_name="resoc", standalone_mode=False)
    except typer.TyperException as error:  # usage errors: bad option, missing argument
        error.show()  # type: ignore[attr-defined]
        code = getattr(error, "exit_code", 2)
    except UsageError as error:
        message(f"resoc: {error}")
        code = 2
    except (NotFoundError, DataError) as error:
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
    if before is None:  # --debug is for this run only, also when main is called in-process (the tests)
        os.environ.pop("RESOC_DEBUG", None)
    sys.exit(code or 0)
