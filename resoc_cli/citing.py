"""What a record cites, in a form the read index keeps: so that `resoc sources` answers "who
cites what" from the index, without reading 25,000 records.

A record cites a string in `sources:` anywhere in it (a Source's `ref`) and a registered source
as a body's legal basis (a reference to a `source` record). Each citation is stored with
whether it sits in a part marked internal (or the record itself is internal), so that a reader
who may not see internal parts skips exactly what `visibility.redact` would have removed.
No I/O.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from pydantic import BaseModel

from .models import Source
from .visibility import is_internal
from .walk import Loc


class Citations(NamedTuple):
    """A record's id, the strings it cites and the register ids it names as a legal basis."""

    id: str
    cited: list[str]
    basis: list[str]


def citations_text(record: Any, models: Iterable[tuple[Loc, BaseModel]], refs: Iterable[tuple[Loc, str, str]]) -> str:
    """The citations of a record (and its id) as JSON: [internal, "id"|"cite"|"basis", value] items.
    `models` and `refs` are walk_models and walk_refs of the record (validation has them already)."""
    hidden: list[Loc] = []
    items: list[tuple[bool, str, str]] = []
    for loc, model in models:
        inside = _within(loc, hidden)
        if not inside and is_internal(model):
            hidden.append(loc)
            inside = True
        if loc == ():
            items.append((inside, "id", record.id))
        if isinstance(model, Source):
            items.append((inside, "cite", model.ref))
    items.extend((_within(loc, hidden), "basis", value) for loc, kind, value in refs if kind == "source")
    return json.dumps(items, separators=(",", ":"))


def _within(loc: Loc, parts: list[Loc]) -> bool:
    return any(loc[:len(part)] == part for part in parts)


def read_citations(text: str, include_internal: bool) -> Citations | None:
    """The citations a reader may see (None for a record that is internal as a whole, which such a
    reader does not see at all). Raises ValueError for text that is not what citations_text writes."""
    found = Citations("", [], [])
    for internal, what, value in json.loads(text):
        if internal and not include_internal:
            if what == "id":
                return None
            continue
        if not isinstance(value, str):
            raise ValueError("a citation is not a string")
        if what == "id":
            found = found._replace(id=value)
        else:
            (found.cited if what == "cite" else found.basis).append(value)
    return found
