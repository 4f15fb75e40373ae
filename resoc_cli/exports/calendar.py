"""Calendars and address cards: iCalendar (ical.py) and vCard (vcard.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from .. import meaning
from ..dataset import Dataset
from ..views import View
from ..when import When
from .ical import CALENDAR_FIRST, EVENT_FIRST, Component, timezone_block
from .vcard import Card, address_parts, name_parts


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    when: When
    end: When | None
    description: str | None
    location: str | None = None
    councils: tuple[str, ...] = ()  # the bodies it belongs to: where it takes place when it names no place
    start_time: str | None = None  # 'HH:MM' in Belgian time, for a meeting
    end_time: str | None = None
    status: str | None = None  # iCalendar STATUS: CONFIRMED, TENTATIVE, CANCELLED


MEETING_STATUS = {"planned": "TENTATIVE", "held": "CONFIRMED", "cancelled": "CANCELLED"}
BRUSSELS = "Europe/Brussels"


def calendar_entries(ds: Dataset) -> Iterator[CalendarEntry]:
    """Events of pacts and projects, pact milestones, dated plan items and meetings."""
    for e in ds.events:
        yield CalendarEntry(f"event-{e.owner}-{e.event.id}@resoc", e.event.title, e.event.start_date, e.event.end_date,
                            e.event.description, e.event.location, e.councils)
    for placed in ds.placed():
        for index, milestone in enumerate(placed.node.milestones):
            yield CalendarEntry(f"milestone-{placed.pact.id}-{placed.node.id}-{index + 1}@resoc", milestone.name,
                                milestone.due, None, placed.node.name, None, tuple(placed.node.councils or placed.pact.councils))
    for plan in ds.each("plan"):
        for item in plan.items:
            if item.start_date is not None:
                yield CalendarEntry(f"plan-{plan.pact}-{plan.id}-{item.id}@resoc", f"[{plan.id}] {item.title}",
                                    item.start_date, item.end_date, item.note, None, (plan.council,))
    for mt in ds.each("meeting"):
        body = ds.name_of("council", mt.council)
        agenda = "\n".join(f"{item.number}. {item.title}" for item in mt.agenda)
        yield CalendarEntry(f"meeting-{mt.id}@resoc", f"{body}: {mt.name}" if mt.name else str(body), mt.start_date, None,
                            agenda or None, mt.location, (mt.council,), mt.start_time, mt.end_time, MEETING_STATUS[mt.status])


Address = tuple[When | None, When | None, str]  # from, to, 'label, street, 3500 Hasselt'


def body_addresses(ds: Dataset) -> dict[str, list[Address]]:
    """Every body's addresses, with when each holds, read in one pass over the bodies and
    without keeping them: the ics export had kept every body it took an address from."""
    found: dict[str, list[Address]] = {}
    for council in ds.each("council"):
        if council.addresses:
            found.setdefault(council.id, [(a.start_date, a.end_date, ", ".join(
                x for x in (a.label, a.street, f"{a.postal_code} {a.locality}") if x)) for a in council.addresses])
    return found


def body_address(addresses: dict[str, list[Address]], councils: tuple[str, ...], day: dt.date) -> str | None:
    """The first address, valid on the day, of the first of the bodies that has one."""
    for id in councils:
        for start, end, text in addresses.get(id, ()):
            if (start is None or start.earliest <= day) and (end is None or end.latest >= day):
                return text
    return None


def ics_text(ds: Dataset, view: View) -> Iterator[str]:
    """An iCalendar file in Dutch, every date as honest as its source, event by event as it is
    made (the events are not kept: 100,000 files make tens of thousands).

    A day is an all-day event (to its last day, if it has one). A date the sources give only
    to the month, the season or the year is a one-day all-day event on its first day, marked
    free (TRANSP:TRANSPARENT), with the date as the source gives it in the summary ("(lente
    2018)"), in the description and, for programs, in X-RESOC-DATE (EDTF): every calendar
    program shows it, and none shows a 31- or 365-day event that never took place. (A VTODO
    without DTSTART would be as honest, but most calendar programs do not show it.)
    """
    calendar = Component("VCALENDAR", CALENDAR_FIRST)
    calendar.text("PRODID", "-//resoc//resoc-cli//NL")
    calendar.text("VERSION", "2.0")
    calendar.text("X-WR-CALNAME", "Regiokalender")
    calendar.text("X-WR-TIMEZONE", BRUSSELS)
    stamp = dt.datetime.combine(view.day, dt.time())
    seen = ds.seen_by(view.include_internal)
    addresses = body_addresses(seen)
    yield calendar.content()
    if any(mt.start_time is not None for mt in seen.each("meeting")):  # only a meeting has a time
        yield timezone_block(BRUSSELS)  # a VTIMEZONE for Europe/Brussels, before the events
    for entry in calendar_entries(seen):
        event = _event(entry, body_address(addresses, entry.councils, entry.when.earliest))
        event.text("UID", entry.uid)
        event.utc("DTSTAMP", stamp)
        if entry.status:
            event.text("STATUS", entry.status)
        yield event.content() + event.end()
    yield calendar.end()


def _event(entry: CalendarEntry, address: str | None) -> Component:
    """One VEVENT: summary, all-day dates, description and location, in Dutch."""
    from ..rendering import format_date, fuzzy_date

    event = Component("VEVENT", EVENT_FIRST)
    exact = entry.when.precision == "day"
    event.text("SUMMARY", entry.title if exact else f"{entry.title} ({fuzzy_date(entry.when, 'nl')})")
    last = entry.end.latest if exact and entry.end is not None and entry.end.precision == "day" else entry.when.earliest
    _add_times(event, entry, last)
    notes = [entry.description or ""]
    if not exact:
        event.text("TRANSP", "TRANSPARENT")
        event.text("X-RESOC-DATE", entry.when.text)
        notes.append(f"De bron geeft als datum {fuzzy_date(entry.when, 'nl')}, geen dag: "
                     "in de agenda staat het op de eerste dag daarvan.")
    if entry.end is not None and last != entry.end.latest:
        notes.append(f"Tot {format_date(entry.end, 'nl')}.")
    if any(notes):
        event.text("DESCRIPTION", "\n".join(n for n in notes if n))
    if entry.location or address:
        event.text("LOCATION", entry.location or address or "")
    return event


def _add_times(event: Component, entry: CalendarEntry, last: dt.date) -> None:
    """All-day (the end exclusive), or, for a meeting with a time, Belgian local times."""
    if entry.start_time is None:
        event.day("DTSTART", entry.when.earliest)
        event.day("DTEND", last + dt.timedelta(days=1))
        return
    day = entry.when.earliest
    event.local("DTSTART", dt.datetime.combine(day, dt.time.fromisoformat(entry.start_time)), BRUSSELS)
    if entry.end_time is not None:
        event.local("DTEND", dt.datetime.combine(day, dt.time.fromisoformat(entry.end_time)), BRUSSELS)


def vcf_text(ds: Dataset, view: View) -> Iterator[str]:
    """vCards (3.0) in Dutch: one per person, and one per body with public contact details (its secretariat).

    A person's N is split as the data splits it (given_name, family_name); ORG and TITLE are
    the body and role of the first seat current on the view's day, and NOTE lists every seat
    with its period, so that a card of someone whose seats have ended still says what they were.
    """
    ds = ds.seen_by(view.include_internal)
    seats: dict[str, list[CardSeat]] = defaultdict(list)  # by person, made body by body: the bodies are not kept
    bodies: list[tuple[str, str]] = []
    for council in ds.each("council"):
        for m in council.memberships:
            if m.contact is not None:
                seats[m.contact].append(CardSeat(council.name, m.label or _role(m.role), _seat_note(ds, council, m),
                                                 meaning.seat_current(ds, council, m, view.day)))
        if council.addresses or council.contact_details or council.website:
            bodies.append((council.name.casefold(), _body_card(ds, council)))
    for person in ds.each("contact"):  # each read, carded, written and let go
        yield _person_card(person, seats.get(person.id, []))
    yield from (card for _, card in sorted(bodies, key=lambda body: body[0]))  # stable: one name stays in file order


class CardSeat(NamedTuple):
    """A seat as a person's card says it: the body's name, the title, the note's line, whether it is held."""

    body: str
    title: str
    note: str
    held: bool


def _person_card(person: Any, seats: list[CardSeat]) -> str:
    card = Card()
    card.add("uid", f"urn:resoc:contact:{person.id}")
    card.add("fn", person.name)
    # N is required in vCard 3.0; its parts stay empty where the data does not split the name
    card.add_parts("n", name_parts(family=person.family_name or "", given=person.given_name or ""))
    _add_details(card, person.contact_details)
    current = [seat for seat in seats if seat.held]
    if current:
        card.add_parts("org", [current[0].body])
        card.add("title", current[0].title)
    if seats:
        card.add("note", "\n".join(seat.note for seat in seats))
    return card.text()


def _body_card(ds: Dataset, council: Any) -> str:
    """A body's public card: its name as organisation, its addresses, phone, e-mail and website."""
    card = Card()
    card.add("uid", f"urn:resoc:council:{council.id}")
    card.add("fn", council.name)
    card.add_parts("n", name_parts())
    card.add_parts("org", [council.name])
    card.add("x-abshowas", "COMPANY")  # address books show it as an organisation, not a person
    for a in council.addresses:
        card.add_parts("adr", address_parts(street=a.street, code=a.postal_code, city=a.locality, country="België",
                                            extended=a.label or ""), type="WORK")
    _add_details(card, council.contact_details)
    if council.website:
        card.add("url", council.website)
    if council.end_date is not None:
        from ..rendering import format_date

        card.add("note", f"Opgeheven op {format_date(council.end_date, 'nl')}.")
    return card.text()


# A contact detail's type -> its vCard property and TYPE (every type the model allows).
DETAIL_LINES = {"email": ("email", "INTERNET"), "url": ("url", None), "phone": ("tel", "WORK"),
                "mobile": ("tel", "CELL"), "fax": ("tel", "FAX")}


def _add_details(card: Card, details: list[Any]) -> None:
    for d in details:
        name, type = DETAIL_LINES[d.type]
        card.add(name, d.value, type)


def _role(role: str) -> str:
    from ..rendering import LABELS

    return LABELS["nl"].get(f"role_{role}", role)


def _seat_note(ds: Dataset, council: Any, m: Any) -> str:
    """'coördinator, RESOC Kempen, namens ACV (sinds 2013; tot 31 augustus 2016)', in Dutch."""
    from ..rendering import format_date

    text = f"{m.label or _role(m.role)}, {council.name}"
    if m.on_behalf_of:
        text += f", namens {ds.name_of('party', m.on_behalf_of)}"
    end = m.end_date or council.end_date
    period = [f"sinds {format_date(m.start_date, 'nl')}" if m.start_date else "", f"tot {format_date(end, 'nl')}" if end else ""]
    return text + (f" ({'; '.join(p for p in period if p)})" if any(period) else "")
