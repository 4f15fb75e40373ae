"""Walks over records: every part with its place in the file, and every reference.

No I/O: rules, facts, queries and exports share these so that "where in the file is this
value" is answered one way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from .models import Record, ref_kind

Loc = tuple[Any, ...]


@lru_cache(maxsize=None)
def _ref_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(field, kind) of a model's reference fields: asked once per model class, not per record."""
    return tuple((name, kind) for name in model.model_fields if (kind := ref_kind(model, name)) is not None)


def walk_models(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, BaseModel]]:
    """Every model inside a record (the record first), with its place in the file.

    A model's values are read from its __dict__, which pydantic fills in field order and which
    holds nothing else (extra keys are forbidden): a third of the cost of getattr per field.
    """
    yield loc, model
    for name, value in model.__dict__.items():
        if isinstance(value, BaseModel):
            yield from walk_models(value, (*loc, name))
        elif type(value) is list:
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk_models(item, (*loc, name, index))


def walk_refs(record: Record, models: Iterable[tuple[Loc, BaseModel]] | None = None) -> Iterator[tuple[Loc, str, str]]:
    """(place, kind, id) of every reference a record makes, found from the schema's ref() fields.
    `models` is walk_models(record), when the caller has it already."""
    for loc, model in walk_models(record) if models is None else models:
        values = model.__dict__
        for name, kind in _ref_fields(type(model)):
            value = values[name]
            if value is None:
                continue
            if isinstance(value, list):
                for index, item in enumerate(value):
                    yield (*loc, name, index), kind, item
            else:
                yield (*loc, name), kind, value
