"""Phone numbers as the data keeps them: one home for reading the stored form.

The check (CD001) and the tables and reports (rendering.phone) both read a stored number into
phonenumbers' PhoneNumber; they read it the same way, here, and a stored number is written for
people here too. No I/O.
"""

from __future__ import annotations

import re
from typing import Any

_BELGIAN_E164 = re.compile(r"\+32([1-9][0-9]{7,8})")


def parsed(value: str) -> Any:
    """What phonenumbers.parse(value, "BE") gives (and raises). A Belgian number in E.164, the
    form the data keeps, is taken apart directly: it has no trunk 0 to strip and no leading zero
    to keep, so parse gives its country code and the digits after it (tests/test_phones.py
    compares the two); a list of 14,500 people took 1.47 s with parse, 1.41 s without, and
    checking 4,219 numbers took 74 ms with parse."""
    import phonenumbers

    if (match := _BELGIAN_E164.fullmatch(value)) is not None:
        return phonenumbers.PhoneNumber(country_code=32, national_number=int(match[1]))
    return phonenumbers.parse(value, "BE")


# Leading digits of a Belgian national number that, with its length, decide how libphonenumber
# groups it: the longest of the Belgian formats' leading-digits patterns reads three, and each
# format's pattern is groups of fixed width. tests/test_phones.py checks
# both against the metadata of the installed phonenumbers.
DECIDING_DIGITS = 3
_GROUPS: dict[tuple[int, str], tuple[int, ...]] = {}  # (length, leading digits) -> group widths; () for "ask"


def international(value: str) -> str:
    """phonenumbers' international format of a number ('+3214728656' -> '+32 14 72 86 56'), as
    format_number(parsed(value), INTERNATIONAL) gives it (and raises what parse raises).

    A stored Belgian number is grouped the way the first number of its length and leading
    digits was grouped by libphonenumber: 14,500 people's numbers took 12 µs each through
    format_number, most of it choosing the format again."""
    import phonenumbers

    match = _BELGIAN_E164.fullmatch(value)
    if match is None:
        return phonenumbers.format_number(parsed(value), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = match[1]
    key = (len(national), national[:DECIDING_DIGITS])
    groups = _GROUPS.get(key)
    if not groups:
        text = phonenumbers.format_number(parsed(value), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if groups is None:
            _GROUPS[key] = _widths(text, national)
        return text
    parts, at = [], 0
    for width in groups:
        parts.append(national[at:at + width])
        at += width
    return "+32 " + " ".join(parts)


def _widths(text: str, national: str) -> tuple[int, ...]:
    """The widths of the groups a formatted number shows its digits in, or () when the text is
    not '+32 ' and the digits in order, with single spaces between groups."""
    if not text.startswith("+32 "):
        return ()
    parts = text[4:].split(" ")
    return tuple(len(part) for part in parts) if "".join(parts) == national and all(parts) else ()
