"""Hubs with their throughput, shipments with their lifecycle and receipts, repair orders."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
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
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.core.refs import ref_id, ref_label, ref_restricted, ref_shown
from nsatu.logistics.hub_selectors import hub_list
from nsatu.logistics.inputs import CountInput, DiscrepancyInput
from nsatu.logistics.models import (
    DiscrepancyKind,
    RepairOrder,
    RepairStatus,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from nsatu.logistics.repair_selectors import (
    repair_input_resolve,
    repair_order_get,
    repair_order_list,
)
from nsatu.logistics.repair_services import repair_order_create, repair_order_set_status
from nsatu.logistics.selectors import (
    LineRef,
    ShipmentView,
    hub_throughput,
    shipment_detail,
    shipment_input_resolve,
    shipment_list,
)
from nsatu.logistics.services import (
    receipt_record,
    shipment_advance,
    shipment_create,
)

router = Router(tags=["logistics"])
MAX_ID = 2**63 - 1


class HubOut(Schema):
    id: int
    name: str
    country: PartyRef
    lat: float | None
    lon: float | None
    capacity_t_month: DecimalStr | None
    role: str
    source_url: str


class HubMonthOut(Schema):
    hub: str = Field(description="The hub's name; 'a restricted hub' groups those hidden from you")
    month: str
    tonnes: DecimalStr
    capacity_t: DecimalStr | None
    shipments: int
    over: bool


class LineOut(Schema):
    id: int
    item_type: NamedRef | None = Field(description="Null when the item type is hidden from you")
    quantity: int
    unit_mass_t: DecimalStr | None
    pledge: int | None = Field(
        description="Pledge id; null when there is none or it is hidden from you (pledge_restricted)"
    )
    pledge_restricted: bool

    @staticmethod
    def resolve_item_type(obj: ShipmentLine) -> object:
        return ref_shown(obj, "item_type")  # `item_type_seen` is marked by shipment_list

    @staticmethod
    def resolve_pledge(obj: ShipmentLine) -> int | None:
        return ref_id(obj, "pledge")  # `pledge_seen` is marked by shipment_list

    @staticmethod
    def resolve_pledge_restricted(obj: ShipmentLine) -> bool:
        return ref_restricted(obj, "pledge")


class ShipmentOut(Schema):
    id: int
    reference: str
    donor: PartyRef
    recipient: PartyRef
    origin: str
    hub: str = Field(description="The hub's name, or 'a restricted hub'")
    handover_point: str
    status: str
    planned_dispatch: dt.date
    planned_at_hub: dt.date
    planned_handover: dt.date
    dispatched_on: dt.date | None
    at_hub_on: dt.date | None
    handed_over_on: dt.date | None
    received_on: dt.date | None
    illustrative: bool
    releasability: str
    version: int
    lines: list[LineOut]

    @staticmethod
    def resolve_hub(obj: Shipment) -> str:
        return ref_label(obj, "hub")  # `hub_seen` is marked by shipment_list

    @staticmethod
    def resolve_lines(obj: Shipment) -> list[ShipmentLine]:
        return list(obj.lines.all())  # prefetched by the selector


class DiscrepancyOut(Schema):
    kind: str
    quantity: int
    description: str


class LineDetailOut(Schema):
    id: int
    item_type: str = Field(description="The item type's name, or 'a restricted item type'")
    quantity: int
    accepted: int
    outstanding: int
    discrepancies: list[DiscrepancyOut]

    @staticmethod
    def resolve_item_type(obj: dict[str, Any]) -> str:
        return ref_label(obj["line"], "item_type")


class ShipmentDetailOut(Schema):
    shipment: ShipmentOut
    lines: list[LineDetailOut]
    mass_t: DecimalStr
    late_milestone: str | None
    late_days: int | None


class ShipmentFilters(Schema):
    status: ShipmentStatus | None = None
    donor: str | None = Field(None, description="Donor party code, e.g. DEU")
    hub: int | None = Field(None, ge=1, le=MAX_ID)


class LineIn(InputSchema):
    item_type: int = Field(..., ge=1, le=MAX_ID)
    quantity: int = Field(..., ge=1, le=2**31 - 1)
    pledge: int | None = Field(None, ge=1, le=MAX_ID)


class ShipmentIn(InputSchema):
    donor: str | None = Field(
        None, description="Donor party code; a liaison's own party by default"
    )
    recipient: str = "UKR"
    origin: str = Field(..., min_length=1, max_length=200)
    origin_lat: float | None = Field(None, ge=-90, le=90)
    origin_lon: float | None = Field(None, ge=-180, le=180)
    hub: str = Field(..., description="The hub's name")
    handover_point: str = Field(..., min_length=1, max_length=200)
    planned_dispatch: dt.date
    planned_at_hub: dt.date
    planned_handover: dt.date
    releasability: Releasability = Releasability.PARTICIPANTS
    notes: str = ""
    lines: list[LineIn] = Field(..., min_length=1, max_length=100)


class AdvanceIn(InputSchema):
    status: ShipmentStatus
    on: dt.date
    version: int = Field(..., ge=1)


class DiscrepancyIn(InputSchema):
    kind: DiscrepancyKind
    quantity: int = Field(..., ge=1, le=2**31 - 1)
    description: str = ""


class CountIn(InputSchema):
    line: int = Field(..., ge=1, le=MAX_ID)
    accepted: int = Field(0, ge=0, le=2**31 - 1)
    discrepancies: list[DiscrepancyIn] = []


class ReceiptIn(InputSchema):
    received_on: dt.date
    version: int = Field(..., ge=1)
    counts: list[CountIn] = Field(..., min_length=1)


class RepairOut(Schema):
    id: int
    reference: str
    item_type: NamedRef | None = Field(description="Null when the item type is hidden from you")
    quantity: int
    facility: str
    facility_party: PartyRef
    status: str
    sent_on: dt.date
    expected_return: dt.date
    returned_on: dt.date | None
    illustrative: bool
    version: int

    @staticmethod
    def resolve_item_type(obj: RepairOrder) -> object:
        return ref_shown(obj, "item_type")  # `item_type_seen` is marked by repair_order_list


class RepairIn(InputSchema):
    item_type: int = Field(..., ge=1, le=MAX_ID)
    quantity: int = Field(..., ge=1, le=2**31 - 1)
    facility: str = Field(..., min_length=1, max_length=200)
    facility_party: str = Field(..., description="Party code of the repairing nation")
    sent_on: dt.date
    expected_return: dt.date


class RepairStatusIn(InputSchema):
    status: RepairStatus
    version: int = Field(..., ge=1)
    on: dt.date | None = None


@router.get(
    "/hubs",
    response={200: list[HubOut], **LIST_ERRORS},
    summary="Logistics hubs with their capacity",
)
def hubs_list(request: HttpRequest) -> Any:
    return list(hub_list(user=actor(request)))


@router.get(
    "/throughput",
    response={200: list[HubMonthOut], **LIST_ERRORS},
    summary="Tonnes per hub and month against capacity, over the shipments you may see",
)
def hubs_throughput(request: HttpRequest) -> Any:
    return [
        {
            "hub": m.hub,
            "month": f"{m.month:%Y-%m}",
            "tonnes": m.tonnes,
            "capacity_t": m.capacity_t,
            "shipments": m.shipments,
            "over": m.over,
        }
        for m in hub_throughput(user=actor(request))
    ]


@router.get(
    "/shipments", response={200: list[ShipmentOut], **LIST_ERRORS}, summary="List shipments"
)
@paginate(Pagination)
def shipments_list(request: HttpRequest, filters: Query[ShipmentFilters]) -> Any:
    return shipment_list(
        user=actor(request),
        status=filters.status,
        donor=filters.donor.upper() if filters.donor else None,
        hub=filters.hub,
    )


def _detail_out(view: ShipmentView) -> dict[str, Any]:
    return {
        "shipment": view.shipment,
        "mass_t": view.mass_t,
        "late_milestone": view.late.milestone if view.late else None,
        "late_days": view.late.days if view.late else None,
        "lines": [
            {
                "id": lv.line.pk,
                "line": lv.line,
                "quantity": lv.line.quantity,
                "accepted": lv.received,
                "outstanding": lv.outstanding,
                "discrepancies": lv.discrepancies,
            }
            for lv in view.lines
        ],
    }


@router.get(
    "/shipments/{shipment_id}",
    response={200: ShipmentDetailOut, **READ_ERRORS},
    summary="One shipment with what was accepted and the discrepancies you may see",
)
def shipments_detail(request: HttpRequest, shipment_id: int) -> Any:
    return _detail_out(shipment_detail(user=actor(request), pk=shipment_id))


@router.post(
    "/shipments", response={201: ShipmentDetailOut, **WRITE_ERRORS}, summary="Plan a shipment"
)
def shipments_create(request: HttpRequest, payload: ShipmentIn) -> Any:
    user = actor(request)
    refs = shipment_input_resolve(
        user=user,
        donor=payload.donor,
        recipient=payload.recipient,
        hub=payload.hub,
        lines=[LineRef(line.item_type, line.quantity, line.pledge) for line in payload.lines],
    )
    shipment = shipment_create(
        actor=user,
        donor=refs.donor,
        recipient=refs.recipient,
        origin=payload.origin,
        origin_lat=payload.origin_lat,
        origin_lon=payload.origin_lon,
        hub=refs.hub,
        handover_point=payload.handover_point,
        planned_dispatch=payload.planned_dispatch,
        planned_at_hub=payload.planned_at_hub,
        planned_handover=payload.planned_handover,
        releasability=payload.releasability,
        notes=payload.notes,
        lines=refs.lines,
    )
    return Status(201, _detail_out(shipment_detail(user=user, pk=shipment.pk)))


@router.post(
    "/shipments/{shipment_id}/advance",
    response={200: ShipmentDetailOut, **WRITE_ERRORS},
    summary="Record that a shipment was dispatched, reached its hub or was handed over",
)
def shipments_advance(request: HttpRequest, shipment_id: int, payload: AdvanceIn) -> Any:
    user = actor(request)
    shipment_advance(
        actor=user,
        shipment=shipment_detail(user=user, pk=shipment_id).shipment,
        status=payload.status,
        on=payload.on,
        expected_version=payload.version,
    )
    return _detail_out(shipment_detail(user=user, pk=shipment_id))


def _counts(view: ShipmentView, payload: ReceiptIn) -> list[CountInput]:
    """The counts of the input against the shipment's lines; a line of another shipment is a field error."""
    lines = {lv.line.pk: lv.line for lv in view.lines}
    counts = []
    for i, count in enumerate(payload.counts):
        if count.line not in lines:
            raise ValidationError(
                {
                    f"counts[{i}].line": [
                        _("Line %(l)s is not part of %(s)s.")
                        % {"l": count.line, "s": view.shipment}
                    ]
                }
            )
        discrepancies = [
            DiscrepancyInput(d.kind, d.quantity, d.description) for d in count.discrepancies
        ]
        counts.append(CountInput(lines[count.line], count.accepted, discrepancies))
    return counts


@router.post(
    "/shipments/{shipment_id}/receipts",
    response={201: ShipmentDetailOut, **WRITE_ERRORS},
    summary="Record what the recipient counted (accepted units and discrepancies)",
)
def shipments_receipt(request: HttpRequest, shipment_id: int, payload: ReceiptIn) -> Any:
    user = actor(request)
    view = shipment_detail(user=user, pk=shipment_id)
    receipt_record(
        actor=user,
        shipment=view.shipment,
        received_on=payload.received_on,
        counts=_counts(view, payload),
        expected_version=payload.version,
    )
    return Status(201, _detail_out(shipment_detail(user=user, pk=shipment_id)))


@router.get("/repairs", response={200: list[RepairOut], **LIST_ERRORS}, summary="Repair orders")
def repairs_list(request: HttpRequest, status: RepairStatus | None = None) -> Any:
    return list(repair_order_list(user=actor(request), status=status))


@router.post(
    "/repairs", response={201: RepairOut, **WRITE_ERRORS}, summary="Send equipment for repair"
)
def repairs_create(request: HttpRequest, payload: RepairIn) -> Any:
    user = actor(request)
    refs = repair_input_resolve(
        user=user, item_type=payload.item_type, facility_party=payload.facility_party
    )
    order = repair_order_create(
        actor=user,
        item_type=refs.item_type,
        quantity=payload.quantity,
        facility=payload.facility,
        facility_party=refs.facility_party,
        sent_on=payload.sent_on,
        expected_return=payload.expected_return,
    )
    return Status(201, repair_order_get(user=user, pk=order.pk))


@router.post(
    "/repairs/{repair_id}/status",
    response={200: RepairOut, **WRITE_ERRORS},
    summary="Move a repair order on: in repair, returned, written off",
)
def repairs_status(request: HttpRequest, repair_id: int, payload: RepairStatusIn) -> Any:
    user = actor(request)
    repair_order_set_status(
        actor=user,
        order=repair_order_get(user=user, pk=repair_id),
        status=payload.status,
        expected_version=payload.version,
        on=payload.on,
    )
    return repair_order_get(user=user, pk=repair_id)
