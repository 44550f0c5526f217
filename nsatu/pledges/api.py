"""Pledges of donors, with their tranches: list, detail, and the liaison's and coordinator's writes."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from nsatu.core.api_common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DecimalStr,
    InputSchema,
    NamedRef,
    Pagination,
    PartyRef,
    actor,
)
from nsatu.core.models import Releasability
from nsatu.core.refs import ref_shown
from nsatu.needs.models import Requirement
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from nsatu.pledges.selectors import (
    pledge_get,
    pledge_get_marked,
    pledge_input_resolve,
    pledge_list_marked,
)
from nsatu.pledges.services import pledge_create, pledge_set_status, pledge_update, tranche_add
from nsatu.pledges.templatetags.pledges_ui import is_illustrative

router = Router(tags=["pledges"])

RECIPIENT_DEFAULT = "UKR"


class PledgeFilters(Schema):
    donor: str | None = Field(None, description="Donor party code, e.g. DEU")
    status: PledgeStatus | None = None
    kind: PledgeKind | None = None
    dataset: str | None = Field(None, description="Dataset key")
    item_type: int | None = Field(None, ge=1, le=2**63 - 1, description="Item type id")
    requirement: int | None = Field(None, ge=1, le=2**63 - 1, description="Requirement id")
    search: str | None = None


class RequirementRef(Schema):
    id: int
    reference: str


class PledgeOut(Schema):
    id: int
    donor: PartyRef
    recipient: PartyRef
    kind: str
    item_type: NamedRef | None
    description: str
    quantity: int | None
    amount: DecimalStr | None
    currency: str
    value_eur: DecimalStr | None
    status: str
    announced_on: dt.date | None
    requirement: RequirementRef | None
    dataset: str | None
    illustrative: bool = Field(
        description="Built for the demo scenario (its dataset is illustrative), not reported by a source"
    )
    releasability: str
    version: int

    @staticmethod
    def resolve_requirement(obj: Pledge) -> Requirement | None:
        # `requirement_seen` is annotated by pledge_list_marked: a hidden earmark is shown as none.
        seen = getattr(obj, "requirement_seen", False)
        return obj.requirement if obj.requirement_id and seen else None

    @staticmethod
    def resolve_item_type(obj: Pledge) -> object:
        # A hidden item type is shown as none, as a hidden earmark (core/refs.py).
        return ref_shown(obj, "item_type")

    @staticmethod
    def resolve_dataset(obj: Pledge) -> str | None:
        return obj.dataset.key if obj.dataset else None  # joined by the selector

    @staticmethod
    def resolve_illustrative(obj: Pledge) -> bool:
        return is_illustrative(obj)


class TrancheOut(Schema):
    id: int
    available_from: dt.date
    quantity: int | None
    amount: DecimalStr | None


class PledgeDetailOut(PledgeOut):
    quantity_uncertain: bool
    delivered_quantity: int | None
    delivered_uncertain: bool
    year: int | None
    mechanism: str
    notes: str
    source_url: str
    source_row: int | None
    tranches: list[TrancheOut]


class PledgeIn(InputSchema):
    donor: str | None = Field(
        None, description="Donor party code; a liaison's own party when left out"
    )
    recipient: str = RECIPIENT_DEFAULT
    kind: PledgeKind = PledgeKind.IN_KIND
    item_type: int | None = Field(None, description="Item type id")
    description: str = Field("", max_length=500)
    quantity: int | None = Field(None, ge=1, le=2**31 - 1)
    amount: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    currency: str = Field("", max_length=3)
    status: PledgeStatus = PledgeStatus.ANNOUNCED
    announced_on: dt.date | None = None
    requirement: int | None = Field(None, description="Requirement id this pledge is earmarked for")
    mechanism: str = Field("", max_length=40)
    notes: str = ""
    releasability: Releasability = Releasability.PARTICIPANTS


class PledgePatch(InputSchema):
    version: int = Field(description="The version you edited; a stale one is refused with 409")
    kind: PledgeKind | None = None
    item_type: int | None = None
    description: str | None = Field(None, max_length=500)
    quantity: int | None = Field(None, ge=1, le=2**31 - 1)
    amount: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    currency: str | None = Field(None, max_length=3)
    announced_on: dt.date | None = None
    requirement: int | None = None
    mechanism: str | None = Field(None, max_length=40)
    notes: str | None = None
    releasability: Releasability | None = None


class StatusIn(InputSchema):
    status: PledgeStatus
    version: int


class TrancheIn(InputSchema):
    available_from: dt.date
    quantity: int | None = Field(None, ge=1, le=2**31 - 1)
    amount: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)


@router.get("/", response={200: list[PledgeOut], **LIST_ERRORS}, summary="List pledges")
@paginate(Pagination)
def pledges_list(request: HttpRequest, filters: Query[PledgeFilters]) -> Any:
    return pledge_list_marked(
        user=actor(request),
        donor=filters.donor.upper() if filters.donor else None,
        status=filters.status,
        kind=filters.kind,
        dataset=filters.dataset,
        item_type=filters.item_type,
        requirement=filters.requirement,
        search=filters.search,
        # By id: the primary key's index serves every page, and a client syncing the list reads new
        # pledges at its end.
        order=("pk",),
    )


@router.get(
    "/{pledge_id}",
    response={200: PledgeDetailOut, **READ_ERRORS},
    summary="One pledge with its tranches",
)
def pledges_detail(request: HttpRequest, pledge_id: int) -> Any:
    return pledge_get_marked(user=actor(request), pk=pledge_id)


@router.post("/", response={201: PledgeDetailOut, **WRITE_ERRORS}, summary="Record a pledge")
def pledges_create(request: HttpRequest, payload: PledgeIn) -> Any:
    user = actor(request)
    data = pledge_input_resolve(user=user, data=payload.model_dump())
    # The service refuses a pledge that would vanish from the caller's view once written (its releasability).
    pledge = pledge_create(actor=user, **data)
    return Status(201, pledge_get_marked(user=user, pk=pledge.pk))


@router.patch(
    "/{pledge_id}", response={200: PledgeDetailOut, **WRITE_ERRORS}, summary="Edit a pledge"
)
def pledges_update(request: HttpRequest, pledge_id: int, payload: PledgePatch) -> Any:
    user = actor(request)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    pledge_update(
        actor=user,
        pledge=pledge_get(user=user, pk=pledge_id),
        expected_version=version,
        changes=pledge_input_resolve(user=user, data=changes),
    )
    return pledge_get_marked(user=user, pk=pledge_id)


@router.post(
    "/{pledge_id}/status",
    response={200: PledgeDetailOut, **WRITE_ERRORS},
    summary="Move a pledge one step up its status ladder, or withdraw it",
)
def pledges_status(request: HttpRequest, pledge_id: int, payload: StatusIn) -> Any:
    user = actor(request)
    pledge_set_status(
        actor=user,
        pledge=pledge_get(user=user, pk=pledge_id),
        status=payload.status,
        expected_version=payload.version,
    )
    return pledge_get_marked(user=user, pk=pledge_id)


@router.post(
    "/{pledge_id}/tranches", response={201: TrancheOut, **WRITE_ERRORS}, summary="Add a tranche"
)
def pledges_tranche_add(request: HttpRequest, pledge_id: int, payload: TrancheIn) -> Any:
    user = actor(request)
    tranche = tranche_add(
        actor=user,
        pledge=pledge_get(user=user, pk=pledge_id),
        available_from=payload.available_from,
        quantity=payload.quantity,
        amount=payload.amount,
    )
    return Status(201, tranche)
