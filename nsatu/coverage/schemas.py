"""The shapes of the coverage in the JSON API: one object per requirement, the area totals per unit kind."""

# No `from __future__ import annotations`: ninja and pydantic read these annotations when the classes are defined.

import datetime as dt

from ninja import Field, Schema

from nsatu.core.api_common import DecimalStr
from nsatu.coverage.results import FIRST_DAY, LAST_DAY


class CoverageFilters(Schema):
    as_of: dt.date | None = Field(
        None,
        ge=FIRST_DAY,
        le=LAST_DAY,
        description="The day coverage is counted from (default: today)",
    )
    horizon_months: int = Field(
        24, ge=1, le=120, description="Aid arriving later is not counted; rates count up to here"
    )


class StagesOut(Schema):
    announced: DecimalStr
    committed: DecimalStr
    allocated: DecimalStr
    shipped: DecimalStr
    delivered: DecimalStr
    in_service: DecimalStr


class RequirementCoverageOut(StagesOut):
    reference: str
    title: str
    capability_area: str
    unit_kind: str = Field(
        description="items, rounds or funds: quantities of different kinds never add"
    )
    unit: str
    stated: str = Field(description='The quantity as stated, e.g. "10,000 rounds per month"')
    priority: int
    needed: DecimalStr = Field(
        description="Over the horizon: a rate is already turned into a quantity"
    )
    covered_share: DecimalStr = Field(description="committed / needed, at most 1")
    illustrative: bool = Field(
        description="The requirement is illustrative, or part of its figures come from illustrative aid"
    )
    illustrative_committed: DecimalStr = Field(
        description="Committed units from illustrative aid lines (the demo's offers)"
    )


class AreaCoverageOut(StagesOut):
    capability_area: str
    unit_kind: str
    requirements: int
    needed: DecimalStr
    covered_share: DecimalStr = Field(
        description="Stages are capped at each requirement's need before they are added"
    )
    fully_covered: int


class CoverageOut(Schema):
    as_of: dt.date
    horizon: dt.date
    weighted_share: DecimalStr = Field(
        description="Each requirement's covered share weighted by (6 - priority)"
    )
    requirements: list[RequirementCoverageOut]
    areas: list[AreaCoverageOut]
