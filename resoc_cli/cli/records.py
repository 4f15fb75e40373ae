"""`resoc KIND list|show` for every kind, generated from the registry; `search` and `export`.

Each kind's list options come from its filters in kinds.py: a choice filter offers the values
its model allows (a typo is a usage error naming them), an id filter is checked against the
dataset, a date filter reads YYYY-MM-DD. Nothing here names a kind.
"""

import inspect
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from ..kinds import KINDS, Filter, Kind
from .completion import complete_ids
from .documents import Lang, LangOpt
from .output import (AsOf, choices, DataOpt, FormatOpt, HistoryOpt, InternalOpt, OutFormat, message, open_data, parse_date,
                     print_document, print_rows, view)

KIND_APPS: dict[str, typer.Typer] = {}
ExportFormat = choices("ExportFormat", "json", "csv", "sqlite", "popolo", "ics", "vcf", "oparl")
_COMMON = {"fmt": (FormatOpt, OutFormat.table), "as_of": (AsOf, None), "history": (HistoryOpt, False),
           "include_internal": (InternalOpt, False), "data": (DataOpt, None), "lang": (LangOpt, Lang.nl)}


def _option(f: Filter) -> Any:
    """The typer annotation of a filter: a value (choices are checked by the library), a YEAR or a DATE."""
    if f.choices is not None:  # its values come from the model: checked by the library, named on a typo
        return Annotated[Optional[str], typer.Option(f.flag, help=f.help, metavar="VALUE")]
    if f.type is int:
        return Annotated[Optional[int], typer.Option(f.flag, help=f.help, metavar="YEAR")]
    metavar = "DATE" if f.type is not str else (f.refers or "TEXT").upper().replace("PARTY", "ID")
    completion = complete_ids(f.refers) if f.refers else None
    return Annotated[Optional[str], typer.Option(f.flag, help=f.help, metavar=metavar, autocompletion=completion)]


def _signature(params: dict[str, tuple[Any, Any]]) -> inspect.Signature:
    return inspect.Signature([inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
                              for name, (annotation, default) in params.items()])


def _filter_values(kind: Kind, values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for f in kind.filters:
        value = values.get(f.name)
        if f.choices is not None and value is not None:
            value = value.lower()  # the values are lower case: SERR means serr
        out[f.name] = parse_date(value, f.flag) if f.type not in (str, int) else value
    return out


def _hidden_text(kind: Kind, hidden: int, day: str) -> str:
    some = f"{hidden} {kind.plural} not current on {day} are" if hidden > 1 else f"1 {kind.name} not current on {day} is"
    return f"{some} not shown: add --history or --as-of DATE"


def _list_command(kind: Kind) -> Callable[..., None]:
    def command(**values: Any) -> None:
        from ..views.lists import listing

        seen = view(values["as_of"], values["history"], values["include_internal"])
        rows, hidden = listing(open_data(values["data"], seen), kind.name, seen, **_filter_values(kind, values))
        print_rows(rows, values["fmt"], columns=kind.columns, lang=values["lang"].value, counted=kind.name)
        if hidden:
            message(_hidden_text(kind, hidden, seen.day.isoformat()))
        if not rows:
            raise typer.Exit(1)

    command.__signature__ = _signature({f.name: (_option(f), None) for f in kind.filters} | _COMMON)  # type: ignore[attr-defined]
    command.__doc__ = f"List the {kind.label_en.lower()} ({kind.label_nl.lower()}): {kind.help}"
    return command


def _show_command(kind: Kind) -> Callable[..., None]:
    def command(id: str, **values: Any) -> None:
        from ..views.show import show

        seen = view(values["as_of"], values["history"], values["include_internal"])
        print_document(show(open_data(values["data"], seen), kind.name, id, seen), values["fmt"], values["lang"].value)

    id_help = "The id" + (" (PACT:ID when several pacts share it)." if not kind.is_file and kind.owner == "pact" else ".")
    id_arg = typer.Argument(help=id_help, metavar="ID", autocompletion=complete_ids(kind.name) if kind.is_file else None)
    command.__signature__ = _signature(  # type: ignore[attr-defined]
        {"id": (Annotated[str, id_arg], inspect.Parameter.empty)} | _COMMON)
    command.__doc__ = f"One {kind.name}: every field, references resolved to names, and what relates to it."
    return command


def register(app: typer.Typer) -> None:
    for kind in KINDS.values():
        sub = typer.Typer(help=kind.help, no_args_is_help=True)
        sub.command("list")(_list_command(kind))
        sub.command("show")(_show_command(kind))
        app.add_typer(sub, name=kind.plural)
        KIND_APPS[kind.plural] = sub

    @app.command("search")
    def search_cmd(text: Annotated[str, typer.Argument(help="Words to look for; case and accents do not matter.")],
                   kind: Annotated[Optional[list[str]], typer.Option("--kind", help="Only these kinds (repeatable).")] = None,
                   fmt: FormatOpt = OutFormat.table, as_of: AsOf = None, history: HistoryOpt = False,
                   include_internal: InternalOpt = False, data: DataOpt = None, lang: LangOpt = Lang.nl) -> None:
        """Search every kind by name and text, best matches first."""
        from ..views.search import search

        seen = view(as_of, history, include_internal)
        rows = search(open_data(data, seen), text, seen, kind)
        if rows or fmt is not OutFormat.table:
            print_rows(rows, fmt, lang=lang.value, counted="result")
        if not rows:
            message(f"nothing matches '{text}'" + ("" if history else " (add --history to search past entries too)"))
            raise typer.Exit(1)

    @app.command("export")
    def export_cmd(
        fmt: Annotated[ExportFormat, typer.Argument(
            metavar="FORMAT", help="json, csv (a folder), sqlite, popolo, ics, vcf or oparl (a folder).")],
        out: Annotated[Path, typer.Option("--output", "-o", help="The file (for csv and oparl: the folder) to write.")],
        force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
        base_url: Annotated[Optional[str], typer.Option(
            "--base-url", help="oparl: the address the folder will be served from (default http://localhost:8000/).")] = None,
        as_of: AsOf = None, include_internal: InternalOpt = False, data: DataOpt = None,
    ) -> None:
        """Write the whole dataset for spreadsheets, Datasette, calendars, address books and OParl clients."""
        from ..exports import export

        seen = view(as_of, True, include_internal)
        written = export(open_data(data, seen, keep_pass=True), fmt.value, out, seen, force=force, base_url=base_url)
        message(f"wrote {len(written)} file(s): {out}")

