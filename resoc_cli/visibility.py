"""Who may see a detail: the one visibility boundary of every output.

A part of a record marked `visibility: internal` (today a contact detail: a personal e-mail
address or phone) never leaves the tool unless the user asks with `--include-internal`.
Every output gets its records through `redact` (lists, show, search, exports, reports,
plans: the read dataset is redacted when it is opened) or `mask` (diff, which must still say
that something changed), and every message that quotes a value through `quote`.

The rule is keyed on the `visibility` field, not on a list of kinds: any part a later schema
marks internal is covered without a change here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from .canonical import nested_model

INTERNAL = "internal"
MASK = "(internal)"


def is_internal(part: Any) -> bool:
    """A part marked internal. Read from the part's own values: most parts have no `visibility`
    field, and asking pydantic for a missing attribute raises and catches an error each time
    (redacting 14,500 people spent a third of its time there)."""
    values = getattr(part, "__dict__", None)
    return (values.get("visibility") if values is not None else getattr(part, "visibility", None)) == INTERNAL


def can_be_internal(model: type[BaseModel]) -> bool:
    """Whether a record of this model can be marked internal as a whole (an advice), so that a
    user who may not see internal records does not see it at all."""
    return "visibility" in model.model_fields


@lru_cache(maxsize=None)
def _carriers(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` through which an internal part can be reached (computed once per model)."""
    found = []
    for name in model.model_fields:
        child = nested_model(model, name)
        if child is not None and ("visibility" in child.model_fields or (child is not model and _carriers(child))):
            found.append(name)
    return tuple(found)


def redact(record: Any, include_internal: bool = False) -> Any:
    """The record without its internal parts (the same object when it has none, or when asked)."""
    if include_internal or record is None:
        return record
    return None if is_internal(record) else _rewrite(record, _drop)  # a whole record marked internal: an advice


def mask(record: Any, include_internal: bool = False) -> Any:
    """The record with every internal part's values replaced by '(internal)', so a diff can say
    that such a detail changed without showing it."""
    return record if include_internal or record is None else _rewrite(record, _masked)


def public_name(record: Any) -> str | None:
    """A record's name as anyone may see it, for the read index: None for a record internal as a
    whole (redaction removes it) or one without a name. Redaction never touches a record's own
    name otherwise: it removes and masks parts, not top-level fields."""
    name = None if is_internal(record) else getattr(record, "name", None)
    return name if isinstance(name, str) else None


def quote(value: Any, part: Any, include_internal: bool = False) -> str:
    """A value as a message may quote it: the value, or '(internal)' for an internal part."""
    return MASK if is_internal(part) and not include_internal else str(value)


def _drop(part: BaseModel) -> BaseModel | None:
    return None


def _masked(part: BaseModel) -> BaseModel:
    fields = {name: MASK for name in _HIDDEN if getattr(part, name, None) is not None}
    return part.model_copy(update=fields)


def _rewrite(model: BaseModel, internal: Any) -> Any:
    changes: dict[str, Any] = {}
    for name in _carriers(type(model)):
        value = getattr(model, name)
        if isinstance(value, list):
            items = [_item(item, internal) for item in value]
            kept = [item for item in items if item is not None]
            if any(a is not b for a, b in zip(kept, value)) or len(kept) != len(value):
                changes[name] = kept
        elif isinstance(value, BaseModel):
            item = _item(value, internal)
            if item is not value:
                changes[name] = item
    return model.model_copy(update=changes) if changes else model


def _item(item: Any, internal: Any) -> Any:
    if not isinstance(item, BaseModel):
        return item
    return internal(item) if is_internal(item) else _rewrite(item, internal)


# ---------------------------------------------------------------------------- raw data (diff)

CHANGED = "(internal, changed)"
_HIDDEN = ("value", "label", "note", "name", "title", "text", "minutes", "url")  # what an internal part says


def is_internal_data(value: Any) -> bool:
    """The same test on parsed data (a dict), for what works on plain data: diff, display."""
    return isinstance(value, dict) and value.get("visibility") == INTERNAL


def mask_data(value: Any, token: str = MASK) -> Any:
    """Parsed file data with every internal part's values replaced by `token`."""
    if is_internal_data(value):
        return {k: token if k in _HIDDEN else v for k, v in value.items()}
    if isinstance(value, dict):
        return {k: mask_data(v, token) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_data(v, token) for v in value]
    return value


def mask_pair(old: Any, new: Any) -> tuple[Any, Any]:
    """Two versions of the same data, masked so that a changed internal part still shows as
    changed ('(internal, changed)') without either value."""
    if is_internal_data(old) or is_internal_data(new):
        return mask_data(old), mask_data(new, CHANGED if old != new else MASK)
    if isinstance(old, dict) and isinstance(new, dict):
        pairs = {k: mask_pair(old.get(k), new.get(k)) for k in {*old, *new}}
        return ({k: pairs[k][0] for k in old}, {k: pairs[k][1] for k in new})
    if isinstance(old, list) and isinstance(new, list):
        pairs = [mask_pair(a, b) for a, b in zip(old, new)]
        return ([p[0] for p in pairs] + mask_data(old[len(pairs):]), [p[1] for p in pairs] + mask_data(new[len(pairs):]))
    return mask_data(old), mask_data(new)


def about(part: Any, message: str, withheld: str) -> str:
    """A finding's message about a part: as it is, or, for an internal part, words that do not
    quote its value (findings reach CI logs and pull-request summaries)."""
    return f"{withheld} (the value is internal and not shown)" if is_internal(part) else message
