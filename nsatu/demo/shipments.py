"""The demo's illustrative shipments and repair order: not real movements.

Built once over the imported hubs and reference item types, with dates relative to the day it is built, so the
board shows every status, one late shipment and a partial receipt with a discrepancy. Lines carry the unit mass
the catalogue states (the reference table states none, so the demo's tonnes stay unknown rather than invented).
Shipments are owned by their donor and released to all participants; the receipt was recorded by Ukraine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.accounts.models import User
from nsatu.audit.services import audit_event_record
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Role, require_role
from nsatu.core.models import Releasability
from nsatu.logistics.models import (
    Discrepancy,
    DiscrepancyKind,
    Hub,
    Receipt,
    RepairOrder,
    RepairStatus,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from nsatu.parties.models import Party

PREFIX = "DEMO-SHP-"
NOTE = "Illustrative demo scenario: not a real movement."

# (reference, donor, origin, lat, lon, hub name starts with, item, quantity, status, days from today to handover)
PLAN = [
    (
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
    ("02", "NOR", "Kongsberg", 59.67, 9.65, "Rzeszow", "NASAMS", 2, ShipmentStatus.AT_HUB, 5),
    (
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
    (
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


@dataclass(frozen=True)
class LogisticsScenarioResult:
    created: bool
    shipments: int
    note: str = ""


def _milestones(status: str, handover: dt.date) -> dict[str, Any]:
    planned = {
        "planned_dispatch": handover - dt.timedelta(days=12),
        "planned_at_hub": handover - dt.timedelta(days=6),
        "planned_handover": handover,
    }
    actual: dict[str, Any] = {}
    order = [
        ShipmentStatus.DISPATCHED,
        ShipmentStatus.AT_HUB,
        ShipmentStatus.HANDED_OVER,
        ShipmentStatus.RECEIVED,
    ]
    fields = ["dispatched_on", "at_hub_on", "handed_over_on", "received_on"]
    plan_dates = [
        planned["planned_dispatch"],
        planned["planned_at_hub"],
        handover,
        handover + dt.timedelta(days=1),
    ]
    if status in order:
        for step, name, day in zip(order, fields, plan_dates, strict=True):
            actual[name] = day
            if step == status:
                break
    return planned | actual


def logistics_scenario_build(
    *, actor: Any, today: dt.date | None = None
) -> LogisticsScenarioResult:
    """Build once; `actor` None is the system, as for the imports it follows."""
    if actor is not None:
        require_role(actor, Role.COORDINATOR, action=_("build the logistics scenario"))
    existing = Shipment.objects.filter(reference__startswith=PREFIX)
    if existing.exists():
        return LogisticsScenarioResult(False, existing.count())
    today = today or timezone.localdate()
    recipient = Party.objects.filter(code="UKR").first()
    hubs = list(Hub.objects.filter(lat__isnull=False))
    if recipient is None or not hubs:
        return LogisticsScenarioResult(False, 0, "(no hubs or no Ukraine imported: skipped)")
    planner = None
    created = 0
    for ref, donor_code, origin, lat, lon, hub_prefix, item_name, quantity, status, days in PLAN:
        donor = Party.objects.filter(code=donor_code).first()
        hub = next((h for h in hubs if h.name.startswith(hub_prefix)), None)
        item = ItemType.objects.filter(name=item_name).first()
        if donor is None or hub is None or item is None:
            continue
        shipment = Shipment.objects.create(
            reference=f"{PREFIX}{ref}",
            donor=donor,
            recipient=recipient,
            origin=origin,
            origin_lat=lat,
            origin_lon=lon,
            hub=hub,
            handover_point=_("Handover point, western Ukraine"),
            status=status,
            owner=donor,
            releasability=Releasability.PARTICIPANTS,
            illustrative=True,
            notes=NOTE,
            **_milestones(status, today + dt.timedelta(days=days)),
        )
        line = ShipmentLine.objects.create(
            shipment=shipment, item_type=item, quantity=quantity, unit_mass_t=item.unit_mass_t
        )
        if status == ShipmentStatus.RECEIVED:
            planner = (
                planner or User.objects.filter(role=Role.RECIPIENT_PLANNER, party=recipient).first()
            )
            if planner is not None:
                Receipt.objects.create(
                    line=line,
                    received_on=shipment.received_on or today,
                    quantity=quantity - 1,
                    recorded_by=planner,
                )
                Discrepancy.objects.create(
                    line=line,
                    kind=DiscrepancyKind.DAMAGED,
                    quantity=1,
                    recorded_by=planner,
                    description=NOTE,
                )
        created += 1
    gepard = ItemType.objects.filter(name="Gepard").first()
    deu = Party.objects.filter(code="DEU").first()
    if gepard is not None and deu is not None:
        RepairOrder.objects.get_or_create(
            reference="DEMO-REP-01",
            defaults={
                "item_type": gepard,
                "quantity": 2,
                "facility": "Maintenance facility (illustrative)",
                "facility_party": deu,
                "status": RepairStatus.IN_REPAIR,
                "sent_on": today - dt.timedelta(days=30),
                "expected_return": today + dt.timedelta(days=60),
                "owner": deu,
                "illustrative": True,
                "releasability": Releasability.PARTICIPANTS,
                "notes": NOTE,
            },
        )
    audit_event_record(
        actor=actor,
        action="logistics.scenario",
        object_type="logistics.shipment",
        after={"shipments": created, "built_on": today.isoformat()},
    )
    return LogisticsScenarioResult(True, created)
