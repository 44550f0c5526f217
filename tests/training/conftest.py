"""A small training world: German and Polish courses, an F-16 pilot course that needs a language course,
a committed F-16 pledge whose first tranche arrives before enough pilots graduate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType
from nsatu.core.models import Releasability
from nsatu.pledges.models import Pledge, PledgeStatus, Tranche
from nsatu.training.models import Cohort, Course
from nsatu.training.services import cohort_create, course_create
from tests.exchange.conftest import data_dir, run_import  # noqa: F401  (the importer fixtures, for test_import.py)

TODAY = dt.date(2026, 1, 5)


@dataclass
class TrainingWorld:
    f16: ItemType
    language: Course
    pilots: Course
    polish_secret: Course
    graduated: Cohort
    pledge: Pledge
    tranche: Tranche


@pytest.fixture
def training(parties, coordinator, liaison_de, liaison_pl) -> TrainingWorld:
    return build_training(parties, liaison_de, liaison_pl)


def build_training(parties, liaison_de, liaison_pl) -> TrainingWorld:
    amraam = AmmunitionFamily.objects.create(name="AIM-120 AMRAAM")
    f16 = ItemType.objects.create(
        name="F-16 (test)",
        category="aircraft",
        capability_area=CapabilityArea.AIR_FORCE,
        releasability=Releasability.PUBLIC,
    )
    f16.ammunition_families.set([amraam])
    language = course_create(
        actor=liaison_de,
        host=parties["DEU"],
        name="English for aviators",
        skill="language",
        duration_weeks=12,
        seats_per_cohort=8,
    )
    pilots = course_create(
        actor=liaison_de,
        host=parties["DEU"],
        name="F-16 conversion",
        skill="pilot",
        item_type=f16,
        per_unit=1,
        duration_weeks=24,
        seats_per_cohort=4,
        prerequisites=[language],
    )
    polish_secret = course_create(
        actor=liaison_pl,
        host=parties["POL"],
        name="Polish owner-only course",
        skill="pilot",
        item_type=f16,
        per_unit=1,
        duration_weeks=4,
        seats_per_cohort=30,
        releasability=Releasability.OWNER,
    )
    cohort_create(
        actor=liaison_pl,
        course=polish_secret,
        start=dt.date(2025, 9, 1),
        seats=30,
        enrolled=30,
        graduated=30,
    )
    graduated = cohort_create(
        actor=liaison_de,
        course=pilots,
        start=dt.date(2025, 6, 16),
        end=dt.date(2025, 12, 1),
        enrolled=3,
        graduated=2,
    )
    pledge = Pledge.objects.create(
        donor=parties["NOR"],
        recipient=parties["UKR"],
        item_type=f16,
        quantity=6,
        status=PledgeStatus.COMMITTED,
        owner=parties["NOR"],
        releasability=Releasability.PARTICIPANTS,
    )
    tranche = Tranche.objects.create(
        pledge=pledge, available_from=dt.date(2026, 5, 1), quantity=6, transit_months=1
    )
    return TrainingWorld(f16, language, pilots, polish_secret, graduated, pledge, tranche)
