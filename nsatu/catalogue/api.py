"""The catalogue: item types with their ammunition families, substitutes and NATO Stock Numbers."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from nsatu.api.common import LIST_ERRORS, READ_ERRORS, DecimalStr, Extended, NamedRef, Pagination, actor
from nsatu.catalogue.models import CapabilityArea, ItemType, Standard
from nsatu.catalogue.selectors import item_type_get, item_type_list, item_type_visible
from nsatu.engine.nsn import NsnError, parse_nsn

router = Router(tags=["catalogue"])


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
    unit_value_eur: DecimalStr | None
    unit_mass_t: DecimalStr | None
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
    unit_value_eur: DecimalStr | None
    unit_mass_t: DecimalStr | None
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


def _nsn(value: str) -> dict[str, str] | None:
    if not value:
        return None
    try:
        nsn = parse_nsn(value)
    except NsnError:
        # A malformed stored number is shown as stored rather than hidden; the model validator flags it on edit.
        return {"value": value, "supply_class": "", "bureau": "", "serial": ""}
    return {"value": str(nsn), "supply_class": nsn.supply_class, "bureau": nsn.bureau, "serial": nsn.serial}


@router.get("/", response={200: list[ItemTypeOut], **LIST_ERRORS}, summary="List item types")
@paginate(Pagination)
def item_types_list(request: HttpRequest, filters: Query[ItemTypeFilters]) -> Any:
    return item_type_list(user=actor(request), capability_area=filters.capability_area, standard=filters.standard,
                          family=filters.family, search=filters.search)


@router.get("/{item_type_id}", response={200: ItemTypeDetailOut, **READ_ERRORS}, summary="One item type")
def item_types_detail(request: HttpRequest, item_type_id: int) -> Any:
    user = actor(request)
    item = item_type_get(user=user, pk=item_type_id)
    substitutes = list(item.substitutes.all())
    # A substitute the caller may not see is left out rather than named.
    seen = set(item_type_visible(user=user).filter(pk__in=[s.pk for s in substitutes]).values_list("pk", flat=True))
    return Extended(item, nsn=_nsn(item.nsn), provides_family=item.provides_family,
                    substitutes=[s for s in substitutes if s.pk in seen])
