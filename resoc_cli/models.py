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

from .schema_rules import RuleSchema, contact_value, council_seats, part_rules, percent, region_geography, source_ref, web_address
from .when import When

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


def ref_kind(model: type[BaseModel], field: str) -> str | None:
    """The kind a field refers to, if it is a reference field."""
    extra = model.model_fields[field].json_schema_extra
    return extra.get("x-resoc-ref") if isinstance(extra, dict) else None  # type: ignore[return-value]


class Base(BaseModel):
    """Every record part: unknown keys are errors, values are checked on assignment too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=False)


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


Role = Literal[
    "chair", "vice_chair", "member", "substitute", "coordinator", "secretariat", "staff", "expert", "observer",
    "contact_person",
]
Side = Literal["employer", "employee", "government", "other"]
SEAT_ROLES = ("chair", "vice_chair", "member")


class Membership(Sourced):
    """A person (or an organisation) sitting in a council (Popolo Membership)."""

    # _someone below, in the JSON Schema.
    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": [name], "properties": {name: {"type": "string"}}} for name in ("contact", "on_behalf_of")]})

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


class LegalBasis(Sourced):
    """The act a body was set up under: its record in the register of sources, and the articles."""

    source: Slug = ref("source", "The act's record in data/sources/, which holds its Numac and dates.")
    articles: str | None = Field(None, description="The articles about this kind of body, e.g. 'art. 18-26'.")


class Funding(Sourced):
    """Who paid for a body's work, for a span of time, as a source states it."""

    funder: Text = Field(description="Who pays, as the source names it, e.g. 'Europees Sociaal Fonds (ESF)'.")
    purpose: str | None = Field(None, description="What the money is for, e.g. 'jaarlijks personeelsbudget'.")
    start_date: When | None = Field(None, description="First day of the funding; leave out when no source gives it.")
    end_date: When | None = Field(None, description="Last day of the funding.")
    note: str | None = None


CouncilType = Literal[
    "resoc", "serr", "ersv", "working_group", "network", "platform", "forum", "core_group", "coordination", "other",
]


class Quorum(Sourced):
    """How many seat holders must be present for a body's meeting to decide (off unless given).

    No source in the dataset gives a quorum for a SERR, RESOC or ERSV; a body whose rules of
    order do sets it here, citing them.
    """

    present: Annotated[int, Field(ge=1)] = Field(description="The least number of seat holders present.")
    note: str | None = None


class Council(Record):
    """A consultative body: RESOC, SERR, ERSV, or a working group, network or platform under one."""

    model_config = ConfigDict(json_schema_extra=part_rules(council_seats))

    name: Text = Field(description="The body's name as it uses it, e.g. 'SERR Kempen'.")
    type: CouncilType = Field(description="resoc, serr, ersv, working_group, network, platform, forum, core_group, ...")
    regions: list[Slug] = ref("region", "The regions the body works for.", default_factory=list)
    parent: Slug | None = ref("council", "The body it hangs under (a working group under its SERR).", default=None)
    description: str | None = Field(None, description="What the body does, in the source's words.")
    composition: str | None = Field(None, description="Who sits in it as the source describes it.")
    start_date: When | None = Field(None, description="When the body started.")
    end_date: When | None = Field(None, description="When the body ended.")
    addresses: list[Address] = []
    contact_details: list[ContactDetail] = []
    website: WebAddress | None = Field(None, description="The body's web address.")
    mandates: list[Text] = Field(default_factory=list, description="Its advisory and other tasks.")
    seats: Seats | None = Field(None, description="Seats per side; a SERR has 8 employer-side and 8 employee-side.")
    presidency: str | None = Field(None, description="Who presides, as the source describes it.")
    memberships: list[Membership] = []
    predecessors: list[Slug] = ref(
        "council", "Bodies this one took over from (RESOC Kempen from the STC Turnhout).", default_factory=list)
    legal_basis: LegalBasis | None = Field(None, description="The act the body was set up under.")
    funding: list[Funding] = Field(default_factory=list, description="Who paid for its work, and when.")
    quorum: Quorum | None = Field(None, description="Seat holders needed to decide, from its rules of order; none: no check.")
    note: str | None = Field(None, description="What the sources leave open, and values left out with the reason.")


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
    website: WebAddress | None = None
    contact_details: list[ContactDetail] = []
    note: str | None = None


class RegionMunicipality(Sourced):
    """A municipality that belongs to a region, by NIS code, for a span of time."""

    nis: NisCode = ref("municipality", "Statbel NIS (REFNIS) code.")
    name: str | None = Field(None, description="The name as the source writes it (checked against Statbel's).")
    start_date: When | None = None
    end_date: When | None = Field(None, description="Required for a code that ended, e.g. 2024-12-31 for a merger.")
    merged_into: NisCode | None = Field(None, description="For a merged municipality: the new code.")


class Region(Record):
    """A RESOC region: contiguous municipalities of one province."""

    model_config = ConfigDict(json_schema_extra=part_rules(region_geography))

    name: Text
    province: NisCode | None = ref("province", "Statbel code of the province, e.g. 10000 (Antwerpen).", default=None)
    ersv: Slug | None = ref("council", "The ERSV that staffs the region's bodies.", default=None)
    arrondissements: list[NisCode] = Field(default_factory=list, description="Administrative arrondissements, e.g. 13000.")
    municipalities: list[RegionMunicipality] = []
    start_date: When | None = None
    end_date: When | None = None
    note: str | None = None


Status = Literal["planned", "running", "done", "stopped", "unknown"]


class IndicatorPeriod(Base):
    """Target and actual value of an indicator for one period (IATI)."""

    start_date: When
    end_date: When | None = None
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
    start_date: When = Field(description="The day (or month, season, year) it happens or starts.")
    end_date: When | None = Field(None, description="The last day, for an event over several days.")
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
    start_date: When | None = None
    end_date: When | None = None
    status: Status | None = None
    progress: Percent | None = Field(None, description="Percent done, 0 to 100; parents roll up from children.")
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

    # _period below, in the JSON Schema.
    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"kind": {"const": "action_programme"}}, "required": ["kind"]},
        "else": {"required": ["start_date", "end_date"], "properties": {"start_date": {"not": {"type": "null"}}, "end_date": {"not": {"type": "null"}}}}})

    name: Text
    title: str | None = Field(None, description="The pact's motto, e.g. 'Kansen creëren, krachten bundelen'.")
    kind: Literal["streekpact", "action_programme"] = "streekpact"
    region: Slug = ref("region", "The region the pact is for.")
    councils: list[Slug] = ref("council", "Bodies that wrote and follow the pact.", default_factory=list)
    start_date: When | None = Field(None, description="Start of the pact's period, e.g. 2013.")
    end_date: When | None = Field(None, description="End of the pact's period, e.g. 2018.")
    status: Status | None = None
    description: str | None = None
    pillars: list[Pillar] = []
    note: str | None = Field(None, description="What the sources leave open, e.g. a name composed from region and period.")

    @model_validator(mode="after")
    def _period(self) -> Pact:
        if self.kind == "streekpact" and (self.start_date is None or self.end_date is None):
            raise ValueError("a streekpact has a period: give start_date and end_date (years will do)")
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
    start_date: When | None = None
    end_date: When | None = None
    status: ItemStatus = "planned"
    progress: Percent | None = None
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
    start_date: When | None = None
    end_date: When | None = None
    funding: str | None = Field(None, description="Who funds it, e.g. 'Europees Sociaal Fonds'.")
    website: WebAddress | None = None
    events: list[Event] = []


SourceKind = Literal["web_page", "article", "partnership_profile", "legislation", "dataset", "news", "encyclopedia",
                     "other"]


class RegisteredSource(Record):
    """One source in the register of sources: what it is and where to find it, in our own words.

    Every citation in `sources:` resolves to one of these, by the record's `url` or one of its
    `aliases` (a seed document's file name, another spelling of the address), so that a reviewer
    working from a clone can tell what each cited source is without shared/seeds/.
    """

    title: Text = Field(description="The source's title, or a description where it has none.")
    publisher: str | None = Field(None, description="Who publishes it, where known.")
    kind: SourceKind = Field(description="web_page, article, partnership_profile, legislation, dataset, news, ...")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = Field(description="ISO 639-1, e.g. 'nl'.")
    url: str | None = Field(None, description="The public address, where one is known.")
    aliases: list[Text] = Field(default_factory=list, description="Other ways records cite it: a seed file name, ...")
    accessed: When | None = Field(None, description="The day the dataset's authors read it.")
    covers: Text = Field(description="What it gives the dataset, in our own words (never its text).")
    numac: Annotated[str, StringConstraints(pattern=r"^\d{10}$")] | None = Field(
        None, description="For legislation: the Numac of the Belgisch Staatsblad.")
    published: When | None = Field(None, description="For legislation: the day it was published.")
    in_force: When | None = Field(None, description="For legislation: the day it came into force.")
    note: str | None = None
    sources: OptionalSources = []  # type: ignore[assignment]

    def cited_as(self) -> list[str]:
        """Every string a citation may use for this source."""
        return [self.url, *self.aliases] if self.url else list(self.aliases)


# ---------------------------------------------------------------------------- meetings and advice
# Learnt from OParl 1.1 (Meeting, AgendaItem, Paper, Consultation) and Popolo (Event, Motion):
# a meeting holds its agenda items, each item may carry the body's decision; a request for
# advice is a paper of its own, consulted at the meeting that decided it.

def _clock(value: Any) -> Any:
    """A time is written quoted ('19:30'): unquoted, YAML 1.1 readers take 19:30 for a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError("write a time in quotes as 'HH:MM', e.g. '19:30'")
    return value


Clock = Annotated[str, BeforeValidator(_clock), StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
# An action of a pact, as `pact:action-id`; a plan item as `plan:item-id`.
ActionKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*:" + LOCAL_ID_PATTERN[1:])]
ItemKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*:[a-z0-9]+(?:-[a-z0-9]+)*$")]
DecisionOutcome = Literal["approved", "rejected", "amended", "postponed", "noted"]


class Decision(Sourced):
    """What the body decided on an agenda item (OParl AgendaItem.resolutionText, Popolo Motion)."""

    outcome: DecisionOutcome = Field(description="approved, rejected, amended, postponed or noted.")
    text: Text = Field(description="The decision as the minutes word it.")
    visibility: Visibility = Field("public", description="internal: vertrouwelijk, shown only with --include-internal.")


class AgendaItem(Sourced):
    """One point of a meeting's agenda, with what it is about and what was decided."""

    number: Text = Field(description="Its number on the agenda, e.g. '3' or '3.a'.")
    title: Text
    action: ActionKey | None = Field(None, description="The pact action it is about, as PACT:ACTION-ID.")
    plan_item: ItemKey | None = Field(None, description="The annual-plan item it is about, as PLAN:ITEM-ID.")
    advice: Slug | None = ref("advice", "The request for advice it treats.", default=None)
    minutes: str | None = Field(None, description="What was said, in the minutes' words.")
    decision: Decision | None = None
    visibility: Visibility = Field("public", description="internal: a vertrouwelijk item, left out of every output unless "
                                                         "--include-internal.")


class Attendance(Sourced):
    """Whether a member was there (OParl Meeting.participant; Popolo Membership at an Event)."""

    contact: Slug = ref("contact", "The person; they hold a seat on the body on the meeting's day.")
    status: Literal["present", "excused", "absent"]
    on_behalf_of: Slug | None = ref("party", "The organisation or body they sat for at this meeting.", default=None)
    note: str | None = None


class Meeting(Record):
    """A meeting of a body on a day: its agenda, decisions and attendance (OParl Meeting)."""

    council: Slug = ref("council", "The body that meets.")
    name: str | None = Field(None, description="What the invitation calls it, e.g. 'Algemene vergadering'.")
    start_date: When = Field(description="The day of the meeting.")
    start_time: Clock | None = Field(None, description="When it starts, 'HH:MM' in Belgian time.")
    end_time: Clock | None = Field(None, description="When it ends, 'HH:MM'.")
    location: str | None = Field(None, description="Where: the room and address as the invitation gives them.")
    status: Literal["planned", "held", "cancelled"] = "planned"
    agenda: list[AgendaItem] = []
    attendance: list[Attendance] = []
    note: str | None = None

    @field_validator("start_date")
    @classmethod
    def _a_day(cls, value: When) -> When:
        if value.precision != "day":
            raise ValueError("a meeting is on a day: write YYYY-MM-DD")
        return value


# The dossiers a SERR or RESOC advises on, as the seeds name them (000: VDAB, free job-placement
# bureaus, IBO, GESCO, permanent-training subsidies, herplaatsingsfonds, ombudsdienst; 001:
# invoegbedrijven, WEP-plus, collective IBO, places in sociale werkplaatsen).
DossierType = Literal[
    "vdab", "bureau_kosteloze_arbeidsbemiddeling", "ibo", "collectieve_ibo", "gesco", "permanente_vorming",
    "herplaatsingsfonds", "invoegbedrijf", "wep_plus", "sociale_werkplaats", "ombudsdienst", "other",
]


class Advice(Record):
    """A request for advice (adviesvraag) and the advice given (OParl Paper with its Consultation)."""

    # ADV002 in the JSON Schema: an advice given names the meeting that decided it.
    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"outcome": {"enum": ["positive", "negative", "conditional"]}}, "required": ["outcome"]},
        "then": {"required": ["decided_at"], "properties": {"decided_at": {"type": "string"}}}})

    name: Text = Field(description="The dossier as the request names it.")
    council: Slug = ref("council", "The body asked to advise.")
    requested_by: Slug | None = ref("party", "Who asked: VDAB, a department, a municipality.", default=None)
    dossier_type: DossierType = Field(description="vdab, ibo, gesco, invoegbedrijf, wep_plus, sociale_werkplaats, ...")
    received: When = Field(description="The day the request came in.")
    deadline: When | None = Field(None, description="The day the advice is due.")
    deadline_kind: Literal["legal", "requested"] | None = Field(None, description="legal (set by law) or requested.")
    decided_at: Slug | None = ref("meeting", "The meeting that decided the advice.", default=None)
    outcome: Literal["positive", "negative", "conditional", "none"] | None = Field(
        None, description="positive, negative, conditional, or none (no advice given); empty while open.")
    text: str | None = Field(None, description="The advice, or its summary.")
    url: WebAddress | None = Field(None, description="Where the advice is published.")
    visibility: Visibility = Field("public", description="internal: vertrouwelijk, left out unless --include-internal.")
    note: str | None = None

    @property
    def open(self) -> bool:
        """Not yet decided: no outcome recorded."""
        return self.outcome is None
