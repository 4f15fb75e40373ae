"""Calendars and address cards: iCalendar (icalendar) and vCard (vobject)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import meaning
from ..dataset import Dataset
from ..views import View
from ..views.lists import seat_text
from ..when import When


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    when: When
    end: When | None
    description: str | None
    location: str | None = None
    start_time: str | None = None  # 'HH:MM' in Belgian time, for a meeting
    end_time: str | None = None
    status: str | None = None  # iCalendar STATUS: CONFIRMED, TENTATIVE, CANCELLED


MEETING_STATUS = {"planned": "TENTATIVE", "held": "CONFIRMED", "cancelled": "CANCELLED"}
BRUSSELS = "Europe/Brussels"


def calendar_entries(ds: Dataset) -> Iterator[CalendarEntry]:
    """Events of pacts and projects, pact milestones, dated plan items and meetings."""
    for e in ds.events:
        yield CalendarEntry(f"event-{e.owner}-{e.event.id}@resoc", e.event.title, e.event.start_date, e.event.end_date,
                            e.event.description, e.event.location)
    for placed in ds.placed:
        for index, milestone in enumerate(placed.node.milestones):
            yield CalendarEntry(f"milestone-{placed.pact.id}-{placed.node.id}-{index + 1}@resoc", milestone.name,
                                milestone.due, None, placed.node.name)
    for plan in ds.all("plan"):
        for item in plan.items:
            if item.start_date is not None:
                yield CalendarEntry(f"plan-{plan.pact}-{plan.id}-{item.id}@resoc", f"[{plan.id}] {item.title}",
                                    item.start_date, item.end_date, item.note)
    for mt in ds.all("meeting"):
        body = ds.name_of("council", mt.council)
        agenda = "\n".join(f"{item.number}. {item.title}" for item in mt.agenda)
        yield CalendarEntry(f"meeting-{mt.id}@resoc", f"{body}: {mt.name}" if mt.name else str(body), mt.start_date, None,
                            agenda or None, mt.location, mt.start_time, mt.end_time, MEETING_STATUS[mt.status])


def ics_text(ds: Dataset, view: View) -> str:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//resoc//resoc-cli//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Regiokalender")
    cal.add("x-wr-timezone", "Europe/Brussels")
    stamp = dt.datetime.combine(view.day, dt.time(), tzinfo=dt.timezone.utc)
    for entry in calendar_entries(ds.seen_by(view.include_internal)):
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.title)
        _add_times(event, entry)
        if entry.status:
            event.add("status", entry.status)
        notes = [entry.description or ""]
        if entry.when.precision != "day":
            notes.append(f"Datum volgens de bron: {entry.when} ({entry.when.precision}).")
        if any(notes):
            event.add("description", "\n".join(n for n in notes if n))
        if entry.location:
            event.add("location", entry.location)
        cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for Europe/Brussels where a meeting has a time
    return cal.to_ical().decode("utf-8")


def _add_times(event: Any, entry: CalendarEntry) -> None:
    """An all-day entry (the end exclusive), or, for a meeting with a time, Belgian local times."""
    if entry.start_time is None:
        event.add("dtstart", entry.when.earliest)
        event.add("dtend", (entry.end or entry.when).latest + dt.timedelta(days=1))
        return
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(BRUSSELS)
    start = dt.datetime.combine(entry.when.earliest, dt.time.fromisoformat(entry.start_time), tzinfo=zone)
    event.add("dtstart", start)
    if entry.end_time is not None:
        event.add("dtend", dt.datetime.combine(entry.when.earliest, dt.time.fromisoformat(entry.end_time), tzinfo=zone))


def vcf_text(ds: Dataset, view: View) -> str:
    import vobject

    ds = ds.seen_by(view.include_internal)
    cards = []
    for person in ds.all("contact"):
        card = vobject.vCard()
        card.add("uid").value = f"urn:resoc:contact:{person.id}"
        card.add("fn").value = person.name
        # N is required in vCard 3.0; its parts stay empty where the data does not split the name
        card.add("n").value = vobject.vcard.Name(family=person.family_name or "", given=person.given_name or "")
        for d in person.contact_details:
            line = card.add({"email": "email", "url": "url"}.get(d.type, "tel"))
            if d.type == "email":
                line.type_param = "INTERNET"
            elif d.type != "url":
                line.type_param = {"phone": "WORK", "mobile": "CELL", "fax": "FAX"}[d.type]
            line.value = d.value
        seats = [seat_text(ds, council, m) for council, m in ds.seats_of(person.id)
                 if meaning.seat_current(ds, council, m, view.day)]
        if seats:
            card.add("note").value = "; ".join(seats)
        cards.append(card.serialize())
    return "".join(cards)
