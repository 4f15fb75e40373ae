"""Checking and keeping the files: validate, rules, schema, fmt, migrate, diff."""

import os
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .documents import Lang, LangOpt
from .output import (AsOf, choices, DataOpt, console, message, parse_date, print_json, print_table, progress_bar,
                     use_colour)


ValidateFormat = choices("ValidateFormat", "text", "json", "github")
RulesFormat = choices("RulesFormat", "text", "json", "md")
DiffFormat = choices("DiffFormat", "text", "md", "json")


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


def _default_validate_format() -> ValidateFormat:
    return ValidateFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ValidateFormat.text


def root_of(data: Optional[Path], paths: Optional[list[Path]] = None) -> Path:
    """The dataset folder: --data, else the one the paths lie in, else data/ (found, never loaded)."""
    from ..errors import UsageError
    from ..loading import find_root

    for path in paths or []:
        found = find_root(path) if path.exists() else None
        if found is not None and data is None:
            data = found
    if data is not None and data.is_dir():
        return find_root(data) or data
    target = data or Path("data")
    root = find_root(target) if target.exists() else None
    if root is None:
        raise UsageError(f"no dataset at {target}: run this in the dataset's repository, or give --data")
    return root


def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders to check; default: the dataset.")] = None,
    fmt: Annotated[Optional[ValidateFormat], typer.Option("--format", "-f", help="text, json or github (default github on GitHub Actions).")] = None,
    as_of: AsOf = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the run too.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Check every file afresh; neither read nor write the cache.")] = False,
    data: DataOpt = None,
) -> None:
    """Check every file against its schema and the rules; exit 1 when problems are found."""
    from ..validate import validate as run

    with progress_bar("checking files") as progress:
        report = run(paths or ([data] if data else []), as_of=parse_date(as_of), strict=strict, use_cache=not no_cache,
                     progress=progress)
    if os.environ.get("RESOC_DEBUG"):  # how the cache did, for people and tests
        message("resoc: files checked: {files_checked}, reused: {files_reused}, of which hashed again: {files_hashed_again}"
                .format(**report.timing))
    print_report(report, fmt or _default_validate_format())
    raise typer.Exit(report.exit_code)


def rules(fmt: Annotated[RulesFormat, typer.Option("--format", "-f", help="text, json or md.")] = RulesFormat.text,
          lang: LangOpt = Lang.nl) -> None:
    """List the validation rules with their codes, the severities they report, titles and examples."""
    from ..docgen import rules_markdown, rules_table

    if fmt is RulesFormat.json:
        print_json(rules_table())
    elif fmt is RulesFormat.md:
        typer.echo(rules_markdown(), nl=False)
    else:  # every severity a rule reports: SEAT001 is an error for wrong seats, a warning for a vacancy
        print_table(rules_table(), None, ("code", "severities", "name", "title"), lang.value, counted="rule")


def schema_cmd(
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 when a schema file is stale.")] = False,
    out: Annotated[Path, typer.Option("--output", "-o", help="The folder for the schema files.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema (2020-12) of every file kind, for editors and other validators."""
    from .. import schemas

    if check:
        stale = schemas.stale(out)
        for name in stale:
            message(f"{out / name} is stale: run resoc schema")
        raise typer.Exit(1 if stale else 0)
    changed = schemas.write(out)
    message(f"{len(changed)} schema file(s) written to {out}" if changed else f"the schemas in {out} are up to date")


def fmt_cmd(paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders; default: the whole dataset.")] = None,
            check: Annotated[bool, typer.Option("--check", help="Write nothing; list the files that would change, exit 1 if any.")] = False,
            data: DataOpt = None) -> None:
    """Bring files into the canonical form, keeping comments, blank lines and quoting.

    The summary counts the files this run looked at (the ones named, or the whole dataset), so
    that a run over some files (a pre-commit hook's) claims nothing about the others. Files
    whose content the cache knows canonical are not parsed, and not read when their stamps
    say they are unchanged (cache_fmt.py); without anything to check, no model is loaded."""
    from ..cache_fmt import Known
    from ..errors import UsageError
    from ..journal import recover

    missing = [str(p) for p in paths or [] if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    root = root_of(data, paths)
    recover(root)  # an interrupted change is finished before anything is judged, as a reader does
    known = Known.load(root, paths)
    todo = known.unsettled()
    changed = _formatted(root, todo, check, known) if todo else []
    known.save(prune=not paths, all_canonical=not changed)  # a whole run forgets the contents no file has any more
    if os.environ.get("RESOC_DEBUG"):  # how the cache did, for people and tests
        message(f"resoc: files read: {len(todo)}, parsed: {known.hashed - known.reused}")
    looked_at = _files(len(known.scope))
    if check:
        message(f"{len(changed)} of {looked_at} would be reformatted: run resoc fmt" if changed
                else f"{looked_at} checked: all in canonical form")
        raise typer.Exit(1 if changed else 0)
    message(f"{len(changed)} of {looked_at} reformatted" if changed else f"{looked_at} checked: all in canonical form")


def _formatted(root: Path, todo: list[str], check: bool, known: Any) -> list[str]:
    """Check (or rewrite) the files left to check and print their paths; what the cache learnt
    is kept even when a file cannot be formatted."""
    from ..editing import fmt
    from ..errors import DataError

    try:
        edit = fmt(root, todo, check=check, known=known)
        changed = sorted(edit.changes.writes)
        for rel in changed if check else edit.changes.commit(validate=False):  # same data, new layout
            typer.echo(str(root / rel))
    except DataError:
        known.save(prune=False)
        raise
    return changed


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def migrate_cmd(check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 when a file uses an old format.")] = False,
                data: DataOpt = None) -> None:
    """Bring every file to the current format (today: date spans named start_date/end_date)."""
    from ..migrations import migrate

    root = root_of(data)
    changes = migrate(root)
    changed = sorted(changes.writes)
    if check:
        for rel in changed:
            typer.echo(str(root / rel))
        raise typer.Exit(1 if changed else 0)
    for rel in changes.commit():
        typer.echo(str(root / rel))
    message(f"{len(changed)} file(s) migrated" if changed else "every file is in the current format")


def diff_cmd(base: Annotated[str, typer.Argument(help="The earlier git revision, e.g. main or HEAD~1.")],
             head: Annotated[Optional[str], typer.Argument(help="The later revision; default: the working tree.")] = None,
             fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="text, md (for pull requests) or json.")] = DiffFormat.text,
             include_internal: Annotated[bool, typer.Option("--include-internal", help="Show the values of internal details.")] = False,
             data: DataOpt = None) -> None:
    """What changed in the dataset between two revisions: records, fields, memberships."""
    from ..diffing import dataset_diff, to_markdown, to_text

    changes = dataset_diff(data or Path("data"), base, head, include_internal=include_internal)
    if fmt is DiffFormat.json:
        print_json(changes)
    else:
        typer.echo(to_markdown(changes) if fmt is DiffFormat.md else to_text(changes), nl=False)


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(rules)
    app.command("schema")(schema_cmd)
    app.command("fmt")(fmt_cmd)
    app.command("migrate")(migrate_cmd)
    app.command("diff")(diff_cmd)
