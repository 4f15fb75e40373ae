"""The single-file rules said in JSON Schema, made from the rules' own definitions.

An editor checks one file against its JSON Schema; `resoc validate` checks it against the
models and the rules. For the two to agree, every constraint that one file can break on its
own is in the schema too, made from what the rule itself uses: the phonenumbers package's
metadata, the rules' patterns, bounds and seat counts, Statbel's codes. A change to a rule
changes the schema, and `resoc schema --check` fails until the schema files are written
again. What one file cannot show (a reference to another file, a date compared with another,
an id compared with its file name) stays with `resoc validate`, and the schemas say so.

The models attach these builders to their fields (`RuleSchema`) and parts (`part_rules`).
The rules are imported only when a schema is made, because the rules import the models.
Patterns are written for Python and ECMA-262 (the editors' JavaScript) alike: ASCII digit
classes instead of `\\d`, no flags.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

Schema = dict[str, Any]

# What the schemas say of each rule that one file can break; the rest of such a rule, if
# any, is left to `resoc validate`.
IN_SCHEMA: dict[str, str] = {
    "CD001": "phone numbers are E.164 and valid by the metadata of the phonenumbers package",
    "CD002": "e-mail addresses follow email-validator's syntax (the schema's pattern reads internationalised "
             "domain names less closely than its IDNA check)",
    "CD003": "web addresses match the rule's pattern",
    "SRC001": "a source is a seed file name or a web address, by the rule's patterns",
    "PACT003": "progress lies between 0 and 100",
    "SEAT001": "a SERR declares 8 employer-side and 8 employee-side seats (an over-filled side is left to validate)",
    "SEAT002": "a RESOC declares at least 8 government seats (an over-filled side is left to validate)",
    "GEO001": "municipality and arrondissement codes are Statbel's; a code that ended in the 2025 mergers "
              "carries its end date and its successor",
    "GEO003": "a region's municipalities and arrondissements lie in one province, its own",
    "REF001": "a region's province is a Statbel province code (references to other files are left to validate)",
    "ADV002": "an advice given (positive, negative, conditional) has decided_at",
}
# What of the rules that look at one file JSON Schema cannot say, and why.
VALIDATE_ONLY: dict[str, str] = {
    "DATE001": "it compares two dates",
    "ID001": "it compares the id with the file's name",
    "ID003": "it compares ids with their parents' ids and with each other",
    "ID004": "it compares a plan with its folder and file name",
    "MEM001": "it compares memberships' dates",
    "MEM002": "it compares dates with the council's life (a warning)",
    "GEO004": "it compares a name with Statbel's (a warning)",
    "PACT001": "it compares dates with the pact's period",
    "SEAT001": "the schema checks the declared seats, not how many people hold them on a day",
    "SEAT002": "the schema checks the declared seats, not how many people hold them on a day",
}

# What the cross-file part of a rule checks, where its title says more than that part.
DATASET_PART: dict[str, str] = {
    "SEAT001": "vacant SERR seats on the --as-of day, a warning",
    "SEAT002": "vacant RESOC government seats on the --as-of day, a warning",
    "REF001": "every reference names a record that exists",
    "PACT001": "a plan's dates fall inside its pact's period",
    "ADV002": "the meeting that decided an advice is a meeting of the body asked",
}


class RuleSchema:
    """A field annotation: adds what `build` makes to the field's JSON Schema.

    `build` runs when a schema is made, not when the models are imported, so that it can read
    the rules' definitions (the rules import the models).
    """

    def __init__(self, build: Callable[[], Schema]) -> None:
        self.build = build

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> Schema:
        return {**handler(core_schema), **self.build()}


def part_rules(*builds: Callable[[], list[Schema]]) -> Callable[[Schema, type], None]:
    """A model's `json_schema_extra`: the parts' rules, each an entry of the part schema's allOf."""

    def extra(schema: Schema, model: type) -> None:
        schema.setdefault("allOf", []).extend(entry for build in builds for entry in build())

    return extra


def _any_case(word: str) -> str:
    """A word in any case, for a pattern (JSON Schema patterns take no flags)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def _one_of(items: list[str]) -> list[Any]:
    """Codes as the files may write them: quoted or as numbers."""
    return [v for code in items for v in (code, int(code))]


# ---------------------------------------------------------------------------- values


def web_address() -> Schema:
    from .rules.contact_details import WEB_ADDRESS

    return {"pattern": WEB_ADDRESS.pattern,
            "patternErrorMessage": "Not a web address: write it in full, as https://example.be/page (CD003)."}


def source_ref() -> Schema:
    from .rules.contact_details import SEED_NAME, WEB_ADDRESS

    return {"pattern": f"{SEED_NAME.pattern}|{WEB_ADDRESS.pattern}",
            "patternErrorMessage": "A source is a seed file name (000_1e96a52e4f1e0247.txt) or a web address "
                                   "in full, as https://example.be/page (SRC001)."}


def percent() -> Schema:
    from .rules.pacts import PROGRESS

    return {"minimum": PROGRESS[0], "maximum": PROGRESS[1]}


@lru_cache(maxsize=1)
def phone_pattern() -> str:
    """The phone numbers `phone_problem` accepts: E.164 text of a number that is valid for its country.

    Made from the metadata that phonenumbers' is_valid_number reads: for each country calling
    code, a national number is valid when it matches the pattern (and a possible length) of a
    number type (fixed line, mobile, toll free, ...) of one of the code's regions.
    """
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

    codes = []
    for code in sorted(COUNTRY_CODE_TO_REGION_CODE):
        regions: list[str] = []
        for region in COUNTRY_CODE_TO_REGION_CODE[code]:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            national = _national_numbers(metadata) if metadata is not None else None
            if national and national not in regions:
                regions.append(national)
        if regions:
            codes.append(f"{code}(?:{'|'.join(regions)})")
    return f"^\\+(?:{'|'.join(codes)})$".replace("\\d", "[0-9]")


_NUMBER_TYPES = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail",
                 "fixed_line", "mobile")


def _national_numbers(metadata: Any) -> str | None:
    """A region's valid national numbers: any number type's pattern, within its possible lengths."""
    from re import _parser  # the widths a pattern can match, to leave out length checks it already makes

    general = metadata.general_desc
    types = []
    for name in _NUMBER_TYPES:
        desc = getattr(metadata, name)
        if desc is None or not desc.national_number_pattern:
            continue
        lengths = [n for n in (desc.possible_length or general.possible_length) if n > 0]
        low, high = _parser.parse(desc.national_number_pattern).getwidth()
        check = "" if not lengths or set(range(low, high + 1)) <= set(lengths) else \
            "(?=(?:" + "|".join(f"\\d{{{n}}}" for n in sorted(lengths)) + ")$)"
        types.append(f"{check}(?:{desc.national_number_pattern})")
    return "(?:" + "|".join(types) + ")" if types else None


def email_pattern() -> str:
    """E-mail addresses after email-validator's syntax (its ATEXT, its special-use domains)."""
    from email_validator import SPECIAL_USE_DOMAIN_NAMES
    from email_validator.rfc_constants import ATEXT

    atext = ATEXT.replace("\\-", "").replace("\\", "") + "\\u0080-\\uffff-"  # the hyphen last: no range
    # A label starts and ends with a letter or digit, the last one (the top-level domain) with a letter;
    # two characters and two hyphens begin only Punycode (xn--).
    reserved = "(?!(?![xX][nN])[^.@]{2}--)"
    label = f"{reserved}[a-zA-Z0-9\\u0080-\\uffff](?:[a-zA-Z0-9\\u0080-\\uffff-]*[a-zA-Z0-9\\u0080-\\uffff])?"
    top = f"{reserved}(?!-)[a-zA-Z0-9\\u0080-\\uffff-]*[a-zA-Z\\u0080-\\uffff]"
    special = "|".join(_any_case(name) for name in SPECIAL_USE_DOMAIN_NAMES)
    return f"^(?![^@]*@(?:.*\\.)?(?:{special})$)[{atext}]+(?:\\.[{atext}]+)*@(?:{label}\\.)+{top}$"


def contact_value() -> list[Schema]:
    """ContactDetail: the value's form by the detail's type (CD001, CD002, CD003)."""
    from .rules.contact_details import PHONE_TYPES

    def of_type(types: list[str], value: Schema) -> Schema:
        return {"if": {"properties": {"type": {"enum": types}}, "required": ["type"]},
                "then": {"properties": {"value": {"type": "string", **value}}}}

    import phonenumbers

    phone = {"$comment": f"Made from the metadata of phonenumbers {phonenumbers.__version__}.", "pattern": phone_pattern(),
             "patternErrorMessage": "Not a valid phone number in E.164 form: write +3214728656, no spaces (CD001)."}
    email = {"format": "email", "maxLength": 254, "pattern": email_pattern(),
             "patternErrorMessage": "Not an e-mail address (CD002)."}
    return [of_type(list(PHONE_TYPES), phone), of_type(["email"], email), of_type(["url"], web_address())]


# ---------------------------------------------------------------------------- councils


def council_seats() -> list[Schema]:
    """Council: a SERR's fixed seats (SEAT001), a RESOC's government seats (SEAT002)."""
    from .rules.memberships import RESOC_MIN_GOVERNMENT, SERR_SEATS

    def of_type(kind: str, then: Schema) -> Schema:
        return {"if": {"properties": {"type": {"const": kind}}, "required": ["type"]}, "then": then}

    serr = {side: {"const": count, "errorMessage": f"A SERR has {count} {side}-side seats (SEAT001)."}
            for side, count in SERR_SEATS.items()}
    government = {"minimum": RESOC_MIN_GOVERNMENT,
                  "errorMessage": f"A RESOC has at least {RESOC_MIN_GOVERNMENT} government seats (SEAT002)."}
    return [
        of_type("serr", {"required": ["seats"], "properties": {"seats": {
            "type": "object", "required": list(SERR_SEATS), "properties": serr}}}),
        of_type("resoc", {"properties": {"seats": {"properties": {"government": government}}}}),
    ]


# ---------------------------------------------------------------------------- regions


def region_geography() -> list[Schema]:
    """Region: known codes (GEO001), all in one province (GEO003), a known province (REF001).

    One branch per province: the region's province, if given, is that one, and all its
    municipalities and arrondissements lie in it. A code that ended in the 2025 mergers is
    accepted only with its end date and, if given, its successor.
    """
    from . import reference

    ended = reference.ENDED_2024
    current = [code for code in reference.municipalities() if code not in ended]
    provinces = sorted({reference.province_of(code) for code in [*current, *ended]} | set(reference.provinces()),
                       key=lambda p: (p is None, p or ""))
    unknown = "Not a Statbel code, or not in the same province as the rest of the region"
    branches = []
    for province in provinces:
        if province is None:
            continue
        codes = _one_of([c for c in current if reference.province_of(c) == province])
        places = [
            {"properties": {"nis": {"enum": codes, "errorMessage": f"{unknown} (GEO001, GEO003)."}}},
            *(_ended_municipality(code) for code in sorted(ended) if reference.province_of(code) == province),
        ]
        districts = [a for a in sorted(reference.arrondissements()) if reference.arrondissement_province(a) == province]
        own = {"enum": [None, *_one_of([province])]} if province in reference.provinces() else {"type": "null"}
        branches.append({"properties": {
            "province": {**own, "errorMessage": "Not a Statbel province code, or not the province of the region's "
                                                "municipalities (REF001, GEO003)."},
            "municipalities": {"items": {"anyOf": places}},
            "arrondissements": {"items": {"enum": _one_of(districts), "errorMessage": f"{unknown} (GEO001, GEO003)."}},
        }})
    return [{"anyOf": branches}]


def _ended_municipality(code: str) -> Schema:
    from . import reference

    last = reference.LAST_DAY_BEFORE_MERGER
    assert (last.month, last.day) == (12, 31), "the end-date pattern is made for the last day of a year"
    successor = reference.ENDED_2024[code].merged_into
    return {"required": ["end_date"], "properties": {
        "nis": {"enum": _one_of([code])},
        "end_date": _until_year_end(last.year),
        "merged_into": {"enum": [None, *_one_of([successor])]},
    }}


def _until_year_end(year: int) -> Schema:
    """A date (When) whose latest day is on or before 31 December of `year`.

    Any form of an earlier year, or of that year except its winter (which ends in the next).
    Combined with the date's own schema, which says what a date is.
    """
    digits = str(year)
    below = [digits[:i] + f"[0-{int(d) - 1}]" + "[0-9]" * (3 - i) for i, d in enumerate(digits) if d != "0"]
    return {"anyOf": [{"type": "string", "pattern": f"^(?:{'|'.join(below)}|{year}(?!-24$))(?:-|$)"},
                      {"type": "integer", "maximum": year}],
            "errorMessage": f"This code ended in the mergers: give it end_date {year}-12-31 or earlier (GEO001)."}
