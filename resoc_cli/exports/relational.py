"""The dataset as related tables, derived from the models' fields: csv and SQLite share it.

Nothing here lists a column. Every file kind gives a table keyed by id; every part a record
holds in a list (memberships, contact details, pact nodes, plan items, ...) a table of its
own, with a column for the record that holds it and, under a part with an id, its `parent`;
a single part (seats) is spread over prefixed columns; a list of plain values or references
becomes a link table. References become foreign keys (a party splits into an organisation
and a council column). A new field in a model is a new column, with nothing to remember.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from .. import meaning
from ..canonical import field_order, nested_model
from ..dataset import Dataset
from ..kinds import FILE_KINDS, MODELS
from ..models import Event, LegalBasis, Membership, Node, PlanItem, Record, Source, ref_kind
from ..views import View
from ..when import When, active

SQL_TYPES = {int: "INTEGER", float: "REAL", bool: "INTEGER"}
# Tables named otherwise than the plural of their model: a family of subclasses that shares one
# table, a name that would meet a kind's table (a record's citations and the register of sources).
FAMILIES: dict[type[BaseModel], str] = {Node: "pact_nodes", Source: "citations", LegalBasis: "legal_bases"}
RECORD_UNIQUE = (Node, Event, PlanItem)  # parts whose ids are unique in the whole record, not only in their parent
SEARCHED = ("name", "short_name", "title", "description")


@dataclass
class Table:
    """A table: columns (name -> SQL type), its key, foreign keys (column -> table), and rows."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)
    key: str | None = None
    foreign: dict[str, str] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    search: tuple[str, ...] = ()


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") else word + "es" if word.endswith(("s", "x")) else word + "s"


@lru_cache(maxsize=None)
def singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-2] if word.endswith(("sses", "xes")) else word.removesuffix("s")


@lru_cache(maxsize=None)
def table_name(model: type[BaseModel]) -> str:
    for family, name in FAMILIES.items():
        if issubclass(model, family):
            return name
    kind = next((k for k, m in MODELS.items() if m is model), None)
    return FILE_KINDS[kind].plural if kind else plural(_snake(model.__name__))


def _scalar(annotation: Any) -> Any:
    """The plain type of a field, through Optional and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _scalar(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _scalar(args[0]) if len(args) == 1 else str
    return annotation


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_list(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_list(a) for a in typing.get_args(annotation))
    return origin is list


class Plan(typing.NamedTuple):
    """What a model's field becomes in the tables, worked out from its type once per model class
    and field, not for each of a million values: the part it holds, whether it is a list, the
    kind it refers to, its SQL type."""

    child: type[BaseModel] | None
    is_list: bool
    refers: str | None
    sql_type: str


@lru_cache(maxsize=None)
def plan(model: type[BaseModel], name: str) -> Plan:
    annotation = model.model_fields[name].annotation
    return Plan(nested_model(model, name), _is_list(annotation), ref_kind(model, name), SQL_TYPES.get(_scalar(annotation), "TEXT"))


@lru_cache(maxsize=None)
def fields_of(model: type[BaseModel]) -> tuple[tuple[str, Plan], ...]:
    """Every field of a model in column order with its plan: the walk over 1.5 million values at
    25,000 files looks each field up once per model class, not once per value."""
    return tuple((name, plan(model, name)) for name in field_order(model))


@lru_cache(maxsize=None)
def _flat(model: type[BaseModel]) -> bool:
    """A part with no lists of its own: spread over its parent's columns."""
    return not any(_is_list(info.annotation) for info in model.model_fields.values())


class Builder:
    """Turns records into rows, creating tables and columns as the models declare them."""

    def __init__(self, ds: Dataset, view: View) -> None:
        self.ds, self.day = ds, view.day
        self.tables: dict[str, Table] = {}

    def table(self, name: str) -> Table:
        found = self.tables.get(name)
        if found is None:  # not setdefault: that would make a Table for each of 70,000 look-ups
            found = self.tables[name] = Table(name)
        return found

    def add_record(self, kind: str, record: Record) -> None:
        table = self.table(table_name(type(record)))
        row = self._row(table, record, record, kind, record.id, None)
        table.columns.setdefault("current", "INTEGER")
        row["current"] = int(meaning.current(self.ds, kind, record, self.day))

    def _row(self, table: Table, model: BaseModel, record: Record, kind: str, key: str | None,
             parent: tuple[str, str] | None) -> dict[str, Any]:
        row: dict[str, Any] = {}
        if key is not None:
            table.key = "key" if model is not record else "id"
            table.columns.setdefault(table.key, "TEXT")
            row[table.key] = key
        if model is not record:
            self._link(table, row, kind, FILE_KINDS[kind].plural, record.id)
            if parent is not None:
                self._link(table, row, "parent", parent[0], parent[1])
        values, columns, is_record = model.__dict__, table.columns, model is record
        for name, (child, is_list, refers, sql_type) in fields_of(type(model)):
            value = values[name]  # pydantic's field values: no getattr per field of 150,000 parts
            if child is not None:
                self._children(table, row, value, name, child, record, kind, key, parent)
            elif is_list:
                self._values(table, row, model, name, value or [], record, key)
            elif name == "id" and is_record:
                continue
            elif refers is None:  # a plain value, most of them: what _value does for it, without the call
                columns.setdefault(name, sql_type)
                row[name] = value.text if isinstance(value, When) else value
            else:
                self._value(table, row, type(model), name, value, record)
        table.rows.append(row)
        return row

    def _link(self, table: Table, row: dict[str, Any], column: str, target: str, value: Any) -> None:
        table.columns.setdefault(column, "TEXT")
        if table.foreign.setdefault(column, target) != target:
            table.foreign[column] = ""  # parts under parents of several tables: no single foreign key
        row[column] = value

    def _children(self, table: Table, row: dict[str, Any], value: Any, name: str, child: type[BaseModel],
                  record: Record, kind: str, key: str | None, parent: tuple[str, str] | None) -> None:
        if not isinstance(value, list):
            if _flat(child):  # one flat part: columns
                for sub in field_order(child):
                    self._value(table, row, child, sub, value.__dict__[sub] if value else None, record, f"{name}_{sub}")
                return
            value = [value] if value is not None else []  # a part with lists of its own: a table, like a list of one
        here = (table.name, key) if key is not None and table.key == "key" else parent
        for item in value:
            sub = self.table(table_name(type(item)))
            item_key = self._key(item, record, key)
            item_row = self._row(sub, item, record, kind, item_key, here)
            if isinstance(item, Membership):
                item_row["current"] = int(meaning.seat_current(self.ds, record, item, self.day))  # type: ignore[arg-type]
            elif "start_date" in type(item).model_fields:
                item_row["current"] = int(active(item.start_date, item.end_date, self.day))  # type: ignore[attr-defined]
            if "current" in item_row:
                sub.columns.setdefault("current", "INTEGER")

    def _key(self, item: BaseModel, record: Record, parent_key: str | None) -> str | None:
        id = item.__dict__.get("id")  # a field's value; a part without one has none (getattr would raise inside pydantic)
        if id is None:
            return None
        return f"{record.id if isinstance(item, RECORD_UNIQUE) else parent_key}:{id}"

    def _value(self, table: Table, row: dict[str, Any], model: type[BaseModel], name: str, value: Any, record: Record,
               column: str | None = None) -> None:
        column = column or name
        refers, sql_type = plan(model, name)[2:]
        if refers == "party":
            owner = meaning.party_kind(self.ds, value)
            for kind in ("organisation", "council"):
                self._link(table, row, f"{column}_{kind}", FILE_KINDS[kind].plural, value if owner == kind else None)
        elif refers == "action":  # an action is named within the record's pact
            self._link(table, row, column, "pact_nodes", f"{getattr(record, 'pact')}:{value}" if value else None)
        elif refers in FILE_KINDS:
            self._link(table, row, column, FILE_KINDS[refers].plural, value)
        else:
            table.columns.setdefault(column, sql_type)
            row[column] = value.text if isinstance(value, When) else value

    def _values(self, table: Table, row: dict[str, Any], model: BaseModel, name: str, values: list[Any], record: Record,
                key: str | None) -> None:
        owner = singular(table.name)
        link = self.table(f"{owner}_{name}")
        refers = plan(type(model), name).refers
        for value in values:
            link_row: dict[str, Any] = {}
            self._link(link, link_row, owner, table.name, key if key is not None else record.id)
            if refers in FILE_KINDS or refers == "party":
                self._value(link, link_row, type(model), name, value, record, FILE_KINDS[refers].name if refers in FILE_KINDS else "party")
            else:
                link.columns.setdefault("value", "TEXT")
                link_row["value"] = value.text if isinstance(value, When) else value
            link.rows.append(link_row)


def tables(ds: Dataset, view: View) -> list[Table]:
    """The dataset as related tables, parents before children (tables with no rows left out)."""
    builder = Builder(ds, view)
    for kind in FILE_KINDS:
        for record in ds.each(kind):  # not kept: the rows are what the export holds
            builder.add_record(kind, record)
    out = [t for t in builder.tables.values() if t.columns]  # a link table no record filled has no columns
    for table in out:
        table.foreign = {column: target for column, target in table.foreign.items() if target}
        table.search = tuple(c for c in SEARCHED if c in table.columns)
        width = len(table.columns)
        for row in table.rows:
            if len(row) != width:  # a row made before a later row's columns were added
                for column in table.columns:
                    row.setdefault(column, None)
    return out
