"""Records as plain data: canonical key order, no empty keys, references resolved to names."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .. import reference
from ..canonical import field_order
from ..dataset import Dataset
from ..walk import walk_refs
from ..when import When


def plain(model: BaseModel) -> dict[str, Any]:
    """A record (already past the visibility boundary) as plain data in canonical key order,
    without empty keys: what json, yaml and exports print."""
    return _prune(_ordered(model))


def _ordered(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return {name: _ordered(getattr(value, name)) for name in field_order(type(value)) if getattr(value, name) is not None}
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    if isinstance(value, When):
        return str(value)
    return value


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in ([], {}, None)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def first_detail(record: Any, type: str) -> str | None:
    """The first phone (or e-mail) of a record, in its stored form."""
    for detail in getattr(record, "contact_details", []):
        if detail.type == type:
            return detail.value
    return None


def names(ds: Dataset, record: Any) -> dict[str, str]:
    """Every id the record refers to, with the name it stands for."""
    found = {}
    for _, kind, value in walk_refs(record):
        if kind == "province":
            found[value] = reference.provinces().get(value, value)
        elif kind == "municipality":
            found[value] = reference.name(value) or value
        else:
            found[value] = ds.name_of(kind, value) or value
    return found


def brief(records: list[Any]) -> list[dict[str, Any]]:
    """id, name (and type, for bodies) of related records."""
    return [{k: getattr(r, k) for k in ("id", "name", "type") if hasattr(r, k)} for r in records]
