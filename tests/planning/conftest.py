"""A small planning world: tanks wanted twice (an old, less pressing need first), shells, fighters; offers from
Germany (tanks, in two tranches), Poland (shells) and Norway (fighters), plus offers a run must ignore."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.planning.models import AllocationRun
from nsatu.planning.services import allocation_run_create
from nsatu.pledges.models import Pledge, PledgeStatus, Tranche
from nsatu.sources.models import Dataset

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
START = "2026-01"


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Runs execute inside allocation_run_create; tests/planning/test_tasks.py uses the database queue."""
    settings.TASKS = IMMEDIATE


@dataclass
class PlanWorld:
    leopard: ItemType
    abrams: ItemType
    f16: ItemType
    shell: ItemType
    tanks_old: Requirement
    tanks_urgent: Requirement
    shells: Requirement
    fighters: Requirement
    draft: Requirement
    german_tanks: Pledge
    german_secret: Pledge
    polish_shells: Pledge
    norwegian_f16: Pledge
    us_announced: Pledge
    sipri_open: Pledge


def _item(name: str, area: str, **kw) -> ItemType:
    return ItemType.objects.create(
        name=name,
        capability_area=area,
        standard=Standard.NATO,
        releasability=Releasability.PUBLIC,
        **kw,
    )


def build_plan_world(parties) -> PlanWorld:
    nato120 = AmmunitionFamily.objects.create(name="120mm smoothbore NATO", standard=Standard.NATO)
    nato155 = AmmunitionFamily.objects.create(name="155mm NATO", standard=Standard.NATO)
    leopard = _item(
        "Leopard 2A4", CapabilityArea.ARMOUR, category="mbt", unit_mass_t=Decimal("55.2")
    )
    abrams = _item("M1A1 Abrams", CapabilityArea.ARMOUR, category="mbt", unit_mass_t=Decimal("57"))
    leopard.ammunition_families.add(nato120)
    abrams.ammunition_families.add(nato120)
    leopard.substitutes.add(abrams)
    f16 = _item("F-16 (AM/BM, C/D)", CapabilityArea.AIR_FORCE, category="aircraft")
    shell = _item(
        "155mm HE shell",
        CapabilityArea.ARTILLERY,
        category="ammunition",
        provides_family=nato155,
        unit_mass_t=Decimal("0.047"),
    )
    ukr = parties["UKR"]

    def requirement(
        ref: str, title: str, area: str, quantity: int, priority: int, **kw
    ) -> Requirement:
        defaults = {
            "status": RequirementStatus.PUBLISHED,
            "releasability": Releasability.PARTICIPANTS,
        }
        return Requirement.objects.create(
            reference=ref,
            title=title,
            capability_area=area,
            quantity=Decimal(quantity),
            priority=priority,
            owner=ukr,
            needed_by=dt.date(2026, 3, 31),
            **(defaults | kw),
        )

    # Created in this order: the status quo fills the older, less pressing tank requirement first.
    tanks_old = requirement(
        "UA-T-01",
        "Main battle tanks (2024 statement)",
        CapabilityArea.ARMOUR,
        20,
        3,
        item_type=leopard,
    )
    tanks_urgent = requirement(
        "UA-T-02",
        "Main battle tanks for the eastern front",
        CapabilityArea.ARMOUR,
        10,
        1,
        item_type=leopard,
    )
    shells = requirement(
        "UA-A-01",
        "155mm shells",
        CapabilityArea.ARTILLERY,
        1000,
        2,
        ammunition_family=nato155,
        unit_kind="rounds",
    )
    fighters = requirement(
        "UA-F-01", "F-16 fighters", CapabilityArea.AIR_FORCE, 4, 2, item_type=f16
    )
    draft = requirement(
        "UA-D-01",
        "Draft need",
        CapabilityArea.ARMOUR,
        5,
        1,
        item_type=leopard,
        status=RequirementStatus.DRAFT,
        releasability=Releasability.OWNER,
    )

    def pledge(donor: str, item: ItemType, quantity: int, **kw) -> Pledge:
        party = parties[donor]
        defaults = {
            "status": PledgeStatus.COMMITTED,
            "releasability": Releasability.PARTICIPANTS,
            "announced_on": dt.date(2025, 6, 1),
        }
        return Pledge.objects.create(
            donor=party,
            owner=party,
            recipient=ukr,
            item_type=item,
            quantity=quantity,
            **(defaults | kw),
        )

    german_tanks = pledge("DEU", leopard, 8, description="Leopard 2A4 from industry stocks")
    Tranche.objects.create(
        pledge=german_tanks, available_from=dt.date(2026, 1, 1), quantity=5, transit_months=1
    )
    Tranche.objects.create(
        pledge=german_tanks, available_from=dt.date(2026, 3, 1), quantity=3, transit_months=1
    )
    german_secret = pledge(
        "DEU", abrams, 5, releasability=Releasability.OWNER, description="not for the command"
    )
    polish_shells = pledge("POL", shell, 600, announced_on=dt.date(2025, 2, 1))
    norwegian_f16 = pledge("NOR", f16, 2, announced_on=dt.date(2025, 9, 1))
    us_announced = pledge("USA", abrams, 10, status=PledgeStatus.ANNOUNCED)
    sipri = Dataset.objects.create(key="sipri", title="SIPRI trade register")
    sipri_open = pledge(
        "USA", abrams, 31, dataset=sipri, releasability=Releasability.PUBLIC, source_row=7
    )
    return PlanWorld(
        leopard,
        abrams,
        f16,
        shell,
        tanks_old,
        tanks_urgent,
        shells,
        fighters,
        draft,
        german_tanks,
        german_secret,
        polish_shells,
        norwegian_f16,
        us_announced,
        sipri_open,
    )


@pytest.fixture
def plan_world(parties, people) -> PlanWorld:
    return build_plan_world(parties)


def start_run(actor, **parameters) -> AllocationRun:
    run = allocation_run_create(actor=actor, parameters={"start": START, **parameters})
    run.refresh_from_db()
    return run


@pytest.fixture
def done_run(plan_world, coordinator) -> AllocationRun:
    run = start_run(coordinator)
    assert run.status == "done", run.error_message
    return run
