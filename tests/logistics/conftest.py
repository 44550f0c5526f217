"""A small logistics world: two hubs, two item types, Germany's committed pledge against a published requirement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.catalogue.models import CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.logistics.inputs import LineInput
from nsatu.logistics.models import Hub, Shipment, ShipmentStatus
from nsatu.logistics.services import shipment_create
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge, PledgeStatus

TODAY = dt.date(2026, 3, 20)


@pytest.fixture
def hubs(parties) -> dict[str, Hub]:
    return {
        "rzeszow": Hub.objects.create(
            name="Rzeszów-Jasionka",
            country=parties["POL"],
            lat=50.11,
            lon=22.02,
            capacity_t_month=Decimal("100"),
            releasability=Releasability.PUBLIC,
        ),
        "wiesbaden": Hub.objects.create(
            name="Wiesbaden",
            country=parties["DEU"],
            lat=50.08,
            lon=8.24,
            releasability=Releasability.PUBLIC,
        ),
    }


@pytest.fixture
def items(db) -> dict[str, ItemType]:
    return {
        "gepard": ItemType.objects.create(
            name="Gepard",
            capability_area=CapabilityArea.AIR_DEFENCE,
            standard=Standard.NATO,
            unit_mass_t=Decimal("47.5"),
            releasability=Releasability.PUBLIC,
        ),
        "iris": ItemType.objects.create(
            name="IRIS-T SLM",
            capability_area=CapabilityArea.AIR_DEFENCE,
            standard=Standard.NATO,
            unit_mass_t=Decimal("20"),
            releasability=Releasability.PUBLIC,
        ),
    }


@pytest.fixture
def requirement(parties, items) -> Requirement:
    return Requirement.objects.create(
        reference="REQ-AD-1",
        title="Mobile air defence",
        capability_area=CapabilityArea.AIR_DEFENCE,
        item_type=items["gepard"],
        quantity=Decimal(10),
        priority=1,
        status=RequirementStatus.PUBLISHED,
        owner=parties["UKR"],
        releasability=Releasability.PARTICIPANTS,
    )


@pytest.fixture
def pledge_de(parties, items, requirement) -> Pledge:
    return Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        item_type=items["gepard"],
        quantity=6,
        status=PledgeStatus.COMMITTED,
        requirement=requirement,
        owner=parties["DEU"],
        releasability=Releasability.PARTICIPANTS,
    )


def make_shipment(
    actor,
    parties,
    hub,
    lines,
    *,
    status: str = ShipmentStatus.PLANNED,
    releasability: str = Releasability.PARTICIPANTS,
    **extra,
) -> Shipment:
    """A shipment through the service; a narrower releasability, which the service refuses, is set afterwards to
    stand for a record that reached the database another way (the visibility tests must not depend on how)."""
    fields = {
        "origin": "Unterlüß",
        "origin_lat": 52.85,
        "origin_lon": 10.29,
        "handover_point": "Lviv",
        "planned_dispatch": dt.date(2026, 3, 1),
        "planned_at_hub": dt.date(2026, 3, 5),
        "planned_handover": dt.date(2026, 3, 10),
    } | extra
    shipment = shipment_create(
        actor=actor, donor=parties["DEU"], recipient=parties["UKR"], hub=hub, lines=lines, **fields
    )
    if releasability != Releasability.PARTICIPANTS:
        Shipment.objects.filter(pk=shipment.pk).update(releasability=releasability)
        shipment.refresh_from_db()
    return shipment


@pytest.fixture
def shipment_de(liaison_de, parties, hubs, items, pledge_de) -> Shipment:
    return make_shipment(
        liaison_de, parties, hubs["rzeszow"], [LineInput(items["gepard"], 4, pledge_de)]
    )


@pytest.fixture
def handed_over(shipment_de, liaison_de) -> Shipment:
    from nsatu.logistics.services import shipment_advance

    s = shipment_de
    for status, day in (("dispatched", 2), ("at_hub", 6), ("handed_over", 9)):
        s = shipment_advance(
            actor=liaison_de,
            shipment=s,
            status=status,
            on=dt.date(2026, 3, day),
            expected_version=s.version,
            today=TODAY,
        )
    return s
