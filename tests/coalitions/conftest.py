"""An air-defence picture for the coalition pages: the IAMD coalition, one item type, a published requirement,
firm German and Norwegian aid and an announced Polish offer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from nsatu.catalogue.models import CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.parties.models import Coalition, CoalitionMember
from nsatu.pledges.models import Pledge, PledgeStatus

DEU_SOURCE = "https://example.org/iamd-leads"
USA_SOURCE = "https://example.org/iamd-members"


@dataclass
class AirPicture:
    coalition: Coalition
    launcher: ItemType
    requirement: Requirement


def _pledge(parties, donor: str, item: ItemType, quantity: int, status: str) -> Pledge:
    pledge = Pledge.objects.create(
        donor=parties[donor],
        recipient=parties["UKR"],
        owner=parties[donor],
        item_type=item,
        quantity=quantity,
        status=status,
        announced_on=timezone.localdate() - dt.timedelta(days=30),
        releasability=Releasability.PARTICIPANTS,
    )
    pledge.tranches.create(
        available_from=timezone.localdate() + dt.timedelta(days=30), quantity=quantity
    )
    return pledge


@pytest.fixture
def air(parties, people) -> AirPicture:
    return build_air(parties)


def build_air(parties) -> AirPicture:
    launcher = ItemType.objects.create(
        name="IRIS-T SLM launcher",
        category="Air defence system",
        standard=Standard.NATO,
        capability_area=CapabilityArea.AIR_DEFENCE,
        releasability=Releasability.PUBLIC,
    )
    requirement = Requirement.objects.create(
        reference="UA-2026-0101",
        title="Medium-range air defence launchers",
        capability_area=CapabilityArea.AIR_DEFENCE,
        item_type=launcher,
        quantity=Decimal(10),
        priority=1,
        status=RequirementStatus.PUBLISHED,
        owner=parties["UKR"],
        releasability=Releasability.PARTICIPANTS,
    )
    _pledge(parties, "DEU", launcher, 4, PledgeStatus.COMMITTED)
    _pledge(parties, "NOR", launcher, 2, PledgeStatus.COMMITTED)
    _pledge(parties, "POL", launcher, 3, PledgeStatus.ANNOUNCED)
    coalition = Coalition.objects.create(
        name="Integrated Air and Missile Defence (IAMD) Capability Coalition",
        capability_area=CapabilityArea.AIR_DEFENCE,
        area_source_url=DEU_SOURCE,
        established="2023-11",
        established_source_url="https://example.org/iamd-launch",
        udcg=True,
        source_url=DEU_SOURCE,
        releasability=Releasability.PUBLIC,
    )
    CoalitionMember.objects.create(
        coalition=coalition, party=parties["DEU"], lead=True, source_url=DEU_SOURCE
    )
    CoalitionMember.objects.create(
        coalition=coalition, party=parties["USA"], lead=False, source_url=USA_SOURCE
    )
    return AirPicture(coalition=coalition, launcher=launcher, requirement=requirement)
