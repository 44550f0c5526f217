"""A small, demo-like picture of need and aid: tanks, howitzers and 155 mm shells, with earmarks, a
shipment on the way, a receipt, a repair, aid arriving too late and a pledge only its donor may read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.logistics.models import (
    Hub,
    Receipt,
    RepairOrder,
    RepairStatus,
    Shipment,
    ShipmentLine,
    ShipmentStatus,
)
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge, PledgeStatus, Tranche

AS_OF = dt.date(2026, 12, 7)


@dataclass
class Picture:
    leopard: ItemType
    leopard_old: ItemType
    m777: ItemType
    shell: ItemType
    trial: ItemType
    tanks: Requirement
    shells: Requirement
    howitzers: Requirement
    draft: Requirement
    secret: Requirement
    pledges: dict[str, Pledge]


def _item(name: str, area: str, **kw: object) -> ItemType:
    fields: dict[str, object] = {
        "capability_area": area,
        "standard": Standard.NATO,
        "releasability": Releasability.PUBLIC,
    }
    return ItemType.objects.create(name=name, **(fields | kw))


def _requirement(ref: str, title: str, parties, **kw: object) -> Requirement:
    fields: dict[str, object] = {
        "status": RequirementStatus.PUBLISHED,
        "owner": parties["UKR"],
        "releasability": Releasability.PARTICIPANTS,
        "priority": 2,
    }
    return Requirement.objects.create(reference=ref, title=title, **(fields | kw))


def build_picture(parties, people) -> Picture:
    nato155 = AmmunitionFamily.objects.create(name="155mm NATO")
    leopard = _item("Leopard 2A4", CapabilityArea.ARMOUR, category="tank")
    leopard_old = _item("Leopard 1A5", CapabilityArea.ARMOUR, category="tank")
    leopard.substitutes.add(leopard_old)
    m777 = _item("M777", CapabilityArea.ARTILLERY, category="howitzer_towed")
    shell = _item("155mm artillery shell", CapabilityArea.ARTILLERY, provides_family=nato155)
    trial = _item(
        "Bundeswehr trial howitzer",
        CapabilityArea.ARTILLERY,
        owner=parties["DEU"],
        releasability=Releasability.OWNER,
    )
    m777.substitutes.add(trial)

    tanks = _requirement(
        "UA-ARM-001",
        "Main battle tanks",
        parties,
        capability_area=CapabilityArea.ARMOUR,
        item_type=leopard,
        quantity=Decimal(50),
        unit="tanks",
        priority=1,
        needed_by=dt.date(2027, 6, 30),
    )
    shells = _requirement(
        "UA-ART-002",
        "155 mm shells",
        parties,
        capability_area=CapabilityArea.ARTILLERY,
        ammunition_family=nato155,
        quantity=Decimal(10000),
        unit="rounds",
        unit_kind="rounds",
        period="month",
        priority=1,
        needed_by=dt.date(2027, 6, 7),  # six months from AS_OF: 60,000 rounds
    )
    howitzers = _requirement(
        "UA-ART-003",
        "Towed howitzers",
        parties,
        capability_area=CapabilityArea.ARTILLERY,
        item_type=m777,
        quantity=Decimal(20),
        unit="howitzers",
    )
    draft = _requirement(
        "UA-ARM-004",
        "More tanks (draft)",
        parties,
        status=RequirementStatus.DRAFT,
        capability_area=CapabilityArea.ARMOUR,
        item_type=leopard,
        quantity=Decimal(30),
    )
    secret = _requirement(
        "UA-ARM-005",
        "Tanks for a reserve brigade",
        parties,
        capability_area=CapabilityArea.ARMOUR,
        item_type=leopard,
        quantity=Decimal(10),
        priority=5,
        releasability=Releasability.OWNER,
    )

    def pledge(key: str, donor: str, item: ItemType, quantity: int, **kw: object) -> Pledge:
        fields: dict[str, object] = {
            "status": PledgeStatus.COMMITTED,
            "releasability": Releasability.PARTICIPANTS,
            "description": f"{item.name} from {donor}",
        }
        return Pledge.objects.create(
            donor=parties[donor],
            owner=parties[donor],
            recipient=parties["UKR"],
            item_type=item,
            quantity=quantity,
            **(fields | kw),
        )

    pledges = {
        "no_tanks": pledge("no_tanks", "NOR", leopard, 8, requirement=tanks),
        "pl_tanks": pledge("pl_tanks", "POL", leopard, 14),
        "de_shells": pledge("de_shells", "DEU", shell, 30000),
        "de_secret": pledge(
            "de_secret", "DEU", m777, 4, releasability=Releasability.OWNER, description="M777 (DE)"
        ),
        "us_m777": pledge("us_m777", "USA", m777, 10, status=PledgeStatus.ANNOUNCED),
        "no_late": pledge("no_late", "NOR", leopard_old, 5),
    }
    Tranche.objects.create(
        pledge=pledges["no_late"], available_from=dt.date(2029, 3, 1), quantity=5, transit_months=1
    )
    hub = Hub.objects.create(
        name="Rzeszów", country=parties["POL"], releasability=Releasability.PARTICIPANTS
    )

    def shipment(ref: str, donor: str, status: str, lines: list[tuple[Pledge, int]]) -> Shipment:
        s = Shipment.objects.create(
            reference=ref,
            donor=parties[donor],
            owner=parties[donor],
            recipient=parties["UKR"],
            origin="depot",
            hub=hub,
            handover_point="Lviv",
            status=status,
            planned_dispatch=dt.date(2026, 10, 1),
            planned_at_hub=dt.date(2026, 10, 5),
            planned_handover=dt.date(2026, 10, 10),
            releasability=Releasability.PARTICIPANTS,
        )
        for p, quantity in lines:
            assert p.item_type is not None
            ShipmentLine.objects.create(
                shipment=s, item_type=p.item_type, quantity=quantity, pledge=p
            )
        return s

    received = shipment("SHP-PL-1", "POL", ShipmentStatus.RECEIVED, [(pledges["pl_tanks"], 6)])
    Receipt.objects.create(
        line=received.lines.get(),
        received_on=dt.date(2026, 10, 12),
        quantity=6,
        recorded_by=people["planner.ua.kovalenko"],
    )
    shipment("SHP-DE-1", "DEU", ShipmentStatus.DISPATCHED, [(pledges["de_shells"], 10000)])
    RepairOrder.objects.create(
        reference="REP-1",
        item_type=leopard,
        quantity=2,
        facility="Rheinmetall, Unterlüß",
        facility_party=parties["DEU"],
        status=RepairStatus.IN_REPAIR,
        sent_on=dt.date(2026, 11, 1),
        expected_return=dt.date(2027, 2, 1),
        owner=parties["DEU"],
        releasability=Releasability.PARTICIPANTS,
    )
    return Picture(
        leopard=leopard,
        leopard_old=leopard_old,
        m777=m777,
        shell=shell,
        trial=trial,
        tanks=tanks,
        shells=shells,
        howitzers=howitzers,
        draft=draft,
        secret=secret,
        pledges=pledges,
    )


@pytest.fixture
def picture(parties, people) -> Picture:
    return build_picture(parties, people)
