"""Meetings, their agenda, attendance and decisions, and requests for advice.

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
from .bodies import *  # noqa: F403


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
    agenda: list[AgendaItem] = no_items()
    attendance: list[Attendance] = no_items()
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
