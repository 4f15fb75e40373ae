"""Exports to the tools people already use: json, csv, SQLite (Datasette), Popolo, iCalendar, vCard.

Every export reads the dataset as the view may see it (`Dataset.seen_by`, the visibility
boundary), so internal details leave only with `include_internal`; csv and SQLite come from
one relational form derived from the models (relational.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..dataset import Dataset
from ..errors import DataError, UsageError
from ..jsontext import dumps
from ..kinds import FILE_KINDS
from ..views import View
from ..views.plain import plain
from .calendar import calendar_entries, ics_text, vcf_text
from .oparl import DEFAULT_BASE, write_oparl
from .popolo import popolo, popolo_sections
from .relational import Table, tables
from .sql import write_csv, write_sqlite


def export(ds: Dataset, fmt: str, out: Path, view: View, force: bool = False, base_url: str | None = None) -> list[Path]:
    """Write the dataset to `out` in `fmt`; returns the files written. Refuses a dataset with errors.
    `base_url` is where an OParl folder will be served from (its objects' ids are addresses)."""
    if fmt not in WRITERS:
        raise UsageError(f"unknown export format '{fmt}': choose one of {', '.join(WRITERS)}")
    if not out.parent.is_dir():
        raise UsageError(f"folder {out.parent} does not exist: resoc never creates missing folders; create it first")
    _require_clean(ds)
    if fmt == "oparl":
        return _oparl(ds, out, view, force, base_url)
    if out.exists() and not force and not (fmt == "csv" and out.is_dir() and not any(out.iterdir())):
        raise UsageError(f"{out} exists already: choose another path, or add --force to replace it")
    return WRITERS[fmt](ds.seen_by(view.include_internal), out, view)


def _oparl(ds: Dataset, out: Path, view: View, force: bool, base_url: str | None) -> list[Path]:
    if out.exists() and not (out.is_dir() and (force or not any(out.iterdir()))):
        raise UsageError(f"{out} exists already: choose a new or empty folder, or add --force to write into it")
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise UsageError(f"--base-url: an http(s) address, not '{base_url}'")
    return write_oparl(ds.seen_by(view.include_internal), out, view, base_url or DEFAULT_BASE)


def _require_clean(ds: Dataset) -> None:
    from ..validate import validate

    errors = validate([ds.root], unchanged=ds.hand_on()).errors
    if errors:
        raise DataError(f"the dataset has {len(errors)} error(s), first {errors[0].file}:{errors[0].line}: "
                        f"{errors[0].message}; run resoc validate")


def whole(ds: Dataset, view: View) -> dict[str, list[dict[str, Any]]]:
    """Every record by kind, references as ids."""
    ds = ds.seen_by(view.include_internal)
    return {kind.plural: [plain(record) for record in ds.all(name)] for name, kind in FILE_KINDS.items()}


def json_text(ds: Dataset, view: View) -> Iterator[str]:
    """`whole` as the json export writes it, one record at a time: records are read for it and
    not kept (Dataset.each), so an export of 25,000 records never holds them all."""
    ds = ds.seen_by(view.include_internal)
    return json_pieces({kind.plural: (plain(record) for record in ds.each(name)) for name, kind in FILE_KINDS.items()})


def json_pieces(sections: dict[str, Iterable[Any]]) -> Iterator[str]:
    """The text of json.dumps(sections, indent=2) (tested to be the same), item by item: an
    export's text is written as it is made, never whole in memory (twice, with its bytes)."""
    if not sections:
        yield "{}\n"
        return
    yield "{"
    for n, (key, items) in enumerate(sections.items()):
        yield f'{"," if n else ""}\n  {json.dumps(key, ensure_ascii=False)}: '
        first = True
        for item in items:
            text = dumps(item).replace("\n", "\n    ")  # one level deeper
            yield f'{"[" if first else ","}\n    {text}'
            first = False
        yield "[]" if first else "\n  ]"
    yield "\n}\n"


def _file(render: Callable[[Dataset, View], str | Iterator[str]]) -> Callable[[Dataset, Path, View], list[Path]]:
    """A writer of one file from a text, or from its pieces as they are made."""
    def write(ds: Dataset, out: Path, view: View) -> list[Path]:
        from ..writing import atomic_write

        text = render(ds, view)
        atomic_write(out, (piece.encode("utf-8") for piece in ([text] if isinstance(text, str) else text)))
        return [out]

    return write


WRITERS: dict[str, Callable[[Dataset, Path, View], list[Path]]] = {
    "json": _file(json_text), "csv": write_csv, "sqlite": write_sqlite,
    "popolo": _file(lambda ds, view: json_pieces(popolo_sections(ds, view))), "ics": _file(ics_text), "vcf": _file(vcf_text),
    "oparl": write_oparl,
}
FORMATS = tuple(WRITERS)

__all__ = ["FORMATS", "Table", "WRITERS", "calendar_entries", "export", "popolo", "tables", "whole"]
