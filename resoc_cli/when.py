"""Dates as the sources give them: a day, a month, a season or only a year.

The sources say "oktober 2018", "najaar 2017" or "2013-2018" as often as they give a day.
Storing a made-up day would invent a fact, so a date field holds a `When`: an EDTF level-1
subset (`2018`, `2018-10`, `2018-10-04`, and seasons `2017-21`..`2017-24` for spring, summer,
autumn and winter). Rules compare by the earliest and latest day the value can mean.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Any

_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")  # ASCII digits, as in JSON Schema
# EDTF seasons (level 1): 21 spring, 22 summer, 23 autumn, 24 winter (meteorological).
_SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}
_SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}


def _alternatives(items: list[str]) -> str:
    return "(?:" + "|".join(items) + ")"


def text_pattern() -> str:
    """The texts `When.parse` accepts, as one regular expression (ECMA-262 and Python alike).

    Made from the calendar, so that an editor refuses 2018-02-30, 2018-01-00 and 2017-23-15
    as `resoc validate` does: days per month, 29 February in leap years only, no year 0000,
    months 01-12 and the seasons 21-24 (which have no days).
    """
    months = [f"{m:02d}" for m in range(1, 13)]
    last = {m: calendar.monthrange(2001, int(m))[1] for m in months}  # 2001: not a leap year
    days = [f"{_alternatives(months)}-(?:0[1-9]|1[0-9]|2[0-8])"]
    days += [f"{_alternatives([m for m in months if last[m] >= day])}-{day}" for day in (29, 30, 31)]
    # Leap years: divisible by 4 but not by 100 (..04, ..08, ..96), or by 400 (..00 after 00, 04, 08, ...).
    leap = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
    partial = _alternatives(months + [str(s) for s in _SEASONS])
    # Year 0000 does not exist; the winter of 9999 would end in the year 10000.
    return f"^(?!0000|9999-24$)(?:[0-9]{{4}}(?:-{partial}|-{_alternatives(days)})?|{leap}-02-29)$"


JSON_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": text_pattern(),
         "patternErrorMessage": "Not a real date: write a day (2018-03-01), a month (2018-03), a season (2017-23) or a year (2018)."},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": "A day (2018-10-04), a month (2018-10), a season (2017-23 = autumn 2017) or a year (2018).",
    "examples": ["2018-03-01", "2018-10", "2017-23", 2018],
}


class When:
    """A date of day, month, season or year precision, with the span of days it covers."""

    __slots__ = ("text", "precision", "earliest", "latest")

    def __init__(self, text: str, precision: str, earliest: dt.date, latest: dt.date) -> None:
        self.text = text
        self.precision = precision
        self.earliest = earliest
        self.latest = latest

    @classmethod
    def parse(cls, value: Any) -> When:
        """Read a YAML value (string, year as int, or date) into a When; ValueError if it is none."""
        if type(value) is str:  # the common case first: every record read from the index has its dates as text
            return _parse_text(value.strip())
        if isinstance(value, When):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError("a date without a time of day is expected, such as 2018-03-01")
        if isinstance(value, dt.date):
            return cls(value.isoformat(), "day", value, value)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValueError("a date such as 2018-03-01, 2018-03 or 2018 is expected")
        return _parse_text(str(value).strip())

    @classmethod
    def _from_text(cls, text: str) -> When:
        match = _PATTERN.match(text)
        if not match:
            raise ValueError(f"'{text}' is not a date: write 2018-03-01, 2018-03, 2017-23 (a season) or 2018")
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is None:
            return cls(text, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
        if month in _SEASONS and day is None:
            first, last = _SEASONS[month]
            end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
            end = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
            return cls(text, "season", dt.date(year, first, 1), end)
        if not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month}: months run from 01 to 12")
        last_day = calendar.monthrange(year, month)[1]
        if day is None:
            return cls(text, "month", dt.date(year, month, 1), dt.date(year, month, last_day))
        if not 1 <= day <= last_day:
            raise ValueError(f"'{text}' is not a real day: {calendar.month_name[month]} {year} has {last_day} days")
        day_value = dt.date(year, month, day)
        return cls(text, "day", day_value, day_value)

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, "latest"):  # set once in __init__: parsed values are shared (see _parse_text)
            raise AttributeError("a When does not change")
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        # Compact and fast in the validation cache: the four values, no attribute dict.
        return (When, (self.text, self.precision, self.earliest, self.latest))

    @property
    def season(self) -> str | None:
        """The season's English name when this is a season, else None."""
        return _SEASON_NAMES.get(int(self.text[5:7])) if self.precision == "season" else None

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"When({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, When) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        return dict(JSON_SCHEMA)


@lru_cache(maxsize=8192)
def _parse_text(text: str) -> When:
    """Parsed once per distinct text: 25,000 records hold a few thousand distinct dates, and a
    When never changes, so one value serves them all."""
    return When._from_text(text)


def text_of(value: When | None) -> str | None:
    """A date as its text, None staying None: how records show dates to people and exports."""
    return None if value is None else value.text


def active(start: When | None, end: When | None, on: dt.date) -> bool:
    """True when a span that runs from `start` to `end` (either open) may include the day `on`."""
    return (start is None or start.earliest <= on) and (end is None or on <= end.latest)


def overlaps(a: tuple[When | None, When | None], b: tuple[When | None, When | None]) -> bool:
    """True when two spans certainly share a day (partial dates count by their narrowest reading)."""
    a_start = a[0].latest if a[0] else dt.date.min
    a_end = a[1].earliest if a[1] else dt.date.max
    b_start = b[0].latest if b[0] else dt.date.min
    b_end = b[1].earliest if b[1] else dt.date.max
    return a_start <= b_end and b_start <= a_end


def within(inner: When, start: When | None, end: When | None) -> bool:
    """True when `inner` can fall inside the span from `start` to `end`."""
    return (start is None or inner.latest >= start.earliest) and (end is None or inner.earliest <= end.latest)
