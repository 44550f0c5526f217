from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.catalogue.models import CapabilityArea, ItemType
from nsatu.core.models import Releasability
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from nsatu.production.models import JointProject, ProjectStatus
from nsatu.production.services import (
    joint_project_create,
    project_capacity_set,
    project_funding_add,
)


@pytest.fixture
def shell(db) -> ItemType:
    return ItemType.objects.create(
        name="155mm test shell",
        capability_area=CapabilityArea.ARTILLERY,
        unit_value_eur=Decimal(4000),
        releasability=Releasability.PUBLIC,
    )


@pytest.fixture
def funds_pledge(parties) -> Pledge:
    return Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        kind=PledgeKind.FUNDS,
        amount=Decimal(1_000_000),
        currency="EUR",
        status=PledgeStatus.COMMITTED,
        owner=parties["DEU"],
        releasability=Releasability.PARTICIPANTS,
    )


@pytest.fixture
def project(coordinator, parties, shell, funds_pledge) -> JointProject:
    p = joint_project_create(
        actor=coordinator,
        name="Shells together",
        lead=parties["DEU"],
        item_type=shell,
        status=ProjectStatus.AGREED,
        source_url="https://example.org/shells",
    )
    project_capacity_set(
        actor=coordinator, project=p, from_month=dt.date(2027, 2, 1), units_per_month=100
    )
    project_funding_add(actor=coordinator, project=p, pledge=funds_pledge)
    return p
