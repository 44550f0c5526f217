"""The demo's illustrative shipments and repair order: not real movements.

Built once over the imported hubs and reference item types, with dates relative to the day it is built, so the
board shows every status, one late shipment and a partial receipt with a discrepancy. Lines carry the unit mass
the catalogue states (the reference table states none, so the demo's tonnes stay unknown rather than invented).
Shipments are owned by their donor and released to all participants.

Everything goes through the logistics services as in the product: the demo's coordinator records each
shipment and moves it step by step on its milestone dates; Ukraine's planner counts the received one (the
delivered quantities of pledges derive from such receipts); the coordinator records the repair order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.accounts.models import User
from nsatu.audit.services import audit_event_record
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor, Role, require_role
from nsatu.core.models import Releasability
from nsatu.logistics.inputs import CountInput, DiscrepancyInput, LineInput
from nsatu.logistics.models import (
    DiscrepancyKind,
    Hub,
    RepairOrder,
    RepairStatus,
    Shipment,
    ShipmentStatus,
)
from nsatu.logistics.repair_services import repair_order_create, repair_order_set_status
from nsatu.logistics.services import receipt_record, shipment_advance, shipment_create
from nsatu.parties.models import Party

PREFIX = "DEMO-SHP-"
NOTE = "Illustrative demo scenario: not a real movement."
REPAIR = "DEMO-REP-01"


@dataclass(frozen=True)
class Planned:
    reference: str
    donor: str
    origin: str
    lat: float
    lon: float
    hub_prefix: str  # the hub's name starts with it
    item: str
    quantity: int
    status: str
    days: int  # from the day of the build to the handover


PLAN = [
    Planned(
        "01",
        "DEU",
        "Unterlüß (Rheinmetall)",
        52.85,
        10.29,
        "Rzeszow",
        "Gepard",
        6,
        ShipmentStatus.RECEIVED,
        -20,
    ),
    Planned(
        "02", "NOR", "Kongsberg", 59.67, 9.65, "Rzeszow", "NASAMS", 2, ShipmentStatus.AT_HUB, 5
    ),
    Planned(
        "03",
        "POL",
        "Gliwice (Bumar-Łabędy)",
        50.29,
        18.67,
        "Logistic Enabling Node",
        "AHS Krab",
        4,
        ShipmentStatus.DISPATCHED,
        3,
    ),
    Planned(
        "04",
        "DEU",
        "Kassel (KNDS)",
        51.31,
        9.50,
        "Rzeszow",
        "PzH 2000",
        3,
        ShipmentStatus.PLANNED,
        40,
    ),
]
# Days from each step the donor side records to the handover: the planned dates, and the actual ones once taken.
DAYS_BEFORE_HANDOVER: dict[str, int] = {
    ShipmentStatus.DISPATCHED: 12,
    ShipmentStatus.AT_HUB: 6,
    ShipmentStatus.HANDED_OVER: 0,
}
ORDER: list[str] = [ShipmentStatus.PLANNED, *DAYS_BEFORE_HANDOVER, ShipmentStatus.RECEIVED]


def _on(step: str, handover: dt.date) -> dt.date:
    return handover - dt.timedelta(days=DAYS_BEFORE_HANDOVER[step])


@dataclass(frozen=True)
class ShipmentsResult:
    created: bool
    shipments: int
    note: str = ""


def _shipment_add(
    actor: Actor,
    row: Planned,
    *,
    donor: Party,
    recipient: Party,
    hub: Hub,
    item: ItemType,
    handover: dt.date,
) -> Shipment:
    return shipment_create(
        actor=actor,
        reference=f"{PREFIX}{row.reference}",
        donor=donor,
        recipient=recipient,
        origin=row.origin,
        origin_lat=row.lat,
        origin_lon=row.lon,
        hub=hub,
        handover_point=_("Handover point, western Ukraine"),
        planned_dispatch=_on(ShipmentStatus.DISPATCHED, handover),
        planned_at_hub=_on(ShipmentStatus.AT_HUB, handover),
        planned_handover=handover,
        lines=[LineInput(item_type=item, quantity=row.quantity)],
        releasability=Releasability.PARTICIPANTS,
        illustrative=True,
        notes=NOTE,
    )


def _advance(
    actor: Actor, shipment: Shipment, *, status: str, handover: dt.date, today: dt.date
) -> Shipment:
    """Record each step up to `status` (handed over at most) on its milestone date."""
    for step in ORDER[1 : ORDER.index(status) + 1]:
        if step not in DAYS_BEFORE_HANDOVER:
            break  # received: Ukraine's planner records it
        shipment = shipment_advance(
            actor=actor,
            shipment=shipment,
            status=step,
            on=_on(step, handover),
            expected_version=shipment.version,
            today=today,
        )
    return shipment


def _receive(planner: Actor, shipment: Shipment, *, on: dt.date, today: dt.date) -> None:
    """Ukraine accepts all units but one, which arrived damaged."""
    line = shipment.lines.get()
    receipt_record(
        actor=planner,
        shipment=shipment,
        received_on=on,
        counts=[
            CountInput(
                line=line,
                accepted=line.quantity - 1,
                discrepancies=[
                    DiscrepancyInput(kind=DiscrepancyKind.DAMAGED, quantity=1, description=NOTE)
                ],
            )
        ],
        expected_version=shipment.version,
        today=today,
    )


def _planner(recipient: Party) -> Actor | None:
    return (
        User.objects.filter(role=Role.RECIPIENT_PLANNER, party=recipient, is_active=True)
        .order_by("pk")
        .first()
    )


def _repair_add(actor: Actor, *, today: dt.date) -> None:
    gepard = ItemType.objects.filter(name="Gepard").first()
    deu = Party.objects.filter(code="DEU").first()
    if gepard is None or deu is None or RepairOrder.objects.filter(reference=REPAIR).exists():
        return
    order = repair_order_create(
        actor=actor,
        reference=REPAIR,
        item_type=gepard,
        quantity=2,
        facility="Maintenance facility (illustrative)",
        facility_party=deu,
        sent_on=today - dt.timedelta(days=30),
        expected_return=today + dt.timedelta(days=60),
        releasability=Releasability.PARTICIPANTS,
        illustrative=True,
        notes=NOTE,
    )
    repair_order_set_status(
        actor=actor, order=order, status=RepairStatus.IN_REPAIR, expected_version=order.version
    )


def demo_shipments_build(*, actor: Actor, today: dt.date | None = None) -> ShipmentsResult:
    """Build the shipments and the repair order once, as the coordinator `actor`."""
    require_role(actor, Role.COORDINATOR, action=_("build the logistics scenario"))
    existing = Shipment.objects.filter(reference__startswith=PREFIX)
    if existing.exists():
        return ShipmentsResult(False, existing.count())
    today = today or timezone.localdate()
    recipient = Party.objects.filter(code="UKR").first()
    hubs = list(Hub.objects.filter(lat__isnull=False))
    if recipient is None or not hubs:
        return ShipmentsResult(False, 0, "(no hubs or no Ukraine imported: skipped)")
    planner = _planner(recipient)
    created = 0
    for row in PLAN:
        donor = Party.objects.filter(code=row.donor).first()
        hub = next((h for h in hubs if h.name.startswith(row.hub_prefix)), None)
        item = ItemType.objects.filter(name=row.item).first()
        if donor is None or hub is None or item is None:
            continue
        handover = today + dt.timedelta(days=row.days)
        shipment = _shipment_add(
            actor, row, donor=donor, recipient=recipient, hub=hub, item=item, handover=handover
        )
        shipment = _advance(actor, shipment, status=row.status, handover=handover, today=today)
        if row.status == ShipmentStatus.RECEIVED and planner is not None:
            _receive(planner, shipment, on=handover + dt.timedelta(days=1), today=today)
        created += 1
    _repair_add(actor, today=today)
    audit_event_record(
        actor=actor,
        action="demo.shipments",
        object_type="logistics.shipment",
        after={"shipments": created, "built_on": today.isoformat()},
    )
    return ShipmentsResult(True, created)
