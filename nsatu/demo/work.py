"""Hand-offs half done, so that each demo role finds work on its landing page ("My work").

Illustrative, like the rest of the demo's scenario: Ukraine's planner submits one requirement for the command to
validate; Germany hands one shipment over for Ukraine's planner to count; an allocation run is queued, whose
proposals the German liaison accepts or declines once the demo's worker has solved it. Dates are relative to the
day it is built; each piece is built once, so a restart changes nothing users did with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.accounts.models import User
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor, Role, require_role
from nsatu.logistics.inputs import LineInput
from nsatu.logistics.models import Hub, Shipment, ShipmentStatus
from nsatu.logistics.services import shipment_advance, shipment_create
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.services import requirement_create, requirement_transition
from nsatu.parties.models import Party
from nsatu.planning.models import AllocationRun
from nsatu.planning.services import allocation_run_create

REQUIREMENT_TITLE = "Counter-battery radars (illustrative demo request)"
SHIPMENT = "DEMO-SHP-W1"
NOTE = "Illustrative demo scenario: not a real request or movement."
# Days before today of each step of the handed-over shipment.
STEPS = (
    (ShipmentStatus.DISPATCHED, 9),
    (ShipmentStatus.AT_HUB, 4),
    (ShipmentStatus.HANDED_OVER, 1),
)


@dataclass(frozen=True)
class WorkResult:
    requirement: str
    shipment: str
    run: int | None


def _person(role: str, party: str) -> Actor | None:
    return User.objects.filter(role=role, party__code=party, is_active=True).order_by("pk").first()


def _submitted_requirement(planner: Actor, today: dt.date) -> str:
    found = Requirement.objects.filter(title=REQUIREMENT_TITLE).first()
    if found is not None:
        return found.reference
    draft = requirement_create(
        actor=planner,
        title=REQUIREMENT_TITLE,
        capability_area="artillery",
        quantity=Decimal(6),
        unit="systems",
        priority=1,
        description=NOTE,
        needed_by=today + dt.timedelta(days=120),
        illustrative=True,
    )
    requirement_transition(actor=planner, requirement=draft, to_status=RequirementStatus.SUBMITTED)
    return draft.reference


def _handed_over_shipment(actor: Actor, today: dt.date) -> str:
    if Shipment.objects.filter(reference=SHIPMENT).exists():
        return SHIPMENT
    hub = Hub.objects.filter(name__istartswith="Rzeszow").order_by("pk").first()
    item = ItemType.objects.filter(name__istartswith="Gepard").order_by("pk").first()
    if hub is None or item is None:
        return ""
    shipment = shipment_create(
        actor=actor,
        reference=SHIPMENT,
        donor=Party.objects.get(code="DEU"),
        recipient=Party.objects.get(code="UKR"),
        origin="Unterlüß (Rheinmetall)",
        origin_lat=52.85,
        origin_lon=10.29,
        hub=hub,
        handover_point=_("Handover point, western Ukraine"),
        planned_dispatch=today - dt.timedelta(days=9),
        planned_at_hub=today - dt.timedelta(days=4),
        planned_handover=today - dt.timedelta(days=1),
        lines=[LineInput(item_type=item, quantity=4)],
        illustrative=True,
        notes=NOTE,
    )
    for status, days in STEPS:
        shipment = shipment_advance(
            actor=actor,
            shipment=shipment,
            status=status,
            on=today - dt.timedelta(days=days),
            expected_version=shipment.version,
            today=today,
        )
    return SHIPMENT


def demo_work_build(*, actor: Actor, today: dt.date | None = None) -> WorkResult:
    """Called by demo_build after the shipments; the coordinator records, each role does its own part."""
    require_role(actor, Role.COORDINATOR, action=_("build the demo's hand-offs"))
    today = today or timezone.localdate()
    planner = _person(Role.RECIPIENT_PLANNER, "UKR")
    reference = _submitted_requirement(planner, today) if planner is not None else ""
    shipment = _handed_over_shipment(actor, today)
    run = None
    if not AllocationRun.objects.exists():
        run = allocation_run_create(actor=actor, parameters={}).pk
    return WorkResult(requirement=reference, shipment=shipment, run=run)
