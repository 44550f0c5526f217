"""The shapes of requirements in the JSON API: filters, the record, the planner's input and a workflow move.

Shared by the list (nsatu.needs.api) and the detail and writes (nsatu.dashboards.api, which add coverage).
"""

# No `from __future__ import annotations`: ninja and pydantic read these annotations when the classes are defined.

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.api_common import DecimalStr, InputSchema, NamedRef
from nsatu.core.models import Releasability
from nsatu.core.refs import ref_shown
from nsatu.needs.display import quantity_stated
from nsatu.needs.models import PeriodChoice, Requirement, RequirementStatus, UnitKindChoice


class RequirementFilters(Schema):
    status: RequirementStatus | None = None
    capability_area: CapabilityArea | None = None
    search: str | None = None


class RequirementOut(Schema):
    id: int
    reference: str
    title: str
    capability_area: str
    item_type: NamedRef | None
    ammunition_family: NamedRef | None
    quantity: DecimalStr
    unit: str
    unit_kind: UnitKindChoice = Field(
        description="What the quantity counts: items, rounds or funds"
    )
    period: PeriodChoice = Field(
        description="total, or a rate per day, month or year that counts up to needed_by"
    )
    quantity_stated: str = Field(description="The quantity as a reader says it, with its period")
    priority: int
    needed_by: dt.date | None
    status: str
    owner: str | None
    releasability: str
    illustrative: bool
    version: int

    @staticmethod
    def resolve_item_type(obj: Requirement) -> object:
        return ref_shown(obj, "item_type")  # a hidden item type is shown as none

    @staticmethod
    def resolve_owner(obj: Requirement) -> str | None:
        return obj.owner.code if obj.owner else None  # joined by the selector

    @staticmethod
    def resolve_quantity_stated(obj: Requirement) -> str:
        return quantity_stated(obj)


class RequirementIn(InputSchema):
    title: str = Field(min_length=1, max_length=300)
    capability_area: CapabilityArea
    quantity: Decimal = Field(gt=0, max_digits=16, decimal_places=2)
    unit: str = Field("units", max_length=40)
    unit_kind: UnitKindChoice = UnitKindChoice.ITEMS
    period: PeriodChoice = PeriodChoice.TOTAL
    priority: int = Field(3, ge=1, le=5)
    needed_by: dt.date | None = None
    item_type: int | None = Field(None, description="Item type id")
    ammunition_family: int | None = Field(None, description="Ammunition family id")
    description: str = ""
    releasability: Releasability = Releasability.PARTICIPANTS


class RequirementPatch(InputSchema):
    version: int = Field(description="The version you edited; a stale one is refused with 409")
    title: str | None = Field(None, min_length=1, max_length=300)
    capability_area: CapabilityArea | None = None
    quantity: Decimal | None = Field(None, gt=0, max_digits=16, decimal_places=2)
    unit: str | None = Field(None, max_length=40)
    unit_kind: UnitKindChoice | None = None
    period: PeriodChoice | None = None
    priority: int | None = Field(None, ge=1, le=5)
    needed_by: dt.date | None = None
    item_type: int | None = None
    ammunition_family: int | None = None
    description: str | None = None
    releasability: Releasability | None = None


class TransitionIn(InputSchema):
    to: RequirementStatus
    version: int
