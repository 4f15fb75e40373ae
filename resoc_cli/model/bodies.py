"""Bodies, people and organisations: councils with their seats and memberships, and the register of sources.

Part of the schemas (resoc_cli.models says what they are for). No I/O here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema, field_validator, model_validator,
)

from ..schema_rules import RuleSchema, contact_value, council_seats, part_rules, percent, region_geography, source_ref, web_address
from ..when import When

from .common import *  # noqa: F403

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
    addresses: list[Address] = no_items()
    contact_details: list[ContactDetail] = no_items()
    website: WebAddress | None = Field(None, description="The body's web address.")
    mandates: list[Text] = Field(default_factory=list, description="Its advisory and other tasks.")
    seats: Seats | None = Field(None, description="Seats per side; a SERR has 8 employer-side and 8 employee-side.")
    presidency: str | None = Field(None, description="Who presides, as the source describes it.")
    memberships: list[Membership] = no_items()
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
    contact_details: list[ContactDetail] = no_items()
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
    contact_details: list[ContactDetail] = no_items()
    note: str | None = None
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
    sources: OptionalSources = no_items()  # type: ignore[assignment]

    def cited_as(self) -> list[str]:
        """Every string a citation may use for this source."""
        return [self.url, *self.aliases] if self.url else list(self.aliases)
