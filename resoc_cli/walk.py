"""Walks over records: every part with its place in the file, and every reference.

No I/O: rules, facts, queries and exports share these so that "where in the file is this
value" is answered one way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .models import Record, ref_kind

Loc = tuple[Any, ...]


def walk_models(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, BaseModel]]:
    """Every model inside a record (the record first), with its place in the file."""
    yield loc, model
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from walk_models(value, (*loc, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk_models(item, (*loc, name, index))


def walk_refs(record: Record) -> Iterator[tuple[Loc, str, str]]:
    """(place, kind, id) of every reference a record makes, found from the schema's ref() fields."""
    for loc, model in walk_models(record):
        for name in type(model).model_fields:
            kind = ref_kind(type(model), name)
            value = getattr(model, name)
            if kind is None or value is None:
                continue
            if isinstance(value, list):
                for index, item in enumerate(value):
                    yield (*loc, name, index), kind, item
            else:
                yield (*loc, name), kind, value
