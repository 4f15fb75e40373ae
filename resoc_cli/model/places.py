"""Regions and their municipalities.

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
    municipalities: list[RegionMunicipality] = no_items()
    start_date: When | None = None
    end_date: When | None = None
    note: str | None = None
