"""Pledges of donors, with their tranches: list, detail, and the liaison's and coordinator's writes."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from nsatu.catalogue.selectors import item_type_get
from nsatu.core.actors import Actor, Role
from nsatu.core.api_common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DecimalStr,
    Extended,
    InputSchema,
    NamedRef,
    Pagination,
    PartyRef,
    actor,
    field_ref,
    mark_visible_refs,
    optional_ref,
    ref_visible,
)
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.needs.selectors import requirement_get, requirement_visible
from nsatu.parties.selectors import party_get
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from nsatu.pledges.selectors import pledge_get, pledge_list
from nsatu.pledges.services import pledge_create, pledge_set_status, pledge_update, tranche_add

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
    releasability: str
    version: int

    @staticmethod
    def resolve_requirement(obj: Any) -> Any:
        return obj.requirement if obj.requirement_id and obj.requirement_seen else None

    @staticmethod
    def resolve_dataset(obj: Pledge) -> str | None:
        return obj.dataset.key if obj.dataset else None  # joined by the selector


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


def _references(user: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """Replace the codes and ids of the input by the records, refusing those the user may not see."""
    if "donor" in data:
        # Only a liaison has a party that is naturally the donor; the command records pledges in others' names.
        own = user.party.code if user.role == Role.DONOR_LIAISON and user.party else None
        code = data["donor"] or own
        if code is None:
            raise ValidationError({"donor": [_("Name the donor party's code.")]})
        data["donor"] = field_ref("donor", code, lambda: party_get(user=user, code=code.upper()))
    if "recipient" in data:
        recipient = data["recipient"]
        data["recipient"] = field_ref(
            "recipient", recipient, lambda: party_get(user=user, code=recipient.upper())
        )
    if "item_type" in data:
        item_pk = data["item_type"]
        data["item_type"] = optional_ref(
            "item_type", item_pk, lambda: item_type_get(user=user, pk=item_pk)
        )
    if "requirement" in data:
        req_pk = data["requirement"]
        data["requirement"] = optional_ref(
            "requirement", req_pk, lambda: requirement_get(user=user, pk=req_pk)
        )
    return data


def _detail(user: Actor, pk: int) -> Extended:
    pledge = pledge_get(user=user, pk=pk)
    return Extended(
        pledge, requirement_seen=ref_visible(requirement_visible(user=user), pledge.requirement_id)
    )


@router.get("/", response={200: list[PledgeOut], **LIST_ERRORS}, summary="List pledges")
@paginate(Pagination)
def pledges_list(request: HttpRequest, filters: Query[PledgeFilters]) -> Any:
    user = actor(request)
    pledges = pledge_list(
        user=user,
        donor=filters.donor.upper() if filters.donor else None,
        status=filters.status,
        kind=filters.kind,
        dataset=filters.dataset,
        item_type=filters.item_type,
        requirement=filters.requirement,
        search=filters.search,
    )
    return mark_visible_refs(pledges, field="requirement", visible=requirement_visible(user=user))


@router.get(
    "/{pledge_id}",
    response={200: PledgeDetailOut, **READ_ERRORS},
    summary="One pledge with its tranches",
)
def pledges_detail(request: HttpRequest, pledge_id: int) -> Any:
    return _detail(actor(request), pledge_id)


@router.post("/", response={201: PledgeDetailOut, **WRITE_ERRORS}, summary="Record a pledge")
def pledges_create(request: HttpRequest, payload: PledgeIn) -> Any:
    user = actor(request)
    with transaction.atomic():
        data = _references(user, payload.model_dump())
        # The pledge is owned by its donor; refuse here what would vanish from the caller's view once written.
        pledge = pledge_create(actor=user, **data)
        detail = _detail(user, pledge.pk)
    return Status(201, detail)


@router.patch(
    "/{pledge_id}", response={200: PledgeDetailOut, **WRITE_ERRORS}, summary="Edit a pledge"
)
def pledges_update(request: HttpRequest, pledge_id: int, payload: PledgePatch) -> Any:
    user = actor(request)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    with transaction.atomic():
        pledge = pledge_get(user=user, pk=pledge_id)
        pledge_update(
            actor=user, pledge=pledge, expected_version=version, changes=_references(user, changes)
        )
        detail = _detail(user, pledge_id)
    return detail


@router.post(
    "/{pledge_id}/status",
    response={200: PledgeDetailOut, **WRITE_ERRORS},
    summary="Move a pledge one step up its status ladder, or withdraw it",
)
def pledges_status(request: HttpRequest, pledge_id: int, payload: StatusIn) -> Any:
    user = actor(request)
    with transaction.atomic():
        pledge = pledge_get(user=user, pk=pledge_id)
        pledge_set_status(
            actor=user, pledge=pledge, status=payload.status, expected_version=payload.version
        )
        detail = _detail(user, pledge_id)
    return detail


@router.post(
    "/{pledge_id}/tranches", response={201: TrancheOut, **WRITE_ERRORS}, summary="Add a tranche"
)
def pledges_tranche_add(request: HttpRequest, pledge_id: int, payload: TrancheIn) -> Any:
    user = actor(request)
    with transaction.atomic():
        pledge = pledge_get(user=user, pk=pledge_id)
        tranche = tranche_add(
            actor=user,
            pledge=pledge,
            available_from=payload.available_from,
            quantity=payload.quantity,
            amount=payload.amount,
        )
    return Status(201, tranche)
