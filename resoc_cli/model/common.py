"""Types, the base models and the parts every kind shares: sources, contact details, addresses.

Part of the schemas (resoc_cli.models says what they are for). No I/O here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema, field_validator, model_validator,
)

from ..schema_rules import RuleSchema, contact_value, council_seats, part_rules, percent, region_geography, source_ref, web_address
from ..when import When


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Pact-local ids are dotted paths of slugs: a cluster `leren-en-werken.1` sits in the pillar
# `leren-en-werken`, an action `leren-en-werken.1.rop` in that cluster.
LOCAL_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$"
NIS_PATTERN = r"^[1-9]\d{4}$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN), RuleSchema(lambda: {
    "patternErrorMessage": "An id: lower-case letters and digits, words joined by hyphens, as lieve-cox."})]
LocalId = Annotated[str, StringConstraints(pattern=LOCAL_ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
# Values whose form a rule checks (CD003, SRC001, PACT003); the JSON Schema says the rule's form too.
WebAddress = Annotated[str, RuleSchema(web_address)]
SourceRef = Annotated[str, StringConstraints(min_length=1), RuleSchema(source_ref)]
Percent = Annotated[float, RuleSchema(percent)]


def _digits(value: Any) -> Any:
    """Codes of digits (NIS codes, postal codes) are written unquoted as often as quoted."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# Written quoted or not; the JSON Schema says so too, so that editors accept what resoc accepts.
NisCode = Annotated[str, BeforeValidator(_digits), StringConstraints(pattern=NIS_PATTERN), WithJsonSchema(
    {"anyOf": [{"type": "string", "pattern": NIS_PATTERN}, {"type": "integer", "minimum": 10000, "maximum": 99999}],
     "examples": [13040]})]
PostalCode = Annotated[str, BeforeValidator(_digits), StringConstraints(pattern=r"^\d{4}$"), WithJsonSchema(
    {"anyOf": [{"type": "string", "pattern": r"^\d{4}$"}, {"type": "integer", "minimum": 1000, "maximum": 9999}],
     "examples": [2300]})]

# The kinds a reference can point at. "party" is an organisation or a council: a member
# sits "on behalf of" either (Kim Nevelsteen sits for Streekplatform Kempen, a council).
REF_KINDS = ("region", "council", "contact", "organisation", "party", "pact", "municipality", "province", "source",
             "meeting", "advice")


def ref(kind: str, description: str, **kwargs: Any) -> Any:
    """A field that holds the id of another record of `kind` (or a list of such ids)."""
    assert kind in REF_KINDS, kind
    extra = {"x-resoc-ref": kind}
    return Field(description=description, json_schema_extra=extra, **kwargs)


def no_items() -> Any:
    """An empty list by default. A factory, not a literal `[]`: pydantic deep-copies a literal
    default for every part that leaves the field out (52,529 copies for 6,250 generated files,
    about 5% of checking them); the schema still says the default is []."""
    return Field(default_factory=list, json_schema_extra={"default": []})


def ref_kind(model: type[BaseModel], field: str) -> str | None:
    """The kind a field refers to, if it is a reference field."""
    extra = model.model_fields[field].json_schema_extra
    return extra.get("x-resoc-ref") if isinstance(extra, dict) else None  # type: ignore[return-value]


class Base(BaseModel):
    """Every record part: unknown keys are errors, values are checked on assignment too."""

    # No NaN or infinity: JSON has no such numbers (json would write invalid JSON, orjson null).
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False, defer_build=True,
                              allow_inf_nan=False)


class Source(Base):
    """Where a fact comes from: a seed document's file name or a web address."""

    ref: SourceRef = Field(description="A seed file name (000_1e96a52e4f1e0247.txt) or an http(s) address.")
    note: str | None = Field(None, description="What the source says, where that helps a reviewer.")


def _sources(value: Any) -> Any:
    """A source may be written as a plain string; it means `{ref: that string}`."""
    if isinstance(value, list):
        return [{"ref": item} if isinstance(item, str) else item for item in value]
    return value


# In the files a source may be a plain string; the validator turns it into a Source, so code
# always meets Source. The union is there for the JSON Schema, which must accept both forms.
SourceItem = Source | SourceRef
Sources = Annotated[list[SourceItem], Field(min_length=1, description="Where the record's facts come from; at least one.")]
OptionalSources = Annotated[list[SourceItem], Field(description="Sources for this part, where they differ from the record's.")]


class Sourced(Base):
    """A part that may cite its own sources."""

    sources: OptionalSources = no_items()

    @field_validator("sources", mode="before")
    @classmethod
    def _plain_sources(cls, value: Any) -> Any:
        return _sources(value)


class Record(Sourced):
    """A whole file: an id equal to the file name and at least one source."""

    id: Slug = Field(description="The record's id: the file name without .yaml, lower case with hyphens.")
    sources: Sources  # type: ignore[assignment]


Visibility = Literal["public", "internal"]


class ContactDetail(Sourced):
    """A way to reach a person or body (Popolo ContactDetail)."""

    model_config = ConfigDict(json_schema_extra=part_rules(contact_value))

    type: Literal["phone", "mobile", "fax", "email", "url"] = Field(description="What kind of detail this is.")
    value: Text = Field(description="Phone numbers in E.164 (+3214728656); e-mail addresses; web addresses.")
    label: str | None = Field(None, description="What it is for, e.g. 'secretariaat'.")
    visibility: Visibility = Field(
        "public", description="internal details never leave the tool unless asked for with --include-internal."
    )
    start_date: When | None = Field(None, description="First day the detail is known to be in use.")
    end_date: When | None = Field(None, description="Last day the detail was in use.")
    note: str | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _quoted(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            raise ValueError(f"put the number in quotes, {_e164_hint(value)}: unquoted, YAML reads it as a number and "
                             "drops its leading + or 0")
        return value


def _e164_hint(number: int) -> str:
    """What to write instead of a phone number YAML read as a number.

    `+3214728656` and `3214728656` arrive as 3214728656, `014728656` as 14728656: the + or the
    trunk 0 is gone. Whichever reading is a valid number gives the E.164 form; when neither is,
    only the advice to quote the number as written is honest.
    """
    import phonenumbers

    for text in (f"+{number}", f"0{number}"):
        try:
            parsed = phonenumbers.parse(text, "BE")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return f"in E.164 form: '{phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)}'"
    return "exactly as written (with its + or leading 0), or better in E.164 form, e.g. '+3214728656'"


class Address(Base):
    """A postal address of a body."""

    label: str | None = Field(None, description="Which address this is, e.g. 'Streekhuis Esenkasteel'.")
    street: Text = Field(description="Street and number.")
    postal_code: PostalCode = Field(description="Belgian postal code.")
    locality: Text = Field(description="Municipality or part of it, as written on the address.")
    country: Literal["BE"] = "BE"
    start_date: When | None = None
    end_date: When | None = None
