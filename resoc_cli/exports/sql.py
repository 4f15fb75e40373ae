"""csv and SQLite files from the relational form (relational.py), so the two cannot disagree."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any
import sqlite3
from pathlib import Path

from ..dataset import Dataset
from ..errors import DataError
from ..neutral import csv_writer
from ..writing import atomic_write, atomic_write_all
from ..views import View
from .relational import Table, tables


def write_csv(ds: Dataset, out: Path, view: View) -> list[Path]:
    """One file per table in the folder `out`, each written whole or not at all."""
    out.mkdir(exist_ok=True)

    def files() -> Iterator[tuple[Path, bytes]]:
        for table in tables(ds, view):
            handle = io.StringIO(newline="")
            writer = csv_writer(handle, list(table.columns))
            writer.writeheader()
            writer.writerows(table.rows)
            yield out / f"{table.name}.csv", handle.getvalue().encode("utf-8")

    return atomic_write_all(files())


def write_sqlite(ds: Dataset, out: Path, view: View) -> list[Path]:
    """One table per kind and part, link tables, foreign keys, full-text search on names (Datasette-ready)."""
    connection = sqlite3.connect(":memory:")  # built in memory, written in one step below
    try:
        _fill(connection, tables(ds, view))
        connection.commit()
        data = connection.serialize()
    finally:
        connection.close()
    atomic_write(out, data)
    return [out]


def _fill(connection: sqlite3.Connection, all_tables: list[Table]) -> None:
    keys = {t.name: t.key or "rowid" for t in all_tables}
    for table in all_tables:  # every table first: rows may point at a table created later
        connection.execute(_create(table, keys))
    for table in all_tables:
        names = list(table.columns)
        placeholders = ", ".join("?" for _ in names)
        connection.executemany(f'INSERT INTO {_q(table.name)} ({", ".join(_q(n) for n in names)}) VALUES ({placeholders})',
                               map(_getter(names), table.rows))
        table.rows = []  # in the database now: let them go before it is copied out (sqlite at 25,000 files peaked at 280 MB)
        if table.search:
            columns = ", ".join(_q(c) for c in table.search)
            connection.execute(f'CREATE VIRTUAL TABLE {_q(table.name + "_fts")} USING fts5({columns}, content={_q(table.name)})')
            connection.execute(f'INSERT INTO {_q(table.name + "_fts")} (rowid, {columns}) SELECT rowid, {columns} FROM {_q(table.name)}')
    broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise DataError(f"the export would hold {len(broken)} dangling reference(s), first {broken[0]}")


def _getter(names: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A row's values in column order, taken in C (relational.tables gives every row every column)."""
    get = itemgetter(*names)
    return get if len(names) > 1 else lambda row: (get(row),)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(table: Table, keys: dict[str, str]) -> str:
    parts = [f'{_q(n)} {t}{" PRIMARY KEY" if n == table.key else ""}' for n, t in table.columns.items()]
    parts += [f"FOREIGN KEY ({_q(c)}) REFERENCES {_q(t)}({_q(keys[t])})" for c, t in table.foreign.items() if t in keys]
    return f"CREATE TABLE {_q(table.name)} ({', '.join(parts)})"
