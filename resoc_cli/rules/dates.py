"""Dates: every span starts before it ends."""

from __future__ import annotations

from collections.abc import Iterator

from . import FileView, Problem, rule

SPANS = (("start_date", "end_date"),)


@rule("DATE001", "dates-ordered")
def dates_ordered(f: FileView) -> Iterator[Problem]:
    """A span's start comes no later than its end (memberships, validity, actions, events).

    An end before the start is always a typo, and it makes the record vanish from every
    "as of" question.

    Bad:
        start_date: 2018-03-01
        end_date: 2017-03-01
    Good:
        start_date: 2017-03-01
        end_date: 2018-03-01
    """
    for loc, model in f.models:
        for first, last in SPANS:
            start, end = getattr(model, first, None), getattr(model, last, None)
            if start is not None and end is not None and start.earliest > end.latest:
                yield Problem((*loc, last), f"{last} {end} comes before {first} {start}")
