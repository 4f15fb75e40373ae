"""The canonical key order of every file kind, derived from the schemas.

`id` first, then the fields in the order the schema declares them, `sources` last; keys the
schema does not know keep their place after the known ones (validation reports them). The
order is computed from the models, so adding a field to a schema places it without a list
to maintain.
"""

from __future__ import annotations

import types
import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

FIRST = ("id",)
LAST = ("sources",)


@lru_cache(maxsize=None)
def field_order(model: type[BaseModel]) -> tuple[str, ...]:
    names = list(model.model_fields)
    head = [n for n in FIRST if n in names]
    tail = [n for n in LAST if n in names]
    return (*head, *[n for n in names if n not in head and n not in tail], *tail)


@lru_cache(maxsize=None)
def nested_model(model: type[BaseModel], field: str) -> type[BaseModel] | None:
    """The model a field holds (alone, optional or in a list), if any."""
    return _model_in(model.model_fields[field].annotation)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def key_rank(model: type[BaseModel]) -> dict[str, int]:
    """Position of each known key; unknown keys sort after all known ones."""
    return {name: index for index, name in enumerate(field_order(model))}


def ordered_keys(model: type[BaseModel], keys: list[str]) -> list[str]:
    rank = key_rank(model)
    return sorted(keys, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))


@lru_cache(maxsize=None)
def is_date_field(model: type[BaseModel], field: str) -> bool:
    """True when the schema declares the field as a date (a When)."""
    from .when import When

    if field not in model.model_fields:
        return False
    annotation = model.model_fields[field].annotation
    return annotation is When or When in typing.get_args(annotation)


def child_model(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    if model is None or key not in model.model_fields:
        return None
    return nested_model(model, key)
