"""Partial dates: what each form means, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from resoc_cli.when import When, active, overlaps, within

D = dt.date


@pytest.mark.parametrize(("text", "precision", "earliest", "latest"), [
    ("2018-03-01", "day", D(2018, 3, 1), D(2018, 3, 1)),
    ("2018-02", "month", D(2018, 2, 1), D(2018, 2, 28)),
    ("2016-02", "month", D(2016, 2, 1), D(2016, 2, 29)),
    ("2017-23", "season", D(2017, 9, 1), D(2017, 11, 30)),
    ("2017-24", "season", D(2017, 12, 1), D(2018, 2, 28)),
    ("2018", "year", D(2018, 1, 1), D(2018, 12, 31)),
    (2013, "year", D(2013, 1, 1), D(2013, 12, 31)),
])
def test_forms(text: object, precision: str, earliest: dt.date, latest: dt.date) -> None:
    when = When.parse(text)
    assert (when.precision, when.earliest, when.latest) == (precision, earliest, latest)
    assert str(when) == str(text)


@pytest.mark.parametrize("text", ["2016-02-30", "2018-13", "2018-00", "18-03-01", "maart 2018", "2018-03-01T10:00", True, 2.5])
def test_refused(text: object) -> None:
    with pytest.raises(ValueError):
        When.parse(text)


def test_spans() -> None:
    assert active(When.parse("2015"), When.parse("2016-08-31"), D(2016, 8, 31))
    assert not active(When.parse("2015"), When.parse("2016-08-31"), D(2016, 9, 1))
    assert active(None, None, D(1990, 1, 1))
    assert overlaps((None, None), (When.parse("2017"), None))
    assert not overlaps((None, When.parse("2016-12-31")), (When.parse("2017-01-01"), None))
    # a month that may or may not include the other's first day is not a certain overlap
    assert not overlaps((None, When.parse("2017-01")), (When.parse("2017-01-15"), None))
    assert within(When.parse("2018-23"), When.parse("2013"), When.parse("2018"))
    assert not within(When.parse("2019-01"), When.parse("2013"), When.parse("2018"))
