"""Contact details and sources: phone numbers, e-mail addresses and web addresses that work."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ..models import ContactDetail, Source
from ..visibility import about
from . import FileView, Problem, rule

# The patterns are written for Python and ECMA-262 alike: the JSON Schemas carry them as they are.
SEED_NAME = re.compile(r"^[0-9]{3}_[0-9a-f]{16}\.txt$")
# http:// or https://, a host with a dot in it, then a path, query or fragment; no spaces or
# control characters anywhere. Host characters: printable ASCII except / ? #, and non-ASCII.
_HOST = r'[!-"$-.0->@-~\u00a1-\uffff]'
WEB_ADDRESS = re.compile(rf"^[Hh][Tt][Tt][Pp][Ss]?://(?={_HOST}*\.){_HOST}+(?:[/?#][!-~\u00a1-\uffff]*)?$")
PHONE_TYPES = ("phone", "mobile", "fax")


def phone_problem(value: str) -> str | None:
    """Why a stored phone number is not acceptable, or None. Stored form: E.164 (+3214728656)."""
    import phonenumbers

    from ..phones import parsed

    try:
        number = parsed(value)
    except phonenumbers.NumberParseException:
        return f"'{value}' is not a phone number"
    if not phonenumbers.is_valid_number(number):
        return f"'{value}' is not a valid phone number"
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if value != e164:
        return f"write the number as {e164} (E.164, the one stored form)"
    return None


# Plain ASCII words joined by dots, an @ and a host of ASCII letters, digits, dots and hyphens: the
# form the data keeps. email-validator accepts such a local part whatever its host; the host it judges.
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@([A-Za-z0-9.-]+)")


def email_problem(value: str) -> str | None:
    """Why an e-mail address is not acceptable (email-validator's syntax, no network), or None.

    A plain address (_PLAIN_EMAIL, of at most 254 characters) is valid exactly when its host
    is, and an organisation's people share a host: the host's verdict is asked once
    (`_host_valid`). Not a host in Punycode (xn--): email-validator also measures the address
    with the host in Unicode, which can be longer than its ASCII form. Checking 3,594
    addresses took 120 ms when each was asked whole. tests/test_contact_details.py compares
    the two ways."""
    plain = _PLAIN_EMAIL.fullmatch(value)
    if plain is not None and len(value) <= 254 and "xn--" not in plain[1].lower() and _host_valid(plain[1]):
        return None
    return _email_validator_problem(value)


@functools.lru_cache(maxsize=4096)
def _host_valid(host: str) -> bool:
    return _email_validator_problem(f"x@{host}") is None


def _email_validator_problem(value: str) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        return f"'{value}' is not an e-mail address: {error}"
    return None


def url_problem(value: str) -> str | None:
    if not WEB_ADDRESS.fullmatch(value):
        return f"'{value}' is not a web address: write it in full, as https://example.be/page"
    return None


@rule("CD001", "phone-valid")
def phone_valid(f: FileView) -> Iterator[Problem]:
    """Phone, mobile and fax numbers are valid and stored in E.164.

    One stored form makes numbers comparable and searchable and lets every output format
    them its own way. Checked with Google's libphonenumber (the phonenumbers package).

    Bad:
        - {type: phone, value: 014/72 86 56}
    Good:
        - {type: phone, value: '+3214728656'}
    """
    for loc, detail in f.of_type(ContactDetail):
        if detail.type in PHONE_TYPES and (problem := phone_problem(detail.value)):
            yield Problem((*loc, "value"), about(detail, problem, "not a valid phone number in E.164 (+32...)"))


@rule("CD002", "email-valid")
def email_valid(f: FileView) -> Iterator[Problem]:
    """E-mail addresses are valid in syntax (email-validator, no network look-up).

    A mistyped address bounces the secretariat's mail without anyone noticing; the check
    reads the syntax only, so validation needs no network.

    Bad:
        - {type: email, value: serr.brugge@west-vlaanderen}
    Good:
        - {type: email, value: serr.brugge@west-vlaanderen.be}
    """
    for loc, detail in f.of_type(ContactDetail):
        if detail.type == "email" and (problem := email_problem(detail.value)):
            yield Problem((*loc, "value"), about(detail, problem, "not a valid e-mail address"))


@rule("CD003", "url-valid")
def url_valid(f: FileView) -> Iterator[Problem]:
    """Web addresses are complete http(s) addresses.

    Reports and exports turn them into links; without the scheme a link points nowhere.

    Bad:
        website: www.resockempen.be
    Good:
        website: http://www.resockempen.be
    """
    for loc, model in f.models:
        website = model.__dict__.get("website")  # its fields only; getattr of a missing one is slow in pydantic
        if isinstance(website, str) and (problem := url_problem(website)):
            yield Problem((*loc, "website"), problem)
        if isinstance(model, ContactDetail) and model.type == "url" and (problem := url_problem(model.value)):
            yield Problem((*loc, "value"), about(model, problem, "not a complete http(s) address"))


@rule("SRC001", "source-cited")
def source_cited(f: FileView) -> Iterator[Problem]:
    """A source is a seed document's file name or a complete web address.

    Every fact says where it came from, in a form a reviewer can open.

    Bad:
        sources:
          - the Kempen web page
    Good:
        sources:
          - 000_1e96a52e4f1e0247.txt
    """
    for loc, source in f.of_type(Source):
        if not SEED_NAME.fullmatch(source.ref) and url_problem(source.ref):
            yield Problem((*loc, "ref"), f"'{source.ref}' is neither a seed file name (000_….txt) nor a web address")
