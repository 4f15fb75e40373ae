"""Pacts with their pillars, clusters and actions, annual plans and projects.

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
    periods: list[IndicatorPeriod] = no_items()


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
    indicators: list[Indicator] = no_items()
    milestones: list[Milestone] = no_items()
    events: list[Event] = no_items()


class Action(Node):
    """A pact action."""


class Cluster(Node):
    """An action cluster of a pillar."""

    actions: list[Action] = no_items()


class Pillar(Node):
    """A pillar (pijler) of a pact, with its clusters or, where it has none, its actions."""

    core_group: Slug | None = ref("council", "The kerngroep that governs the pillar.", default=None)
    clusters: list[Cluster] = no_items()
    actions: list[Action] = no_items()


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
    pillars: list[Pillar] = no_items()
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
    deliverables: list[Text] = no_items()
    owner: Slug | None = ref("party", "Organisation or body responsible.", default=None)
    contact: Slug | None = ref("contact", "The person responsible.", default=None)
    quarters: list[Quarter] = Field(default_factory=list, description="When in the year: Q1..Q4.")
    start_date: When | None = None
    end_date: When | None = None
    status: ItemStatus = "planned"
    progress: Percent | None = None
    carried_over_from: int | None = Field(None, description="The earlier plan year this item comes from.")
    follow_up: list[FollowUp] = no_items()
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
    items: list[PlanItem] = no_items()


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
    events: list[Event] = no_items()
