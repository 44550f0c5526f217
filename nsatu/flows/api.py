"""Flows of money and material between parties, and their totals counted once along each chain."""

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
from nsatu.flows.models import Flow, FlowKind
from nsatu.flows.selectors import (
    flow_get_marked,
    flow_input_resolve,
    flow_list_marked,
    flow_totals_visible,
)
from nsatu.flows.services import flow_create

router = Router(tags=["flows"])


class FlowFilters(Schema):
    source: str | None = Field(None, description="Source party code")
    destination: str | None = Field(None, description="Destination party code")
    kind: FlowKind | None = None


class FlowOut(Schema):
    id: int
    source: PartyRef
    destination: PartyRef
    parent: int | None
    kind: str
    date: dt.date | None
    date_precision: str
    amount: DecimalStr | None
    currency: str
    amount_eur: DecimalStr | None
    eur_rate: DecimalStr | None
    eur_rate_date: dt.date | None
    item_type: NamedRef | None
    quantity: int | None
    pledge: int | None
    description: str
    dataset: str | None
    releasability: str
    version: int

    # `parent_seen` and `pledge_seen` are annotated by flow_list_marked: a hidden record's id is not shown.
    @staticmethod
    def resolve_parent(obj: Flow) -> int | None:
        return obj.parent_id if obj.parent_id and getattr(obj, "parent_seen", False) else None

    @staticmethod
    def resolve_pledge(obj: Flow) -> int | None:
        return obj.pledge_id if obj.pledge_id and getattr(obj, "pledge_seen", False) else None

    @staticmethod
    def resolve_item_type(obj: Flow) -> object:
        return ref_shown(
            obj, "item_type"
        )  # marked by flow_list: a hidden item type is shown as none

    @staticmethod
    def resolve_dataset(obj: Flow) -> str | None:
        return obj.dataset.key if obj.dataset else None  # joined by the selector


class FlowIn(InputSchema):
    source: str = Field(description="Source party code")
    destination: str = Field(description="Destination party code")
    kind: FlowKind = FlowKind.MONEY
    parent: int | None = Field(None, description="Id of the flow this one passes on")
    date: dt.date | None = None
    amount: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    currency: str = Field("", max_length=3)
    item_type: int | None = Field(None, description="Item type id")
    quantity: int | None = Field(None, ge=1, le=2**31 - 1)
    pledge: int | None = Field(None, description="Pledge id this flow delivers")
    description: str = Field("", max_length=500)
    releasability: Releasability = Releasability.PARTICIPANTS


class FlowTotalsOut(Schema):
    total: DecimalStr
    by_donor: dict[str, DecimalStr]
    by_recipient: dict[str, DecimalStr]


@router.get("/", response={200: list[FlowOut], **LIST_ERRORS}, summary="List flows")
@paginate(Pagination)
def flows_list(request: HttpRequest, filters: Query[FlowFilters]) -> Any:
    return flow_list_marked(
        user=actor(request),
        source=filters.source.upper() if filters.source else None,
        destination=filters.destination.upper() if filters.destination else None,
        kind=filters.kind,
    )


# Declared before "/{flow_id}": Django takes the first matching pattern, and that one would swallow "totals".
@router.get(
    "/totals",
    response={200: FlowTotalsOut, **LIST_ERRORS},
    summary="Totals in EUR over the visible flows, each euro counted once",
)
def flows_totals(request: HttpRequest) -> Any:
    return flow_totals_visible(user=actor(request))


@router.get("/{flow_id}", response={200: FlowOut, **READ_ERRORS}, summary="One flow")
def flows_detail(request: HttpRequest, flow_id: int) -> Any:
    return flow_get_marked(user=actor(request), pk=flow_id)


@router.post(
    "/",
    response={201: FlowOut, **WRITE_ERRORS},
    summary="Record a flow (EUR value at the ECB rate)",
)
def flows_create(request: HttpRequest, payload: FlowIn) -> Any:
    user = actor(request)
    data = flow_input_resolve(user=user, data=payload.model_dump())
    # The service refuses a flow that would vanish from the caller's view once written (its releasability).
    flow = flow_create(actor=user, **data)
    return Status(201, flow_get_marked(user=user, pk=flow.pk))
