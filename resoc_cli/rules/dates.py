"""Dates: every span starts before it ends, and a body ends no later than the body it hangs under."""

from __future__ import annotations

from collections.abc import Iterator

from . import Context, FileView, Problem, rule
from .facts import Index

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
        values = model.__dict__  # a model's fields and nothing else (getattr of a missing one is slow in pydantic)
        for first, last in SPANS:
            start, end = values.get(first), values.get(last)
            if start is not None and end is not None and start.earliest > end.latest:
                yield Problem((*loc, last), f"{last} {end} comes before {first} {start}")


@rule("DATE002", "ends-with-parent", scope="dataset")
def ends_with_parent(index: Index, ctx: Context) -> Iterator[Problem]:
    """A body under a parent that has ended ends no later than its parent, or its note says why not.

    A working group lives inside its SERR: when the SERR stops, a working group without an end
    would still be listed as current. Where a source shows a body outliving its parent, the
    body's `note` names the parent (by its id) and says why; the rule then stays silent.

    Bad:
        # data/councils/werkgroep-a.yaml, under serr-kempen (end_date: 2016-08-31)
        parent: serr-kempen
    Good:
        parent: serr-kempen
        end_date: 2016-08-31
        note: Ended with serr-kempen; no source dates its end, this is an inference.
    """
    for item in index.valid("council"):
        parent = index.get("council", item.parent) if item.parent else None
        if item.council is None or parent is None or parent.council is None:
            continue
        parent_end, end = parent.council.life[1], item.council.life[1]
        if parent_end is None or item.parent in (item.council.note or ""):
            continue
        if end is None:
            yield Problem(("parent",), f"'{item.stem}' has no end but its parent '{item.parent}' ended on {parent_end}: "
                          f"give end_date, or a note that names '{item.parent}' and says why it went on", file=item.rel)
        elif end.earliest > parent_end.latest:
            yield Problem(("end_date",), f"end_date {end} comes after the end of its parent '{item.parent}' ({parent_end}): "
                          f"correct it, or say in a note that names '{item.parent}' why it went on", file=item.rel)
