"""resoc_cli.phones: the stored form of a phone number read as phonenumbers reads it."""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest

from resoc_cli.phones import parsed
from resoc_cli.rendering import phone
from resoc_cli.rules.contact_details import phone_problem

DRAW = random.Random(10)
NUMBERS = [f"+32{lead}{DRAW.randrange(10 ** (n - 2)):0{n - 2}d}" for lead in range(10, 100) for n in (8, 9) for _ in range(40)]
NUMBERS += ["+3214728656", "+32470123456", "+32 14 72 86 56", "014728656", "+32014728656", "+321", "+31201234567",
            "+3214728656999", "tel. 014/72 86 56", "+32-14728656", "+32１4728656",  # a full-width digit
            "+3200000000", "+320000000000"]  # zeros that parse keeps (italian_leading_zero)


def _parse_problem(value: str) -> str | None:
    """CD001 as it was before the fast path: phonenumbers.parse for every value."""
    try:
        number = phonenumbers.parse(value, "BE")
    except phonenumbers.NumberParseException:
        return f"'{value}' is not a phone number"
    if not phonenumbers.is_valid_number(number):
        return f"'{value}' is not a valid phone number"
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None if value == e164 else f"write the number as {e164} (E.164, the one stored form)"


def test_a_belgian_number_in_e164_is_taken_apart_as_phonenumbers_parses_it() -> None:
    """parsed skips phonenumbers.parse for the stored form ('+32' and 8 or 9 digits, no trunk 0):
    the same number, so the same text, for every leading digit pair and a spread of the rest;
    anything else is parsed as before."""
    for value in NUMBERS:
        try:
            expected = phonenumbers.parse(value, "BE")
        except phonenumbers.NumberParseException:
            with pytest.raises(phonenumbers.NumberParseException):
                parsed(value)
            assert phone(value) == value
            continue
        assert parsed(value) == expected, value
        assert phone(value) == phonenumbers.format_number(expected, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    assert phone("+3214728656") == "+32 14 72 86 56"


def test_the_phone_rule_says_what_it_said_with_parse_for_every_number() -> None:
    """CD001 reads numbers with parsed: the same verdict and message as with phonenumbers.parse."""
    assert [v for v in NUMBERS if phone_problem(v) != _parse_problem(v)] == []
    assert phone_problem("+3214728656") is None and phone_problem("+32014728656") is not None


def test_a_stored_number_is_grouped_as_libphonenumber_groups_it() -> None:
    """international gives format_number's text for every leading three digits, both lengths
    and a spread of the rest (the first number of each length and leading digits teaches the
    grouping, the others use it), and for anything that is not the stored form."""
    from resoc_cli.phones import international

    draw = random.Random(27)
    numbers = [f"+32{lead}{draw.randrange(10 ** (n - 3)):0{n - 3}d}" for lead in range(100, 1000) for n in (8, 9)
               for _ in range(4)]
    for value in numbers + NUMBERS:
        try:
            expected = phonenumbers.format_number(phonenumbers.parse(value, "BE"), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        except phonenumbers.NumberParseException:
            with pytest.raises(phonenumbers.NumberParseException):
                international(value)
            continue
        assert international(value) == expected, value
    assert international("+3214728656") == "+32 14 72 86 56" and international("+32470123456") == "+32 470 12 34 56"


def test_the_leading_digits_decide_the_grouping_for_every_belgian_number() -> None:
    """Why a grouping learnt from one number holds for all of its length and leading digits, from
    the installed metadata: the international format is made with the national formats (no
    formats of its own); phonenumbers picks a format by its last leading-digits pattern, matched
    at the start, and none reads more than DECIDING_DIGITS digits or looks ahead; then the
    format's pattern must match the whole number, and each is digits in groups of fixed width
    (\\d{n}), so only the length matters there; and the groups are written in order, spaced."""
    import re._parser as sre_parse  # the width of a pattern, which re does not publish

    from resoc_cli.phones import DECIDING_DIGITS

    metadata = phonenumbers.PhoneMetadata.metadata_for_region("BE")
    assert metadata.number_format and not metadata.intl_number_format
    for number_format in metadata.number_format:
        for pattern in number_format.leading_digits_pattern:
            assert "(?" not in pattern.replace("(?:", ""), pattern  # no look-ahead or -behind
            assert sre_parse.parse(pattern).getwidth()[1] <= DECIDING_DIGITS, pattern
        assert re.fullmatch(r"(?:\(\\d(?:\{\d+\})?\))+", number_format.pattern), number_format.pattern
        groups = number_format.pattern.count("(")
        assert number_format.format == " ".join(f"\\{n}" for n in range(1, groups + 1)), number_format.format


def test_the_grouping_is_learnt_once_and_then_used() -> None:
    """The first number of a kind teaches its grouping; the next of that kind is grouped from it."""
    from resoc_cli import phones

    phones.international("+3214728656")
    assert phones._GROUPS[(8, "147")] == (2, 2, 2, 2)
    phones._GROUPS[(8, "147")] = (4, 4)  # what was learnt is what is used
    try:
        assert phones.international("+3214700000") == "+32 1470 0000"
    finally:
        phones._GROUPS[(8, "147")] = (2, 2, 2, 2)
