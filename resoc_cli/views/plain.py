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
    without empty keys: what json, yaml and exports print. A key is left out when its value is
    None, an empty list or mapping, or a part with every field None; a part whose only values are
    empty lists stays, as {}. One pass over the record (export json walks 25,000)."""
    values = model.__dict__  # pydantic keeps field values here: one look-up, not a getattr each
    out: dict[str, Any] = {}
    for name in field_order(type(model)):
        item = values[name]
        if type(item) in _SCALARS:  # most values: text, numbers, yes/no
            out[name] = item
        elif item is None or (isinstance(item, BaseModel) and _blank(item)) or (isinstance(item, (list, dict)) and not item):
            continue
        else:
            out[name] = _value(item)
    return out


_SCALARS = frozenset({str, int, float, bool})


def _value(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, BaseModel):
        return plain(value)
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, When):
        return value.text
    if isinstance(value, dict):
        return _prune(value)
    return value


def _blank(model: BaseModel) -> bool:
    values = model.__dict__
    return all(values[name] is None for name in field_order(type(model)))


def _prune(value: Any) -> Any:
    """A mapping that is not a part (none in the models today), without its empty values."""
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
