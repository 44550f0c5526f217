"""Requirements of Ukraine's armed forces: list, detail with coverage, the planner's writes and the workflow."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea
from nsatu.catalogue.selectors import ammunition_family_list, item_type_get
from nsatu.core.actors import Actor
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
    optional_ref,
)
from nsatu.core.errors import NotFound
from nsatu.core.models import Releasability
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.selectors import requirement_get, requirement_list
from nsatu.needs.services import requirement_create, requirement_transition, requirement_update
from nsatu.needs.workflow import allowed_targets
from nsatu.pledges.selectors import requirement_coverage

router = Router(tags=["requirements"])


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
    priority: int
    needed_by: dt.date | None
    status: str
    owner: str | None
    releasability: str
    illustrative: bool
    version: int

    @staticmethod
    def resolve_owner(obj: Requirement) -> str | None:
        return obj.owner.code if obj.owner else None  # joined by the selector


class CoverageOut(Schema):
    quantity: DecimalStr
    firm: DecimalStr
    announced: DecimalStr
    gap: DecimalStr
    over: DecimalStr
    share: DecimalStr


class RequirementDetailOut(RequirementOut):
    description: str
    stated_by: str
    stated_on: str
    source_url: str
    coverage: CoverageOut
    transitions: list[str]


class RequirementIn(InputSchema):
    title: str = Field(min_length=1, max_length=300)
    capability_area: CapabilityArea
    quantity: Decimal = Field(gt=0, max_digits=16, decimal_places=2)
    unit: str = Field("units", max_length=40)
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
    priority: int | None = Field(None, ge=1, le=5)
    needed_by: dt.date | None = None
    item_type: int | None = None
    ammunition_family: int | None = None
    description: str | None = None
    releasability: Releasability | None = None


class TransitionIn(InputSchema):
    to: RequirementStatus
    version: int


def _family(pk: int) -> AmmunitionFamily:
    family = ammunition_family_list().filter(pk=pk).first()
    if family is None:
        raise NotFound(pk)
    return family


def _references(user: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """Replace the ids of the input by the records, refusing those the user may not see."""
    if "item_type" in data:
        pk = data["item_type"]
        data["item_type"] = optional_ref("item_type", pk, lambda: item_type_get(user=user, pk=pk))
    if "ammunition_family" in data:
        family_pk = data["ammunition_family"]
        data["ammunition_family"] = optional_ref(
            "ammunition_family", family_pk, lambda: _family(family_pk)
        )
    return data


def _detail(user: Actor, requirement: Requirement) -> Extended:
    coverage = requirement_coverage(user=user, requirements=[requirement])[requirement.pk]
    return Extended(
        requirement,
        coverage={
            "quantity": coverage.quantity,
            "firm": coverage.firm,
            "announced": coverage.announced,
            "gap": coverage.gap,
            "over": coverage.over,
            "share": coverage.firm_share,
        },
        transitions=allowed_targets(
            role=user.role,
            actor_party_id=user.party_id,
            owner_id=requirement.owner_id,
            status=requirement.status,
        ),
    )


@router.get("/", response={200: list[RequirementOut], **LIST_ERRORS}, summary="List requirements")
@paginate(Pagination)
def requirements_list(request: HttpRequest, filters: Query[RequirementFilters]) -> Any:
    return requirement_list(
        user=actor(request),
        status=filters.status,
        capability_area=filters.capability_area,
        search=filters.search,
    )


@router.get(
    "/{requirement_id}",
    response={200: RequirementDetailOut, **READ_ERRORS},
    summary="One requirement with its coverage",
)
def requirements_detail(request: HttpRequest, requirement_id: int) -> Any:
    user = actor(request)
    return _detail(user, requirement_get(user=user, pk=requirement_id))


@router.post(
    "/",
    response={201: RequirementDetailOut, **WRITE_ERRORS},
    summary="Write a requirement (planner)",
)
def requirements_create(request: HttpRequest, payload: RequirementIn) -> Any:
    user = actor(request)
    with transaction.atomic():
        data = _references(user, payload.model_dump())
        requirement = requirement_create(actor=user, **data)
        detail = _detail(user, requirement_get(user=user, pk=requirement.pk))
    return Status(201, detail)


@router.patch(
    "/{requirement_id}",
    response={200: RequirementDetailOut, **WRITE_ERRORS},
    summary="Edit a draft requirement",
)
def requirements_update(
    request: HttpRequest, requirement_id: int, payload: RequirementPatch
) -> Any:
    user = actor(request)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    with transaction.atomic():
        requirement = requirement_get(user=user, pk=requirement_id)
        requirement = requirement_update(
            actor=user,
            requirement=requirement,
            expected_version=version,
            changes=_references(user, changes),
        )
        detail = _detail(user, requirement_get(user=user, pk=requirement.pk))
    return detail


@router.post(
    "/{requirement_id}/transition",
    response={200: RequirementDetailOut, **WRITE_ERRORS},
    summary="Move a requirement along its workflow",
)
def requirements_transition(
    request: HttpRequest, requirement_id: int, payload: TransitionIn
) -> Any:
    user = actor(request)
    with transaction.atomic():
        requirement = requirement_get(user=user, pk=requirement_id)
        requirement = requirement_transition(
            actor=user,
            requirement=requirement,
            to_status=payload.to,
            expected_version=payload.version,
        )
        detail = _detail(user, requirement_get(user=user, pk=requirement.pk))
    return detail
