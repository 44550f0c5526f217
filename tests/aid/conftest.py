"""A small ledger: Norway's Leopard 2A4 reported by Kiel, SIPRI and Oryx and entered by its liaison (owner
only), an owner-only Norwegian pledge no one else sees, Poland's AIM-7 as SIPRI and Oryx name it (a proposed
link), and an illustrative remainder offer of Germany."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from nsatu.catalogue.models import CapabilityArea, ItemType
from nsatu.core.models import Releasability
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from nsatu.sources.models import Dataset


@dataclass
class AidWorld:
    leopard: ItemType
    m777: ItemType
    kiel_leopard: Pledge
    sipri_leopard: Pledge
    oryx_leopard: Pledge
    entered_leopard: Pledge  # Norway's own, owner only
    secret_m777: Pledge  # Norway's own, owner only, alone on its line
    sipri_aim7: Pledge
    oryx_aim7: Pledge
    remainder: Pledge


def _item(name: str, category: str) -> ItemType:
    return ItemType.objects.create(
        name=name,
        category=category,
        capability_area=CapabilityArea.ARMOUR,
        releasability=Releasability.PUBLIC,
    )


def _pledge(parties, donor: str, item: ItemType, dataset: Dataset | None, **kw) -> Pledge:
    fields = {
        "donor": parties[donor],
        "recipient": parties["UKR"],
        "kind": PledgeKind.IN_KIND,
        "item_type": item,
        "owner": parties[donor],
        "releasability": Releasability.PUBLIC,
        "dataset": dataset,
        "status": PledgeStatus.COMMITTED,
    }
    return Pledge.objects.create(**(fields | kw))


@pytest.fixture
def aid_world(parties) -> AidWorld:
    kiel = Dataset.objects.create(key="kiel-weapons", title="Kiel heavy weapons")
    sipri = Dataset.objects.create(key="sipri", title="SIPRI arms transfers")
    oryx = Dataset.objects.create(key="oryx", title="Oryx")
    scenario = Dataset.objects.create(
        key="planning-scenario", title="Illustrative planning scenario", illustrative=True
    )
    leopard = _item("Leopard 2A4", "mbt")
    m777 = _item("M777", "howitzer_towed")
    aim7 = _item("AIM-7M Sparrow", "long-range air-to-air missile")
    aim7_oryx = _item("AIM-7 Beyond-Visual-Range AAM", "Anti-Ship Missiles")
    owner_only = {"releasability": Releasability.OWNER}
    return AidWorld(
        leopard=leopard,
        m777=m777,
        kiel_leopard=_pledge(
            parties, "NOR", leopard, kiel, quantity=8, source_row=7, description="Leopard-2A4"
        ),
        sipri_leopard=_pledge(
            parties,
            "NOR",
            leopard,
            sipri,
            quantity=8,
            delivered_quantity=8,
            status=PledgeStatus.DELIVERED,
            year=2022,
            source_row=137,
            description="Leopard-2A4 (tank)",
        ),
        oryx_leopard=_pledge(
            parties,
            "NOR",
            leopard,
            oryx,
            quantity=8,
            status=PledgeStatus.DELIVERED,
            source_row=36,
            source_url="https://example.org/oryx/leopard.jpg",
            description="Leopard 2A4",
        ),
        entered_leopard=_pledge(
            parties,
            "NOR",
            leopard,
            None,
            quantity=8,
            announced_on=dt.date(2022, 11, 1),
            description="Leopard 2A4 from Norwegian stocks",
            **owner_only,
        ),
        secret_m777=_pledge(
            parties,
            "NOR",
            m777,
            None,
            quantity=6,
            announced_on=dt.date(2026, 10, 1),
            description="M777 for the spring",
            **owner_only,
        ),
        sipri_aim7=_pledge(
            parties,
            "POL",
            aim7,
            sipri,
            quantity=253,
            delivered_quantity=253,
            status=PledgeStatus.DELIVERED,
            year=2023,
            source_row=74,
            description="AIM-7M Sparrow (long-range air-to-air missile)",
        ),
        oryx_aim7=_pledge(
            parties,
            "POL",
            aim7_oryx,
            oryx,
            quantity=287,
            status=PledgeStatus.DELIVERED,
            source_row=232,
            description="AIM-7 Beyond-Visual-Range AAM",
        ),
        remainder=_pledge(
            parties,
            "DEU",
            m777,
            scenario,
            quantity=12,
            releasability=Releasability.PARTICIPANTS,
            description="Open remainder offered to a plan",
        ),
    )
