"""Suggestions for values that name nothing: one helper for ids, filter values, kinds and options."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def nearest(value: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to `value` (case-insensitive), best first."""
    pool = sorted(set(candidates))
    lowered = {c.lower(): c for c in pool}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[c] for c in close]


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """' (did you mean x?)' for the nearest candidate, or ''."""
    close = nearest(value, candidates, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown(what: str, value: str, candidates: Iterable[str]) -> str:
    """A one-line message for a value that is not one of `candidates`, naming the nearest ones."""
    pool = sorted(set(candidates))
    close = nearest(value, pool)
    if close:
        return f"no {what} '{value}': did you mean {' or '.join(repr(c) for c in close)}?"
    listed = ", ".join(pool[:12]) + (", ..." if len(pool) > 12 else "")
    return f"no {what} '{value}': choose one of {listed}" if pool else f"no {what} '{value}'"


def unaccented(text: str) -> str:
    """The text with its accents taken off ('Creëren' -> 'Creeren'): how names are compared and ids made.
    ASCII text has none to take off (search folds 120,000 names at 25,000 files, most of them ASCII)."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
