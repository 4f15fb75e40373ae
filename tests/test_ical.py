"""The iCalendar writer against icalendar, the library that wrote our calendars before.

The bundled dataset's calendar is pinned byte for byte by a golden file (made by icalendar
7.3 before this writer replaced it, and equal to what the writer makes). Beyond that, values
are compared as icalendar reads them, not as bytes, so that a new icalendar release that
folds lines elsewhere does not fail the suite; the rules of the text itself (folding,
escaping, dates) are tested here on their own.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import icalendar
import pytest

from resoc_cli.exports.ical import CALENDAR_FIRST, EVENT_FIRST, Component, escape, fold

from .conftest import run_cli

ALPHABET = "abc XYZ,;:\\^\n\r\"'éëöçĳ€漢😀\tN"
EDGES = ["", "a" * 73, "a" * 74, "a" * 75, "a" * 76, "é" * 40, "a" * 72 + "\\n" + "b" * 10, "a" * 73 + "\\,b",
         "x" * 150 + "😀" * 30, "regel 1\nregel 2\r\nregel 3\rregel 4", "een \\N twee", "Oostende; Brugge, Kortrijk"]


def _texts(count: int, seed: int) -> list[str]:
    chance = random.Random(seed)
    return EDGES + ["".join(chance.choice(ALPHABET) for _ in range(chance.randrange(0, 220))) for _ in range(count)]


@pytest.mark.parametrize("seed", range(3))
def test_text_reads_back_as_written(seed: int) -> None:
    """Whatever the text, icalendar reads back what was written (line breaks as \\n)."""
    for text in _texts(80, seed):
        event = Component("VEVENT", EVENT_FIRST)
        event.text("SUMMARY", text)
        event.text("UID", "x@resoc")
        event.utc("DTSTAMP", dt.datetime(2016, 6, 30))
        event.day("DTSTART", dt.date(2016, 1, 10))
        parsed = icalendar.Event.from_ical(event.content() + event.end())
        expected = text.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")
        assert str(parsed["SUMMARY"]) == expected, text


def _escapes_split(pieces: list[str]) -> int:
    """How many pieces end inside an escape (a backslash and the character it escapes)."""
    split, opens = 0, False
    for piece in pieces:
        for char in piece:
            opens = char == "\\" and not opens
        split += opens
    return split


@pytest.mark.parametrize("line", [f"SUMMARY:{escape(t)}" for t in _texts(60, 7)] + ["X:" + "a" * 70 + "\\\\b" * 3])
def test_folded_lines_are_short_keep_escapes_whole_and_unfold_to_the_line(line: str) -> None:
    folded = fold(line)
    assert folded.endswith("\r\n") and "\r\n" not in folded[:-2].replace("\r\n ", "")
    pieces = folded[:-2].split("\r\n ")
    assert "".join(pieces) == line
    assert all(len(piece.encode("utf-8")) + (n > 0) <= 75 for n, piece in enumerate(pieces))
    assert _escapes_split(pieces[:-1]) == 0


def test_properties_come_in_icalendars_order() -> None:
    event = Component("VEVENT", EVENT_FIRST)
    event.text("LOCATION", "Hasselt")
    event.text("UID", "u@resoc")
    event.text("DESCRIPTION", "d")
    event.day("DTSTART", dt.date(2016, 1, 10))
    event.text("SUMMARY", "s")
    event.utc("DTSTAMP", dt.datetime(2016, 6, 30))
    names = [line.split(":")[0].split(";")[0] for line in event.content().splitlines()]
    assert names == ["BEGIN", "SUMMARY", "DTSTART", "DTSTAMP", "UID", "DESCRIPTION", "LOCATION"]
    calendar = Component("VCALENDAR", CALENDAR_FIRST)
    calendar.text("X-WR-TIMEZONE", "Europe/Brussels")
    calendar.text("PRODID", "p")
    calendar.text("VERSION", "2.0")
    assert [line.split(":")[0] for line in calendar.content().splitlines()] == ["BEGIN", "VERSION", "PRODID", "X-WR-TIMEZONE"]


def test_dates_keep_four_digit_years() -> None:
    """strftime's %Y writes the year 201 as 201 on Linux; iCalendar wants 0201."""
    event = Component("VEVENT", EVENT_FIRST)
    event.day("DTSTART", dt.date(201, 5, 3))
    event.local("DTEND", dt.datetime(99, 1, 2, 3, 4, 5), "Europe/Brussels")
    event.utc("DTSTAMP", dt.datetime(2016, 6, 30, 1, 2, 3))
    assert event.content().splitlines()[1:] == ["DTSTART;VALUE=DATE:02010503", "DTEND;TZID=Europe/Brussels:00990102T030405",
                                                "DTSTAMP:20160630T010203Z"]


def test_the_bundled_calendar_is_the_golden_one(tmp_path: Path) -> None:
    """Byte for byte, CRLF and folds included. After a deliberate change, regenerate it with
    RESOC_UPDATE_GOLDEN=1 and read the diff."""
    import os

    out = tmp_path / "cal.ics"
    assert run_cli("export", "ics", "-o", str(out), "--as-of", "2016-06-30", "--include-internal").returncode == 0
    golden = Path(__file__).parent / "golden" / "calendar-2016-06-30.ics"
    if os.environ.get("RESOC_UPDATE_GOLDEN"):
        golden.write_bytes(out.read_bytes())
    assert out.read_bytes() == golden.read_bytes()


@pytest.mark.parametrize("extra", [(), ("--include-internal",)])
def test_the_export_reads_back_with_icalendar_with_every_value(tmp_path: Path, extra: tuple[str, ...]) -> None:
    """The bundled dataset's calendar (fuzzy dates, meetings with times), read back by icalendar:
    every event, its start, summary, place, fuzziness, stamp and status, the time zone where a
    time needs it."""
    from resoc_cli.dataset import Dataset
    from resoc_cli.exports.calendar import body_address, body_addresses, calendar_entries

    out = tmp_path / "cal.ics"
    assert run_cli("export", "ics", "-o", str(out), "--as-of", "2016-06-30", *extra).returncode == 0
    text = out.read_bytes().decode("utf-8")
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    ds = Dataset.load(Path(__file__).parent.parent / "data", include_internal=bool(extra))
    entries, addresses = list(calendar_entries(ds)), body_addresses(ds)
    assert [str(e["UID"]) for e in events] == [entry.uid for entry in entries]
    for event, entry in zip(events, entries):
        start = event.decoded("DTSTART")
        if entry.start_time is None:
            assert start == entry.when.earliest and not isinstance(start, dt.datetime)
        else:
            assert (start.date(), start.strftime("%H:%M"), str(start.tzinfo)) == (entry.when.earliest, entry.start_time, "Europe/Brussels")
        assert str(event["SUMMARY"]).startswith(entry.title)
        address = entry.location or body_address(addresses, entry.councils, entry.when.earliest)
        assert (str(event["LOCATION"]) if "LOCATION" in event else None) == address
        assert ("TRANSP" in event) == ("X-RESOC-DATE" in event) == (entry.when.precision != "day")
        assert event.decoded("DTSTAMP") == dt.datetime(2016, 6, 30, tzinfo=dt.timezone.utc)
        assert (str(event["STATUS"]) if "STATUS" in event else None) == entry.status
        assert entry.description is None or entry.description in str(event["DESCRIPTION"])
    assert bool(calendar.walk("VTIMEZONE")) == any(entry.start_time for entry in entries)
