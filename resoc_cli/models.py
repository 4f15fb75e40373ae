"""The schemas of the dataset: one pydantic model per file kind, and the parts they share.

No I/O here. Unknown keys are errors everywhere (`extra="forbid"`): a misspelt key must not
be silently ignored. Fields that point at another record are declared with `ref(kind)`, so
that the reference rule, the JSON Schema and later the erasure command all find references
from one declaration instead of keeping their own lists.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema, field_validator, model_validator,
)

from .when import When

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Pact-local ids are dotted paths of slugs: a cluster `leren-en-werken.1` sits in the pillar
# `leren-en-werken`, an action `leren-en-werken.1.rop` in that cluster.
LOCAL_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$"
NIS_PATTERN = r"^[1-9]\d{4}$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
LocalId = Annotated[str, StringConstraints(pattern=LOCAL_ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]


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
REF_KINDS = ("region", "council", "contact", "organisation", "party", "pact", "municipality", "province")


def ref(kind: str, description: str, **kwargs: Any) -> Any:
    """A field that holds the id of another record of `kind` (or a list of such ids)."""
    assert kind in REF_KINDS, kind
    extra = {"x-resoc-ref": kind}
    return Field(description=description, json_schema_extra=extra, **kwargs)


def ref_kind(model: type[BaseModel], field: str) -> str | None:
    """The kind a field refers to, if it is a reference field."""
    extra = model.model_fields[field].json_schema_extra
    return extra.get("x-resoc-ref") if isinstance(extra, dict) else None  # type: ignore[return-value]


class Base(BaseModel):
    """Every record part: unknown keys are errors, values are checked on assignment too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


class Source(Base):
    """Where a fact comes from: a seed document's file name or a web address."""

    ref: Text = Field(description="A seed file name (000_1e96a52e4f1e0247.txt) or an http(s) address.")
    note: str | None = Field(None, description="What the source says, where that helps a reviewer.")


def _sources(value: Any) -> Any:
    """A source may be written as a plain string; it means `{ref: that string}`."""
    if isinstance(value, list):
        return [{"ref": item} if isinstance(item, str) else item for item in value]
    return value


# In the files a source may be a plain string; the validator turns it into a Source, so code
# always meets Source. The union is there for the JSON Schema, which must accept both forms.
SourceItem = Source | Annotated[str, StringConstraints(min_length=1)]
Sources = Annotated[list[SourceItem], Field(min_length=1, description="Where the record's facts come from; at least one.")]
OptionalSources = Annotated[list[SourceItem], Field(description="Sources for this part, where they differ from the record's.")]


class Sourced(Base):
    """A part that may cite its own sources."""

    sources: OptionalSources = []

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

    type: Literal["phone", "mobile", "fax", "email", "url"] = Field(description="What kind of detail this is.")
    value: Text = Field(description="Phone numbers in E.164 (+3214728656); e-mail addresses; web addresses.")
    label: str | None = Field(None, description="What it is for, e.g. 'secretariaat'.")
    visibility: Visibility = Field(
        "public", description="internal details never leave the tool unless asked for with --include-internal."
    )
    valid_from: When | None = Field(None, description="First day the detail is known to be in use.")
    valid_until: When | None = Field(None, description="Last day the detail was in use.")
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
    valid_from: When | None = None
    valid_until: When | None = None


Role = Literal[
    "chair", "vice_chair", "member", "substitute", "coordinator", "secretariat", "staff", "expert", "observer",
    "contact_person",
]
Side = Literal["employer", "employee", "government", "other"]
SEAT_ROLES = ("chair", "vice_chair", "member")


class Membership(Sourced):
    """A person (or an organisation) sitting in a council (Popolo Membership)."""

    contact: Slug | None = ref("contact", "The person, by contact id.", default=None)
    on_behalf_of: Slug | None = ref("party", "The organisation (or body) the member represents.", default=None)
    role: Role = Field(description="chair, vice_chair, member, substitute, coordinator, secretariat, staff, ...")
    side: Side | None = Field(
        None, description="The seat's side: employer, employee, government (local/provincial) or other."
    )
    label: str | None = Field(None, description="The title as the source writes it, e.g. 'stafmedewerker'.")
    start_date: When | None = Field(None, description="First day in the seat; leave out when no source gives it.")
    end_date: When | None = Field(None, description="Last day in the seat.")
    end_reason: str | None = Field(None, description="Why the membership ended.")
    note: str | None = None

    @model_validator(mode="after")
    def _someone(self) -> Membership:
        if self.contact is None and self.on_behalf_of is None:
            raise ValueError("a membership names a contact, an organisation (on_behalf_of), or both")
        return self


class Seats(Base):
    """How many seats each side holds on a council."""

    employer: Annotated[int, Field(ge=0)] | None = Field(None, description="Employer-side seats (8 on a SERR).")
    employee: Annotated[int, Field(ge=0)] | None = Field(None, description="Employee-side seats (8 on a SERR).")
    government: Annotated[int, Field(ge=0)] | None = Field(
        None, description="Local and provincial government seats (at least 8 on a RESOC)."
    )


CouncilType = Literal[
    "resoc", "serr", "ersv", "working_group", "network", "platform", "forum", "core_group", "coordination", "other",
]


class Council(Record):
    """A consultative body: RESOC, SERR, ERSV, or a working group, network or platform under one."""

    name: Text = Field(description="The body's name as it uses it, e.g. 'SERR Kempen'.")
    type: CouncilType = Field(description="resoc, serr, ersv, working_group, network, platform, forum, core_group, ...")
    regions: list[Slug] = ref("region", "The regions the body works for.", default_factory=list)
    parent: Slug | None = ref("council", "The body it hangs under (a working group under its SERR).", default=None)
    description: str | None = Field(None, description="What the body does, in the source's words.")
    composition: str | None = Field(None, description="Who sits in it as the source describes it.")
    valid_from: When | None = Field(None, description="When the body started.")
    valid_until: When | None = Field(None, description="When the body ended.")
    addresses: list[Address] = []
    contact_details: list[ContactDetail] = []
    website: str | None = Field(None, description="The body's web address.")
    mandates: list[Text] = Field(default_factory=list, description="Its advisory and other tasks.")
    seats: Seats | None = Field(None, description="Seats per side; a SERR has 8 employer-side and 8 employee-side.")
    memberships: list[Membership] = []


class Contact(Record):
    """A person."""

    name: Text = Field(description="Full name as the person writes it, e.g. 'Lieve Cox'.")
    given_name: str | None = None
    family_name: str | None = None
    contact_details: list[ContactDetail] = []
    note: str | None = None


OrganisationType = Literal[
    "trade_union", "employer_organisation", "agricultural_organisation", "public_employment_service", "province",
    "municipality", "intermunicipal", "government", "welfare", "education", "research", "other",
]


class Organisation(Record):
    """A partner organisation: a union, an employers' organisation, VDAB, a province, ..."""

    name: Text = Field(description="Full name.")
    short_name: str | None = Field(None, description="The name in daily use, e.g. 'ACV'.")
    type: OrganisationType
    side: Side | None = Field(None, description="The side its representatives take on a council.")
    parent: Slug | None = ref("organisation", "The organisation it is part of (Voka Mechelen-Kempen in Voka).", default=None)
    website: str | None = None
    contact_details: list[ContactDetail] = []
    note: str | None = None


class RegionMunicipality(Sourced):
    """A municipality that belongs to a region, by NIS code, for a span of time."""

    nis: NisCode = ref("municipality", "Statbel NIS (REFNIS) code.")
    name: str | None = Field(None, description="The name as the source writes it (checked against Statbel's).")
    valid_from: When | None = None
    valid_until: When | None = Field(None, description="Required for a code that ended, e.g. 2024-12-31 for a merger.")
    merged_into: NisCode | None = Field(None, description="For a merged municipality: the new code.")


class Region(Record):
    """A RESOC region: contiguous municipalities of one province."""

    name: Text
    province: NisCode | None = ref("province", "Statbel code of the province, e.g. 10000 (Antwerpen).", default=None)
    ersv: Slug | None = ref("council", "The ERSV that staffs the region's bodies.", default=None)
    arrondissements: list[NisCode] = Field(default_factory=list, description="Administrative arrondissements, e.g. 13000.")
    municipalities: list[RegionMunicipality] = []
    valid_from: When | None = None
    valid_until: When | None = None
    note: str | None = None


Status = Literal["planned", "running", "done", "stopped", "unknown"]


class IndicatorPeriod(Base):
    """Target and actual value of an indicator for one period (IATI)."""

    start: When
    end: When | None = None
    target: float | None = None
    actual: float | None = None


class Baseline(Base):
    """An indicator's starting value (IATI baseline)."""

    year: int
    value: float


class Indicator(Sourced):
    """A measure of an action's result (IATI result indicator)."""

    id: Slug
    name: Text
    unit: str | None = None
    baseline: Baseline | None = None
    periods: list[IndicatorPeriod] = []


class Milestone(Sourced):
    """A dated step of an action (Decidim accountability)."""

    name: Text
    due: When
    done: When | None = None


class Event(Sourced):
    """Something that happens on a date: a meeting, a trefpunt, a start."""

    id: Slug = Field(description="Unique within its pact or project.")
    title: Text
    date: When
    end: When | None = None
    location: str | None = None
    councils: list[Slug] = ref("council", "Bodies that organise or hold it.", default_factory=list)
    description: str | None = None


class Node(Sourced):
    """What pillars, clusters and actions share: who leads, who takes part, how far it got."""

    id: LocalId = Field(description="Hierarchical id inside the pact: the parent's id, a dot, a slug.")
    name: Text
    description: str | None = None
    lead: list[Slug] = ref("party", "The trekker: organisation(s) or body that leads.", default_factory=list)
    partners: list[Slug] = ref("party", "Organisations and bodies taking part.", default_factory=list)
    councils: list[Slug] = ref("council", "Councils involved (a SERR that follows it up).", default_factory=list)
    start: When | None = None
    end: When | None = None
    status: Status | None = None
    progress: float | None = Field(None, description="Percent done, 0 to 100; parents roll up from children.")
    weight: Annotated[float, Field(gt=0)] | None = Field(None, description="Weight in the parent's progress.")
    indicators: list[Indicator] = []
    milestones: list[Milestone] = []
    events: list[Event] = []


class Action(Node):
    """A pact action."""


class Cluster(Node):
    """An action cluster of a pillar."""

    actions: list[Action] = []


class Pillar(Node):
    """A pillar (pijler) of a pact, with its clusters or, where it has none, its actions."""

    core_group: Slug | None = ref("council", "The kerngroep that governs the pillar.", default=None)
    clusters: list[Cluster] = []
    actions: list[Action] = []


class Pact(Record):
    """A Streekpact (regional pact) of a region for a period, or a body's action programme."""

    name: Text
    title: str | None = Field(None, description="The pact's motto, e.g. 'Kansen creëren, krachten bundelen'.")
    kind: Literal["streekpact", "action_programme"] = "streekpact"
    region: Slug = ref("region", "The region the pact is for.")
    councils: list[Slug] = ref("council", "Bodies that wrote and follow the pact.", default_factory=list)
    start: When | None = Field(None, description="Start of the pact's period, e.g. 2013.")
    end: When | None = Field(None, description="End of the pact's period, e.g. 2018.")
    status: Status | None = None
    description: str | None = None
    pillars: list[Pillar] = []

    @model_validator(mode="after")
    def _period(self) -> Pact:
        if self.kind == "streekpact" and (self.start is None or self.end is None):
            raise ValueError("a streekpact has a period: give start and end (years will do)")
        return self


ItemStatus = Literal["planned", "running", "done", "late", "postponed", "cancelled"]
Quarter = Literal["Q1", "Q2", "Q3", "Q4"]


class FollowUp(Base):
    """A dated follow-up note on a plan item: what happened, what was adjusted."""

    date: When
    note: Text


class PlanItem(Sourced):
    """One concrete item of an annual plan, linked to the pact action it carries out."""

    id: Slug
    action: LocalId = Field(description="The pact action this item carries out (its id in the plan's pact).",
                            json_schema_extra={"x-resoc-ref": "action"})
    title: Text
    deliverables: list[Text] = []
    owner: Slug | None = ref("party", "Organisation or body responsible.", default=None)
    contact: Slug | None = ref("contact", "The person responsible.", default=None)
    quarters: list[Quarter] = Field(default_factory=list, description="When in the year: Q1..Q4.")
    start: When | None = None
    end: When | None = None
    status: ItemStatus = "planned"
    progress: float | None = None
    carried_over_from: int | None = Field(None, description="The earlier plan year this item comes from.")
    follow_up: list[FollowUp] = []
    note: str | None = None


class Plan(Record):
    """A council's annual plan (jaarplanning) for one year of a pact."""

    pact: Slug = ref("pact", "The pact the plan carries out; the folder it sits in.")
    council: Slug = ref("council", "The council whose plan it is.")
    year: Annotated[int, Field(ge=1990, le=2100)]
    title: str | None = None
    status: Literal["draft", "adopted", "closed"] = "draft"
    adopted_on: When | None = None
    note: str | None = Field(None, description="Say here how the plan was compiled, e.g. from dated sources.")
    items: list[PlanItem] = []


class Project(Record):
    """A project a body runs or takes part in (DC NOISE, Anticipating Change, ...)."""

    name: Text
    description: str | None = None
    councils: list[Slug] = ref("council", "Bodies that run or take part in it.", default_factory=list)
    partners: list[Slug] = ref("party", "Other partners.", default_factory=list)
    regions: list[Slug] = ref("region", "Regions it works in.", default_factory=list)
    start: When | None = None
    end: When | None = None
    funding: str | None = Field(None, description="Who funds it, e.g. 'Europees Sociaal Fonds'.")
    website: str | None = None
    events: list[Event] = []


# The file kinds, by the folder under data/ they live in; plans live under a pact's folder.
MODELS: dict[str, type[Record]] = {
    "region": Region,
    "council": Council,
    "contact": Contact,
    "organisation": Organisation,
    "pact": Pact,
    "plan": Plan,
    "project": Project,
}
FOLDERS: dict[str, str] = {
    "regions": "region",
    "councils": "council",
    "contacts": "contact",
    "organisations": "organisation",
    "pacts": "pact",
    "projects": "project",
}
