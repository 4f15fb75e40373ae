"""The command line: the only module that knows typer and rich.

A command parses its options, calls one library function, hands the result to the printer
and picks the exit code. Library modules are imported inside the commands, so that `resoc
--help` and shell completion do not pay for pydantic and ruamel.
"""

# No `from __future__ import annotations` here, unlike the other modules: typer reads every
# command's signature to build the command tree, even for --help, and string annotations
# must then be evaluated one by one (a third of --help's time).

import contextlib
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
    terminal = bool(getattr(stream, "isatty", lambda: False)())
    # On a terminal, tables fit its width; piped into a file or a pager, nothing is folded.
    return Console(file=stream, highlight=False, no_color=not colour, force_terminal=colour or None,
                   soft_wrap=True, width=None if terminal else 1000)


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
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Check every file afresh; neither read nor write the cache.")] = False,
) -> None:
    """Check every file against its schema and the rules; exit 1 when problems are found."""
    from .validate import validate as run

    with progress_bar("checking files") as progress:
        report = run(paths or [], as_of=_as_of(as_of), strict=strict, use_cache=not no_cache, progress=progress)
    print_report(report, fmt or _default_validate_format())
    raise typer.Exit(report.exit_code)


@contextlib.contextmanager
def progress_bar(label: str) -> Any:
    """A progress callback that draws a bar on stderr, on a terminal only, once a run has taken a second."""
    if not sys.stderr.isatty():
        yield None
        return
    import time

    started = time.monotonic()
    bar: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "progress" not in bar and time.monotonic() - started < 1.0:
            return
        if "progress" not in bar:
            from rich.progress import Progress

            bar["progress"] = Progress(console=console(stderr=True), transient=True)
            bar["progress"].start()
            bar["task"] = bar["progress"].add_task(label, total=total)
        bar["progress"].update(bar["task"], completed=done, total=total)

    try:
        yield update
    finally:
        if "progress" in bar:
            bar["progress"].stop()


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


# ---------------------------------------------------------------------------- queries


class OutFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    yaml = "yaml"


FormatOpt = Annotated[OutFormat, typer.Option("--format", "-f", help="table, json, csv or yaml.")]
HistoryOpt = Annotated[bool, typer.Option("--history", help="Show past entries too.")]
InternalOpt = Annotated[bool, typer.Option("--include-internal", help="Show contact details marked internal.")]
DataOpt = Annotated[Optional[Path], typer.Option("--data", help="The dataset folder; default data/.")]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
    return str(value)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    return columns


def print_rows(rows: list[dict[str, Any]], fmt: OutFormat, title: Optional[str] = None) -> None:
    """The one printer for lists: a table for people, json, csv or yaml for machines."""
    if fmt is OutFormat.json:
        print_json(rows)
    elif fmt is OutFormat.yaml:
        from .loading import dump_yaml

        typer.echo(dump_yaml(rows), nl=False)
    elif fmt is OutFormat.csv:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=_columns(rows), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    else:
        console().print(_table(rows, title))


def _table(rows: list[dict[str, Any]], title: Optional[str] = None) -> Any:
    from rich import box
    from rich.table import Table

    fancy = use_colour()
    table = Table(title=title, box=box.SIMPLE_HEAD if fancy else None, show_edge=False, pad_edge=False,
                  header_style="bold" if fancy else "", title_style="bold" if fancy else "", title_justify="left")
    columns = [c for c in _columns(rows) if any(row.get(c) not in (None, "", [], {}) for row in rows)]
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(column)) for column in columns])
    return table


def print_document(document: dict[str, Any], fmt: OutFormat) -> None:
    """The one printer for a shown record: sections for people, the whole document for machines."""
    if fmt in (OutFormat.json, OutFormat.yaml):
        print_rows(document, fmt)  # type: ignore[arg-type]
        return
    pairs = [{"field": k, "value": _describe(k, v)} for k, v in document["record"].items() if k not in _SHOWN_AS_RELATED]
    if fmt is OutFormat.csv:
        print_rows(pairs, fmt)
        return
    out = console()
    out.print(f"{document['name']}  ({document['kind']} {document['id']}, as of {document['as_of']})", style="bold" if use_colour() else "")
    for pair in pairs:
        out.print(f"  {pair['field']}: {pair['value']}", markup=False)
    for name, value in document["related"].items():
        if isinstance(value, dict) and value and all(isinstance(v, list) for v in value.values()):
            for group, rows in value.items():
                out.print(_table(rows, f"{name}: {group}"))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out.print(_table(value, name))
        elif value:
            out.print(f"  {name}: {_cell(value)}", markup=False)


_SHOWN_AS_RELATED = {"memberships", "pillars", "items"}


def _describe(key: str, value: Any) -> str:
    """A field as a person reads it: phone numbers spaced, addresses on one line."""
    from .rendering import phone

    if key == "contact_details":
        return "; ".join(f"{d['type']} {phone(d['value']) if d['type'] in ('phone', 'mobile', 'fax') else d['value']}"
                         + (f" ({d['label']})" if d.get("label") else "")
                         + (" [internal]" if d.get("visibility") == "internal" else "") for d in value)
    if key == "addresses":
        return "; ".join(f"{a.get('label') + ': ' if a.get('label') else ''}{a['street']}, {a['postal_code']} {a['locality']}" for a in value)
    if key == "sources":
        return "; ".join(src["ref"] for src in value)
    return _cell(value)





def _view(as_of: Optional[str], history: bool, include_internal: bool) -> Any:
    from .queries import View

    return View(as_of=_as_of(as_of), history=history, include_internal=include_internal)


def _listing(kind: str, fmt: OutFormat, as_of: Optional[str], history: bool, internal: bool, data: Optional[Path], **filters: Any) -> None:
    """Run a kind's list query, print it, and say on stderr what the date hides."""
    from dataclasses import replace

    from .queries import LISTS, open_dataset

    ds = open_dataset(data)
    view = _view(as_of, history, internal)
    rows = LISTS[kind](ds, view, **filters)
    print_rows(rows, fmt)
    if not history:
        hidden = len(LISTS[kind](ds, replace(view, history=True), **filters)) - len(rows)
        if hidden > 0:
            message(f"{hidden} {kind} not valid on {view.day.isoformat()} are not shown: add --history or --as-of")
    if not rows:
        raise typer.Exit(1)


def _kind_app(kind: str, help: str) -> typer.Typer:
    """A sub-command group `resoc KIND` with its generic `show`."""
    sub = typer.Typer(help=help, no_args_is_help=True)
    app.add_typer(sub, name=kind)

    @sub.command("show")
    def show_cmd(
        id: Annotated[str, typer.Argument(help="The id (actions and events: PACT:ID when several pacts share it).")],
        fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
        include_internal: InternalOpt = False, data: DataOpt = None,
    ) -> None:
        """Every field, references resolved to names, and what relates to it."""
        from .queries import open_dataset, show

        print_document(show(open_dataset(data), kind, id, _view(as_of, history, include_internal)), fmt)

    return sub


regions_app = _kind_app("regions", "RESOC regions: municipalities, bodies, pacts.")
municipalities_app = _kind_app("municipalities", "Municipalities of the regions, by NIS code.")
councils_app = _kind_app("councils", "RESOCs, SERRs, ERSVs, working groups, networks and platforms.")
contacts_app = _kind_app("contacts", "People and the seats they hold.")
organisations_app = _kind_app("organisations", "Partner organisations.")
pacts_app = _kind_app("pacts", "Streekpacts and action programmes.")
actions_app = _kind_app("actions", "Pact actions.")
plans_app = _kind_app("plans", "Annual plans (jaarplanning).")
events_app = _kind_app("events", "Dated events of pacts and projects.")
projects_app = _kind_app("projects", "Projects of the bodies.")


@regions_app.command("list")
def regions_list(province: Annotated[Optional[str], typer.Option(help="Province code, e.g. 10000.")] = None,
                 fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
                 include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """List the regions."""
    _listing("regions", fmt, as_of, history, include_internal, data, province=province)


@municipalities_app.command("list")
def municipalities_list(region: Annotated[Optional[str], typer.Option(help="Region id.")] = None,
                        fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
                        include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """List the municipalities of the regions."""
    _listing("municipalities", fmt, as_of, history, include_internal, data, region=region)


@councils_app.command("list")
def councils_list(type: Annotated[Optional[str], typer.Option("--type", help="resoc, serr, ersv, working_group, ...")] = None,
                  region: Annotated[Optional[str], typer.Option(help="Region id.")] = None,
                  parent: Annotated[Optional[str], typer.Option(help="Parent body id.")] = None,
                  fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
                  include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """List the bodies."""
    _listing("councils", fmt, as_of, history, include_internal, data, type=type, region=region, parent=parent)


@contacts_app.command("list")
def contacts_list(council: Annotated[Optional[str], typer.Option(help="Only people with a seat on this body.")] = None,
                  organisation: Annotated[Optional[str], typer.Option(help="Only people sitting on behalf of this organisation.")] = None,
                  role: Annotated[Optional[str], typer.Option(help="chair, member, coordinator, ...")] = None,
                  fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
                  include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """List people and their seats."""
    _listing("contacts", fmt, as_of, history, include_internal, data, council=council, organisation=organisation, role=role)


@organisations_app.command("list")
def organisations_list(type: Annotated[Optional[str], typer.Option("--type", help="trade_union, employer_organisation, ...")] = None,
                       side: Annotated[Optional[str], typer.Option(help="employer, employee, government.")] = None,
                       fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
                       include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """List partner organisations."""
    _listing("organisations", fmt, as_of, history, include_internal, data, type=type, side=side)


@pacts_app.command("list")
def pacts_list(region: Annotated[Optional[str], typer.Option(help="Region id.")] = None,
               fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
               include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """List the pacts."""
    _listing("pacts", fmt, as_of, history, include_internal, data, region=region)


@actions_app.command("list")
def actions_list(pact: Annotated[Optional[str], typer.Option(help="Pact id.")] = None,
                 pillar: Annotated[Optional[str], typer.Option(help="Pillar id, e.g. leren-en-werken.")] = None,
                 lead: Annotated[Optional[str], typer.Option(help="Trekker: organisation or body id.")] = None,
                 partner: Annotated[Optional[str], typer.Option(help="Partner id.")] = None,
                 status: Annotated[Optional[str], typer.Option(help="planned, running, done, stopped.")] = None,
                 year: Annotated[Optional[int], typer.Option(help="Actions running in this year.")] = None,
                 council: Annotated[Optional[str], typer.Option(help="Body involved.")] = None,
                 fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
                 include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """List pact actions, with their trekker (an action without one takes its cluster's or pillar's)."""
    _listing("actions", fmt, as_of, history, include_internal, data, pact=pact, pillar=pillar, lead=lead,
             partner=partner, status=status, year=year, council=council)


@plans_app.command("list")
def plans_list(council: Annotated[Optional[str], typer.Option(help="Council id.")] = None,
               year: Annotated[Optional[int], typer.Option(help="Plan year.")] = None,
               pact: Annotated[Optional[str], typer.Option(help="Pact id.")] = None,
               fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
               include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """List the annual plans."""
    _listing("plans", fmt, as_of, history, include_internal, data, council=council, year=year, pact=pact)


@events_app.command("list")
def events_list(from_: Annotated[Optional[str], typer.Option("--from", help="First day (YYYY-MM-DD).")] = None,
                to: Annotated[Optional[str], typer.Option("--to", help="Last day (YYYY-MM-DD).")] = None,
                council: Annotated[Optional[str], typer.Option(help="Body id.")] = None,
                fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
                include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """List dated events, oldest first."""
    _listing("events", fmt, as_of, history, include_internal, data, from_=_as_of(from_), to=_as_of(to), council=council)


@projects_app.command("list")
def projects_list(council: Annotated[Optional[str], typer.Option(help="Body id.")] = None,
                  region: Annotated[Optional[str], typer.Option(help="Region id.")] = None,
                  fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
                  include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """List the projects."""
    _listing("projects", fmt, as_of, history, include_internal, data, council=council, region=region)


@app.command("search")
def search_cmd(text: Annotated[str, typer.Argument(help="Words to look for; case and accents do not matter.")],
               kind: Annotated[Optional[list[str]], typer.Option("--kind", help="Only these kinds (repeatable).")] = None,
               fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
               include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """Search every kind by name and text, best matches first."""
    from .queries import open_dataset, search

    rows = search(open_dataset(data), text, _view(as_of, history, include_internal), kind)
    print_rows(rows, fmt)
    if not rows:
        message(f"nothing matches '{text}'" + ("" if history else " (add --history to search past entries too)"))
        raise typer.Exit(1)


class ExportFormat(str, Enum):
    json = "json"
    csv = "csv"
    sqlite = "sqlite"
    popolo = "popolo"
    ics = "ics"
    vcf = "vcf"


@app.command("export")
def export_cmd(
    fmt: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="json, csv (a folder), sqlite, popolo, ics or vcf.")],
    out: Annotated[Path, typer.Option("--output", "-o", help="The file (for csv: the folder) to write.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    as_of: AsOf = None, include_internal: InternalOpt = False, data: DataOpt = None,
) -> None:
    """Write the whole dataset for spreadsheets, Datasette, calendars and address books."""
    from .exports import export
    from .queries import open_dataset

    written = export(open_dataset(data), fmt.value, out, _view(as_of, True, include_internal), force=force)
    message(f"wrote {len(written)} file(s): {out}")


@app.command("schema")
def schema_cmd(
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 when a schema file is stale.")] = False,
    out: Annotated[Path, typer.Option("--output", "-o", help="The folder for the schema files.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema (2020-12) of every file kind, for editors and other validators."""
    from . import schemas

    if check:
        stale = schemas.stale(out)
        for name in stale:
            message(f"{out / name} is stale: run resoc schema")
        raise typer.Exit(1 if stale else 0)
    changed = schemas.write(out)
    message(f"{len(changed)} schema file(s) written to {out}" if changed else f"the schemas in {out} are up to date")


# ---------------------------------------------------------------------------- editing

new_app = typer.Typer(help="Add a record: contact, organisation, council, membership, action or event.", no_args_is_help=True)
end_app = typer.Typer(help="End a membership.", no_args_is_help=True)
app.add_typer(new_app, name="new")
app.add_typer(end_app, name="end")
SourceOpt = Annotated[Optional[list[str]], typer.Option("--source", help="Where the facts come from: seed file name or web address (repeatable).")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Check and say what would change; write nothing.")]


def _ask(value: Optional[str], label: str, option: str) -> str:
    """A required value: the option's, or asked for on a terminal, or a usage error."""
    if value:
        return value
    if sys.stdin.isatty():
        return typer.prompt(label)
    raise typer.BadParameter(f"{option} is required (or run this in a terminal to be asked)")


def _ask_sources(sources: Optional[list[str]]) -> list[str]:
    return sources or [_ask(None, "Source (seed file name or web address)", "--source")]


def _root(data: Optional[Path]) -> Path:
    from .queries import open_dataset

    return open_dataset(data).root


def _apply(edit: Any, dry_run: bool) -> None:
    """Commit prepared changes (validated first), then say what changed; stdout lists the files.
    Nothing is announced before the change is on disk: a refusal is the only line printed."""
    if dry_run:
        errors = edit.changes.check()
        edit.changes.release()
        for line in edit.summary:
            message(line)
        for f in errors:
            message(f"  would be an error: {f.file}:{f.line}:{f.column} {f.code} {f.message}")
        message("dry run: nothing written")
        raise typer.Exit(1 if errors else 0)
    written = edit.changes.commit()
    for line in edit.summary:
        message(line)
    for rel in written:
        typer.echo(str(edit.changes.root / rel))


@new_app.command("contact")
def new_contact_cmd(name: Annotated[Optional[str], typer.Option(help="Full name, e.g. 'Lieve Cox'.")] = None,
                    id: Annotated[Optional[str], typer.Option(help="The id; made from the name when left out.")] = None,
                    email: Annotated[Optional[str], typer.Option(help="E-mail address.")] = None,
                    phone: Annotated[Optional[str], typer.Option(help="Phone number in E.164, e.g. +3214728656.")] = None,
                    public: Annotated[bool, typer.Option("--public", help="Mark the e-mail and phone public (default internal).")] = False,
                    source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Add a person."""
    from .editing import new_contact

    edit = new_contact(_root(data), _ask(name, "Name", "--name"), _ask_sources(source), id=id, email=email, phone=phone,
                       visibility="public" if public else "internal")
    _apply(edit, dry_run)


@new_app.command("organisation")
def new_organisation_cmd(name: Annotated[Optional[str], typer.Option(help="Full name.")] = None,
                         type: Annotated[Optional[str], typer.Option("--type", help="trade_union, employer_organisation, ...")] = None,
                         short_name: Annotated[Optional[str], typer.Option(help="Name in daily use, e.g. 'ACV'.")] = None,
                         side: Annotated[Optional[str], typer.Option(help="employer, employee or government.")] = None,
                         website: Annotated[Optional[str], typer.Option(help="Web address.")] = None,
                         id: Annotated[Optional[str], typer.Option(help="The id; made from the name when left out.")] = None,
                         source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Add a partner organisation."""
    from .editing import new_record

    values = {"id": id, "name": _ask(name, "Name", "--name"), "type": _ask(type, "Type", "--type"), "short_name": short_name,
              "side": side, "website": website, "sources": _ask_sources(source)}
    _apply(new_record(_root(data), "organisation", values), dry_run)


@new_app.command("council")
def new_council_cmd(name: Annotated[Optional[str], typer.Option(help="The body's name.")] = None,
                    type: Annotated[Optional[str], typer.Option("--type", help="resoc, serr, ersv, working_group, network, ...")] = None,
                    region: Annotated[Optional[list[str]], typer.Option(help="Region id (repeatable).")] = None,
                    parent: Annotated[Optional[str], typer.Option(help="The body it hangs under.")] = None,
                    valid_from: Annotated[Optional[str], typer.Option("--from", help="When it started.")] = None,
                    id: Annotated[Optional[str], typer.Option(help="The id; made from the name when left out.")] = None,
                    source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Add a body (a SERR is given its 8 + 8 seats)."""
    from .editing import new_record

    kind = _ask(type, "Type", "--type")
    values = {"id": id, "name": _ask(name, "Name", "--name"), "type": kind, "regions": region, "parent": parent,
              "valid_from": valid_from, "seats": {"employer": 8, "employee": 8} if kind == "serr" else None,
              "sources": _ask_sources(source)}
    _apply(new_record(_root(data), "council", values), dry_run)


@new_app.command("membership")
def new_membership_cmd(contact: Annotated[Optional[str], typer.Option(help="The person's id.")] = None,
                       council: Annotated[Optional[str], typer.Option(help="The council's id.")] = None,
                       role: Annotated[str, typer.Option(help="chair, member, coordinator, ...")] = "member",
                       side: Annotated[Optional[str], typer.Option(help="employer, employee or government (takes a seat).")] = None,
                       on_behalf_of: Annotated[Optional[str], typer.Option("--for", help="The organisation represented.")] = None,
                       start: Annotated[Optional[str], typer.Option(help="First day in the seat (YYYY-MM-DD).")] = None,
                       label: Annotated[Optional[str], typer.Option(help="The title as the source writes it.")] = None,
                       source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Put a person on a council seat, on behalf of an organisation, from a date."""
    from .editing import new_membership

    edit = new_membership(_root(data), _ask(contact, "Contact id", "--contact"), _ask(council, "Council id", "--council"), role,
                          _ask(start, "Start date (YYYY-MM-DD)", "--start"), side=side, on_behalf_of=on_behalf_of, label=label,
                          sources=source)
    _apply(edit, dry_run)


@new_app.command("action")
def new_action_cmd(pact: Annotated[Optional[str], typer.Option(help="The pact's id.")] = None,
                   parent: Annotated[Optional[str], typer.Option(help="The pillar or cluster id it goes under.")] = None,
                   name: Annotated[Optional[str], typer.Option(help="The action's name.")] = None,
                   lead: Annotated[Optional[list[str]], typer.Option(help="Trekker id (repeatable).")] = None,
                   partner: Annotated[Optional[list[str]], typer.Option(help="Partner id (repeatable).")] = None,
                   council: Annotated[Optional[list[str]], typer.Option(help="Council involved (repeatable).")] = None,
                   start: Annotated[Optional[str], typer.Option(help="Start (a date, month or year).")] = None,
                   end: Annotated[Optional[str], typer.Option(help="End.")] = None,
                   status: Annotated[Optional[str], typer.Option(help="planned, running, done, stopped.")] = None,
                   source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Add an action to a pact, under a pillar or cluster."""
    from .editing import new_action

    edit = new_action(_root(data), _ask(pact, "Pact id", "--pact"), _ask(parent, "Pillar or cluster id", "--parent"),
                      _ask(name, "Name", "--name"), lead=lead, partners=partner, councils=council, start=start, end=end,
                      status=status, sources=source)
    _apply(edit, dry_run)


@new_app.command("event")
def new_event_cmd(pact: Annotated[Optional[str], typer.Option(help="The pact's id.")] = None,
                  action: Annotated[Optional[str], typer.Option(help="The action's id.")] = None,
                  title: Annotated[Optional[str], typer.Option(help="What happens.")] = None,
                  date: Annotated[Optional[str], typer.Option(help="When (a date, month, season or year).")] = None,
                  location: Annotated[Optional[str], typer.Option(help="Where.")] = None,
                  council: Annotated[Optional[list[str]], typer.Option(help="Body holding it (repeatable).")] = None,
                  source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Add a dated event to a pact action."""
    from .editing import new_event

    edit = new_event(_root(data), _ask(pact, "Pact id", "--pact"), _ask(action, "Action id", "--action"),
                     _ask(title, "Title", "--title"), _ask(date, "Date", "--date"), location=location, councils=council, sources=source)
    _apply(edit, dry_run)


@end_app.command("membership")
def end_membership_cmd(contact: Annotated[str, typer.Argument(help="The person's id.")],
                       council: Annotated[str, typer.Argument(help="The council's id.")],
                       date: Annotated[str, typer.Option("--date", help="Last day in the seat (YYYY-MM-DD).")],
                       reason: Annotated[Optional[str], typer.Option(help="Why it ends.")] = None,
                       data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Close a person's open memberships of a council."""
    from .editing import end_membership

    _apply(end_membership(_root(data), contact, council, date, reason), dry_run)


@contacts_app.command("forget")
def forget_cmd(id: Annotated[str, typer.Argument(help="The person's id.")],
               data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Erase a person: their file and every reference to them (the right to erasure)."""
    from .editing import forget_contact

    _apply(forget_contact(_root(data), id), dry_run)


@app.command("fmt")
def fmt_cmd(paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders; default: the whole dataset.")] = None,
            check: Annotated[bool, typer.Option("--check", help="Write nothing; list the files that would change, exit 1 if any.")] = False,
            data: DataOpt = None) -> None:
    """Bring files into the canonical form, keeping comments, blank lines and quoting."""
    from .editing import fmt

    root = _root(data or _data_of(paths))
    edit = fmt(root, paths, check=check)
    changed = sorted(edit.changes.writes)
    if check:
        for rel in changed:
            typer.echo(str(root / rel))
        if changed:
            message(f"{len(changed)} file(s) would be reformatted: run resoc fmt")
        raise typer.Exit(1 if changed else 0)
    for rel in edit.changes.commit(validate=False):  # same data, new layout: nothing to validate anew
        typer.echo(str(root / rel))
    message(f"{len(changed)} file(s) reformatted" if changed else "every file is in canonical form")


def _data_of(paths: Optional[list[Path]]) -> Optional[Path]:
    from .loading import find_root

    for path in paths or []:
        root = find_root(path) if path.exists() else None
        if root is not None:
            return root
    return None


class DiffFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


@app.command("diff")
def diff_cmd(base: Annotated[str, typer.Argument(help="The earlier git revision, e.g. main or HEAD~1.")],
             head: Annotated[Optional[str], typer.Argument(help="The later revision; default: the working tree.")] = None,
             fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="text, md (for pull requests) or json.")] = DiffFormat.text,
             data: DataOpt = None) -> None:
    """What changed in the dataset between two revisions: records, fields, memberships."""
    from .diffing import dataset_diff, to_markdown, to_text

    changes = dataset_diff(data or Path("data"), base, head)
    if fmt is DiffFormat.json:
        print_json(changes)
    else:
        typer.echo(to_markdown(changes) if fmt is DiffFormat.md else to_text(changes), nl=False)


# ---------------------------------------------------------------------------- reports and plans


class ReportKind(str, Enum):
    region = "region"
    council = "council"
    pact = "pact"
    directory = "directory"
    calendar = "calendar"


class DocFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"


class Lang(str, Enum):
    nl = "nl"
    en = "en"


DocFormatOpt = Annotated[DocFormat, typer.Option("--format", "-f", help="md, html or json.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="nl (default) or en.")]
TemplatesOpt = Annotated[Optional[Path], typer.Option("--templates", help="A folder of templates that replace ours (run sandboxed).")]


def emit_document(template: str, context: dict[str, Any], fmt: DocFormat, lang: Lang, templates: Optional[Path],
                  output: Optional[Path]) -> None:
    """The one printer for rendered documents: json as the data, md and html through the templates."""
    if fmt is DocFormat.json:
        text = json.dumps(context, ensure_ascii=False, indent=2) + "\n"
    else:
        from .rendering import render

        text = render(template, context, fmt.value, lang.value, templates)
    if output is None:
        typer.echo(text, nl=False)
    else:
        from .writing import atomic_write

        atomic_write(output, text.encode("utf-8"))
        message(f"wrote {output}")


@app.command("report")
def report_cmd(kind: Annotated[ReportKind, typer.Argument(help="region, council, pact, directory or calendar.")],
               id: Annotated[Optional[str], typer.Argument(help="The region, council or pact id; the year for calendar.")] = None,
               fmt: DocFormatOpt = DocFormat.md, output: OutputOpt = None, as_of: AsOf = None, lang: LangOpt = Lang.nl,
               templates: TemplatesOpt = None, include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """A report for the council or the public, in Dutch (or English), as Markdown or HTML."""
    from .queries import open_dataset
    from .reports import build

    context = build(open_dataset(data), kind.value, id, _view(as_of, False, include_internal))
    emit_document(kind.value, context, fmt, lang, templates, output)


plan_app = typer.Typer(help="Annual plans (jaarplanning): show, follow up, draft the next.", no_args_is_help=True)
app.add_typer(plan_app, name="plan")
CouncilArg = Annotated[str, typer.Argument(help="The council's id.")]
YearArg = Annotated[int, typer.Argument(help="The plan's year.")]


@plan_app.command("show")
def plan_show_cmd(council: CouncilArg, year: YearArg, fmt: DocFormatOpt = DocFormat.md, output: OutputOpt = None,
                  lang: LangOpt = Lang.nl, templates: TemplatesOpt = None, data: DataOpt = None) -> None:
    """The plan, items grouped by pillar, cluster and pact action, with owner, quarters, deliverables and status."""
    from .plans import plan_view
    from .queries import open_dataset

    emit_document("plan", plan_view(open_dataset(data), council, year), fmt, lang, templates, output)


@plan_app.command("follow-up")
def plan_follow_up_cmd(council: CouncilArg, year: YearArg, fmt: DocFormatOpt = DocFormat.md, output: OutputOpt = None,
                       as_of: AsOf = None, lang: LangOpt = Lang.nl, templates: TemplatesOpt = None, data: DataOpt = None) -> None:
    """Planned against done: the share done per cluster, items late or carried over."""
    from .plans import follow_up
    from .queries import open_dataset

    emit_document("follow-up", follow_up(open_dataset(data), council, year, _as_of(as_of)), fmt, lang, templates, output)


@plan_app.command("new")
def plan_new_cmd(council: CouncilArg, year: YearArg, data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Draft next year's plan file from the pact actions running that year and last year's unfinished items."""
    from .plans import new_plan

    _apply(new_plan(_root(data), council, year), dry_run)


# ---------------------------------------------------------------------------- entry point


def main() -> None:
    """Run the app; usage errors exit 2, problems 1, internal errors 3 with one line (a traceback with --debug)."""
    from .errors import DataError, NotFoundError, UsageError

    debug = "--debug" in sys.argv[1:] or bool(os.environ.get("RESOC_DEBUG"))
    try:
        code = app(standalone_mode=False)
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
    sys.exit(code or 0)
