"""Flows of money and material between parties, and their totals counted once along each chain."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from nsatu.catalogue.selectors import item_type_get
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
    PartyRef,
    actor,
    field_ref,
    mark_visible_refs,
    optional_ref,
    ref_visible,
)
from nsatu.core.models import Releasability
from nsatu.flows.models import Flow, FlowKind
from nsatu.flows.selectors import flow_get, flow_list, flow_totals_visible, flow_visible
from nsatu.flows.services import flow_create
from nsatu.parties.selectors import party_get
from nsatu.pledges.selectors import pledge_get, pledge_visible

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

    @staticmethod
    def resolve_parent(obj: Any) -> int | None:
        return obj.parent_id if obj.parent_id and obj.parent_seen else None

    @staticmethod
    def resolve_pledge(obj: Any) -> int | None:
        return obj.pledge_id if obj.pledge_id and obj.pledge_seen else None

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


def _references(user: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """Replace the codes and ids of the input by the records, refusing those the user may not see."""
    source, destination = data["source"], data["destination"]
    data["source"] = field_ref("source", source, lambda: party_get(user=user, code=source.upper()))
    data["destination"] = field_ref(
        "destination", destination, lambda: party_get(user=user, code=destination.upper())
    )
    parent, item_pk, pledge_pk = data["parent"], data["item_type"], data["pledge"]
    data["parent"] = optional_ref("parent", parent, lambda: flow_get(user=user, pk=parent))
    data["item_type"] = optional_ref(
        "item_type", item_pk, lambda: item_type_get(user=user, pk=item_pk)
    )
    data["pledge"] = optional_ref("pledge", pledge_pk, lambda: pledge_get(user=user, pk=pledge_pk))
    return data


def _visible_refs(user: Actor, flows: Any) -> Any:
    flows = mark_visible_refs(flows, field="parent", visible=flow_visible(user=user))
    return mark_visible_refs(flows, field="pledge", visible=pledge_visible(user=user))


@router.get("/", response={200: list[FlowOut], **LIST_ERRORS}, summary="List flows")
@paginate(Pagination)
def flows_list(request: HttpRequest, filters: Query[FlowFilters]) -> Any:
    user = actor(request)
    flows = flow_list(
        user=user,
        source=filters.source.upper() if filters.source else None,
        destination=filters.destination.upper() if filters.destination else None,
        kind=filters.kind,
    )
    return _visible_refs(user, flows)


# Declared before "/{flow_id}": Django takes the first matching pattern, and that one would swallow "totals".
@router.get(
    "/totals",
    response={200: FlowTotalsOut, **LIST_ERRORS},
    summary="Totals in EUR over the visible flows, each euro counted once",
)
def flows_totals(request: HttpRequest) -> Any:
    return flow_totals_visible(user=actor(request))


def _detail(user: Actor, pk: int) -> Extended:
    flow = flow_get(user=user, pk=pk)
    return Extended(
        flow,
        parent_seen=ref_visible(flow_visible(user=user), flow.parent_id),
        pledge_seen=ref_visible(pledge_visible(user=user), flow.pledge_id),
    )


@router.get("/{flow_id}", response={200: FlowOut, **READ_ERRORS}, summary="One flow")
def flows_detail(request: HttpRequest, flow_id: int) -> Any:
    return _detail(actor(request), flow_id)


@router.post(
    "/",
    response={201: FlowOut, **WRITE_ERRORS},
    summary="Record a flow (EUR value at the ECB rate)",
)
def flows_create(request: HttpRequest, payload: FlowIn) -> Any:
    user = actor(request)
    with transaction.atomic():
        data = _references(user, payload.model_dump())
        # The flow is owned by its source; refuse here what would vanish from the caller's view once written.
        flow = flow_create(actor=user, **data)
        detail = _detail(user, flow.pk)
    return Status(201, detail)
