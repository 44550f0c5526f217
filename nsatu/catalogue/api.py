"""The catalogue: item types with their ammunition families, substitutes and NATO Stock Numbers."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from nsatu.catalogue.models import CapabilityArea, ItemType, Standard
from nsatu.catalogue.selectors import (
    ItemTypeDetail,
    item_type_detail_get,
    item_type_edit_resolve,
    item_type_list,
    item_type_refs_resolve,
)
from nsatu.catalogue.services import item_type_create, item_type_update
from nsatu.core.api_common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DecimalStr,
    Extended,
    InputSchema,
    NamedRef,
    Pagination,
    actor,
)
from nsatu.core.models import Releasability
from nsatu.engine.nsn import NsnError, parse_nsn

router = Router(tags=["catalogue"])

UNIT_VALUE = "Reference unit value in euros; null when unknown (no source gives it), never 0"
UNIT_VALUE_SOURCE = (
    "Where the unit value comes from: a web address, or the Kiel weapons file and its rows; "
    "empty when unknown"
)
UNIT_MASS = "Unit mass in tonnes (published combat or empty weight); null when unknown, never 0"
UNIT_MASS_SOURCE = "The page giving the published weight; empty when unknown"


class ItemTypeFilters(Schema):
    capability_area: CapabilityArea | None = None
    standard: Standard | None = None
    family: str | None = None
    search: str | None = None


class ItemTypeOut(Schema):
    id: int
    name: str
    category: str
    capability_area: str
    standard: str
    calibre_mm: DecimalStr | None
    nsn: str
    unit_value_eur: DecimalStr | None = Field(description=UNIT_VALUE)
    unit_value_source: str = Field(description=UNIT_VALUE_SOURCE)
    unit_mass_t: DecimalStr | None = Field(description=UNIT_MASS)
    unit_mass_source: str = Field(description=UNIT_MASS_SOURCE)
    crew_per_unit: int | None
    origin_country: str
    ammunition_families: list[str]
    releasability: str

    @staticmethod
    def resolve_ammunition_families(obj: ItemType) -> list[str]:
        return [f.name for f in obj.ammunition_families.all()]  # prefetched by the selector


class AmmunitionFamilyOut(Schema):
    id: int
    name: str
    calibre_mm: DecimalStr | None
    standard: str


class NsnOut(Schema):
    value: str
    supply_class: str
    bureau: str
    serial: str


class ItemTypeDetailOut(Schema):
    id: int
    name: str
    category: str
    capability_area: str
    standard: str
    calibre_mm: DecimalStr | None
    unit_value_eur: DecimalStr | None = Field(description=UNIT_VALUE)
    unit_value_source: str = Field(description=UNIT_VALUE_SOURCE)
    unit_mass_t: DecimalStr | None = Field(description=UNIT_MASS)
    unit_mass_source: str = Field(description=UNIT_MASS_SOURCE)
    crew_per_unit: int | None
    origin_country: str
    aliases: list[Any]
    notes: str
    releasability: str
    source_url: str
    version: int
    nsn: NsnOut | None
    ammunition_families: list[AmmunitionFamilyOut]
    provides_family: AmmunitionFamilyOut | None
    substitutes: list[NamedRef]


class ItemTypeIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    category: str = Field("", max_length=64)
    capability_area: CapabilityArea = CapabilityArea.OTHER
    standard: Standard = Standard.UNKNOWN
    nsn: str = Field("", max_length=17, description="NATO Stock Number, 13 digits; dashes optional")
    calibre_mm: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=1)
    unit_value_eur: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    unit_mass_t: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=3)
    unit_value_source: str = Field("", max_length=1000, description=UNIT_VALUE_SOURCE)
    unit_mass_source: str = Field("", max_length=1000, description=UNIT_MASS_SOURCE)
    crew_per_unit: int | None = Field(None, ge=0, le=32767)
    ammunition_families: list[int] = Field(
        [], description="Ids of the ammunition families it consumes"
    )
    provides_family: int | None = Field(None, description="Id of the ammunition family it is")
    substitutes: list[int] = Field([], description="Ids of the item types that can stand in for it")
    notes: str = ""
    releasability: Releasability = Releasability.PUBLIC


class ItemTypePatch(InputSchema):
    version: int = Field(description="The version you edited; a stale one is refused with 409")
    name: str | None = Field(None, min_length=1, max_length=200)
    category: str | None = Field(None, max_length=64)
    capability_area: CapabilityArea | None = None
    standard: Standard | None = None
    nsn: str | None = Field(None, max_length=17)
    calibre_mm: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=1)
    unit_value_eur: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    unit_mass_t: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=3)
    unit_value_source: str | None = Field(None, max_length=1000)
    unit_mass_source: str | None = Field(None, max_length=1000)
    crew_per_unit: int | None = Field(None, ge=0, le=32767)
    ammunition_families: list[int] | None = Field(None, description="Replaces the list")
    provides_family: int | None = None
    substitutes: list[int] | None = Field(
        None, description="Replaces the list of substitutes you can see"
    )
    notes: str | None = None
    releasability: Releasability | None = None


def _nsn(value: str) -> dict[str, str] | None:
    if not value:
        return None
    try:
        nsn = parse_nsn(value)
    except NsnError:
        # A malformed stored number is shown as stored rather than hidden; the model validator flags it on edit.
        return {"value": value, "supply_class": "", "bureau": "", "serial": ""}
    return {
        "value": str(nsn),
        "supply_class": nsn.supply_class,
        "bureau": nsn.bureau,
        "serial": nsn.serial,
    }


@router.get("/", response={200: list[ItemTypeOut], **LIST_ERRORS}, summary="List item types")
@paginate(Pagination)
def item_types_list(request: HttpRequest, filters: Query[ItemTypeFilters]) -> Any:
    return item_type_list(
        user=actor(request),
        capability_area=filters.capability_area,
        standard=filters.standard,
        family=filters.family,
        search=filters.search,
    )


def _out(detail: ItemTypeDetail) -> Extended:
    item = detail.item
    return Extended(
        item,
        nsn=_nsn(item.nsn),
        provides_family=item.provides_family,
        substitutes=detail.substitutes,
    )


@router.get(
    "/{item_type_id}", response={200: ItemTypeDetailOut, **READ_ERRORS}, summary="One item type"
)
def item_types_detail(request: HttpRequest, item_type_id: int) -> Any:
    return _out(item_type_detail_get(user=actor(request), pk=item_type_id))


@router.post(
    "/", response={201: ItemTypeDetailOut, **WRITE_ERRORS}, summary="Add an item type (coordinator)"
)
def item_types_create(request: HttpRequest, payload: ItemTypeIn) -> Any:
    user = actor(request)
    fields = item_type_refs_resolve(user=user, data=payload.model_dump())
    item = item_type_create(actor=user, **fields)
    return Status(201, _out(item_type_detail_get(user=user, pk=item.pk)))


@router.patch(
    "/{item_type_id}",
    response={200: ItemTypeDetailOut, **WRITE_ERRORS},
    summary="Edit an item type (coordinator)",
)
def item_types_update(request: HttpRequest, item_type_id: int, payload: ItemTypePatch) -> Any:
    user = actor(request)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    edit = item_type_edit_resolve(user=user, pk=item_type_id, changes=changes)
    item_type_update(
        actor=user, item_type=edit.item, expected_version=version, changes=edit.changes
    )
    return _out(item_type_detail_get(user=user, pk=item_type_id))
