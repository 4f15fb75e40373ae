"""The library's query API: list, show and search every kind, at a date, as plain data.

The CLI's json output of `resoc KIND list|show` and `resoc search` is exactly what these
functions return. The work is done in views/ (lists, show, search, plain data); this module
names the public entry points in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .kinds import KINDS as _KINDS
from .views import View, open_dataset
from .views.lists import list_rows, listing
from .views.plain import plain
from .views.search import fold, search
from .views.show import find_action, find_event, seat_counts, seen_on, show

KINDS = tuple(kind.plural for kind in _KINDS.values())


def _list_of(kind: str) -> Callable[..., list[dict[str, Any]]]:
    def rows(ds: Any, view: View, **filters: Any) -> list[dict[str, Any]]:
        return list_rows(ds, kind, view, **filters)

    return rows


LISTS = {kind.plural: _list_of(kind.name) for kind in _KINDS.values()}

__all__ = ["KINDS", "LISTS", "View", "find_action", "find_event", "fold", "list_rows", "listing", "open_dataset",
           "plain", "search", "seat_counts", "seen_on", "show"]
