"""The one printer, and the options every command shares: the only place that knows rich.

stdout carries data, stderr messages and progress; colour only on a terminal, never with
NO_COLOR set (https://no-color.org).
"""

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer


def choices(name: str, *values: str) -> Any:
    """An Enum of option values (typer offers them, checks them and lists them on a typo)."""
    return Enum(name, {value: value for value in values}, type=str)  # type: ignore[misc]


OutFormat = choices("OutFormat", "table", "json", "csv", "yaml")


def parse_date(value: Optional[str], option: str = "--as-of") -> Optional[dt.date]:
    """A day given on the command line; what is wrong with it, said as validate says it of a file."""
    from ..when import When

    if value is None:
        return None
    try:
        when = When.parse(value)
    except ValueError as error:
        raise typer.BadParameter(f"{option}: {error}") from None
    if when.precision != "day":
        raise typer.BadParameter(f"{option}: '{value}' is not a day: write it as 2018-03-01")
    return when.earliest


def required(help: str) -> str:
    """The help of an option a command cannot do without, marked as typer marks a required one.
    Such options stay optional to typer so that a terminal can ask for them instead."""
    return f"{help}  [required]"


AsOf = Annotated[Optional[str], typer.Option("--as-of", metavar="DATE", help="Look at this day (YYYY-MM-DD); default today.")]
FormatOpt = Annotated[OutFormat, typer.Option("--format", "-f", help="table, json, csv or yaml.")]
HistoryOpt = Annotated[bool, typer.Option("--history", help="Show past entries too.")]
InternalOpt = Annotated[bool, typer.Option("--include-internal", help="Show contact details marked internal.")]
DataOpt = Annotated[Optional[Path], typer.Option("--data", metavar="FOLDER", help="The dataset folder; default data/.")]


def view(as_of: Optional[str], history: bool = False, include_internal: bool = False) -> Any:
    from ..views import View

    return View(as_of=parse_date(as_of), history=history, include_internal=include_internal)


def open_data(data: Optional[Path], seen: Any = None, keep_pass: bool = False) -> Any:
    from ..views import open_dataset

    return open_dataset(data, seen, keep_pass)


def use_colour(stream: Any = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
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
    from ..jsontext import dumps

    typer.echo(dumps(data))


def message(text: str) -> None:
    """A message for people, on stderr."""
    typer.echo(text, err=True)


def cell(value: Any) -> str:
    """A value in one line: a list joined by '; ', a mapping as key=value (csv's form)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={cell(v)}" for k, v in value.items())
    return str(value)


def shown_cell(key: str, value: Any, lang: str) -> str:
    """A value as a table shows it to people (labels.py): Dutch or English values, spaced phones, yes/no."""
    from ..labels import column_label, display, seat_line

    if isinstance(value, dict) and key == "seats" and "council_name" in value:  # a person's seat, not a body's counts
        return seat_line(value, lang)
    if isinstance(value, dict):
        return ", ".join(f"{column_label(k, lang)} {shown_cell(k, v, lang)}" for k, v in value.items())
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return "; ".join(shown_cell(key, v, lang) for v in value)
    return cell(display(key, value, lang))


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    return columns


def print_rows(rows: Any, fmt: OutFormat, title: Optional[str] = None, columns: tuple[str, ...] = (),
               lang: str = "nl", counted: Optional[str] = None) -> None:
    """The one printer for lists: a table for people (the given columns first, labels in `lang`, a footer
    counting the `counted` kind), json, csv or yaml for machines (raw keys and values)."""
    if fmt is OutFormat.json:
        print_json(rows)
    elif fmt is OutFormat.yaml:
        from ..loading import dump_yaml

        typer.echo(dump_yaml(rows), nl=False)
    elif fmt is OutFormat.csv:
        from ..neutral import csv_writer

        writer = csv_writer(sys.stdout, _columns(rows), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: cell(v) for k, v in row.items()} for row in rows)
    else:
        print_table(rows, title, columns, lang, counted)


def print_table(rows: list[dict[str, Any]], title: Optional[str], columns: tuple[str, ...], lang: str,
                counted: Optional[str] = None) -> None:
    """A table on stdout, never folding an id; with `counted`, a footer '2 personen' (no table for none)."""
    from ..labels import count_text

    if not sys.stdout.isatty():  # piped or redirected: nothing to fit, so no need for rich's layout
        lines = plain_table(rows, title, columns, lang) if rows else []
        typer.echo("".join(f"{line}\n" for line in lines) + (f"{count_text(len(rows), counted, lang)}\n" if counted else ""),
                   nl=False)
        return
    out = console()
    if rows:
        made, needed = table(rows, title, columns, lang)
        # Wider than the terminal rather than an id cut in two: the terminal wraps the line whole.
        out.print(made, width=max(out.width, needed), crop=False)
    if counted:
        out.print(count_text(len(rows), counted, lang), markup=False, highlight=False)


def _cells(rows: list[dict[str, Any]], columns: tuple[str, ...], lang: str) -> tuple[list[str], list[list[str]]]:
    """The columns worth showing (those with a value somewhere) and every row's cells as text.

    Most cells hold a text or nothing: each column's way of showing a text is looked up once
    (labels.text_shown, what shown_cell would do for it) instead of in every cell; 13,500
    actions took 0.37 s for their cells cell by cell."""
    from ..labels import text_shown
    from ..neutral import terminal_text

    shown = [c for c in (columns or _columns(rows)) if any(row.get(c) not in (None, "", [], {}) for row in rows)]
    ways = [(c, text_shown(c, lang)) for c in shown]

    def text(key: str, value: Any, show: Callable[[str], str]) -> str:
        if value is None:
            return ""
        return terminal_text(show(value) if type(value) is str else shown_cell(key, value, lang))

    return shown, [[text(c, row.get(c), show) for c, show in ways] for row in rows]


def plain_table(rows: list[dict[str, Any]], title: Optional[str], columns: tuple[str, ...], lang: str) -> list[str]:
    """The table as rich prints it without a terminal (columns two spaces apart, nothing folded),
    made with string methods: rich's layout took 3 s for 5,000 rows that a pipe shows as they are."""
    from rich.cells import cell_len

    from ..labels import column_label

    shown, texts = _cells(rows, columns, lang)
    headers = [column_label(c, lang) for c in shown]

    def width(text: str) -> int:
        return len(text) if text.isascii() else cell_len(text)

    widths = [max(width(h), *(width(line[i]) for line in texts)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    return ([title] if title else []) + [line(headers)] + [line(cells) for cells in texts]


def table(rows: list[dict[str, Any]], title: Optional[str] = None, columns: tuple[str, ...] = (),
          lang: str = "nl") -> tuple[Any, int]:
    """A rich table of the rows, and the width it needs so that no id is folded.

    A column that holds ids is never narrower than its longest id, so an id is never folded;
    other columns wrap between words and cut an overlong word with an ellipsis."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ..labels import column_label, is_id_column

    fancy = use_colour()
    out = Table(title=title, box=box.SIMPLE_HEAD if fancy else None, show_edge=False, pad_edge=False,
                header_style="bold" if fancy else "", title_style="bold" if fancy else "", title_justify="left")
    shown, texts = _cells(rows, columns, lang)
    needed = 0
    for index, column in enumerate(shown):
        if is_id_column(column):
            widest = max(len(word) for line in texts for word in line[index].split() or [""])
            out.add_column(column_label(column, lang), min_width=widest, overflow="fold")
            needed += widest + 2
        else:
            out.add_column(column_label(column, lang), overflow="ellipsis")
            needed += 6
    for line in texts:  # Text, not str: rich would read [markup] in a value
        out.add_row(*[Text(text) for text in line])
    return out, needed


_SHOWN_AS_RELATED = {"memberships", "pillars", "items", "agenda", "attendance"}  # tables of their own, names resolved


def print_document(document: dict[str, Any], fmt: OutFormat, lang: str = "nl") -> None:
    """The one printer for a shown record: sections for people (in `lang`), the whole document for machines."""
    if fmt in (OutFormat.json, OutFormat.yaml):
        print_rows(document, fmt)
        return
    fields = {k: v for k, v in document["record"].items() if k not in _SHOWN_AS_RELATED}
    if fmt is OutFormat.csv:
        print_rows([{"field": k, "value": describe(k, v)} for k, v in fields.items()], fmt)
        return
    from ..labels import column_label, document_heading
    from ..neutral import terminal_text

    out = console()
    out.print(terminal_text(document_heading(document, lang)), style="bold" if use_colour() else "", markup=False)
    for key, value in fields.items():
        out.print(terminal_text(f"  {column_label(key, lang)}: {describe(key, value, lang)}"), markup=False)
    for name, value in document["related"].items():
        _print_related(column_label(name, lang), value, lang)


def _print_related(title: str, value: Any, lang: str) -> None:
    from ..labels import value_label
    from ..neutral import terminal_text

    if isinstance(value, dict) and value and all(isinstance(v, list) for v in value.values()):
        for group, rows in value.items():
            print_table(rows, f"{title}: {value_label('side', group, lang)}", (), lang)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        print_table(value, title, (), lang)
    elif value not in (None, "", [], {}):
        console().print(terminal_text(f"  {title}: {shown_cell('', value, lang)}"), markup=False)


def describe(key: str, value: Any, lang: Optional[str] = None) -> str:
    """A field as a person reads it: phone numbers spaced, addresses on one line; labels in `lang`
    (None: the raw keys and values, as csv carries them)."""
    if key == "contact_details":
        return "; ".join(_detail(d, lang) for d in value)
    if key == "addresses":
        return "; ".join(f"{a.get('label') + ': ' if a.get('label') else ''}{a['street']}, {a['postal_code']} {a['locality']}"
                         for a in value)
    if key == "sources":
        return "; ".join(src["ref"] for src in value)
    return cell(value) if lang is None else shown_cell(key, value, lang)


def _detail(detail: dict[str, Any], lang: Optional[str]) -> str:
    """'telefoon +32 14 72 86 57 (onthaal) [intern]': one contact detail."""
    from ..labels import value_label
    from ..rendering import phone
    from ..visibility import is_internal_data

    def said(key: str, value: str) -> str:
        return value if lang is None else value_label(key, value, lang)

    number = detail["type"] in ("phone", "mobile", "fax")
    return (f"{said('type', detail['type'])} {phone(detail['value']) if number else detail['value']}"
            + (f" ({detail['label']})" if detail.get("label") else "")
            + (f" [{said('visibility', 'internal')}]" if is_internal_data(detail) else ""))


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
