"""The demo's illustrative planning scenario, built from the real data: the plan beats the status quo on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from nsatu.catalogue.models import ItemType
from nsatu.demo.offers import SCENARIO, planning_scenario_build
from nsatu.exchange.services import demo_import_all
from nsatu.needs.models import Requirement
from nsatu.planning.models import PlanLine
from nsatu.planning.services import allocation_run_create
from nsatu.pledges.models import Pledge, PledgeStatus, Tranche


@pytest.fixture
def demo(db, people):
    demo_import_all(actor=None, data_dir=Path(settings.DATA_DIR))
    return planning_scenario_build(actor=None)


def test_scenario_rule_on_the_real_data(demo, coordinator):
    assert (
        demo.created and demo.pledges == Pledge.objects.filter(dataset__key=SCENARIO).count() > 50
    )
    # Germany's PzH 2000: Kiel counts 44 committed; SIPRI 32 ordered, 14 delivered: 30 are open.
    pzh = Pledge.objects.get(dataset__key=SCENARIO, donor__code="DEU", item_type__name="PzH 2000")
    assert (pzh.quantity, pzh.status, pzh.releasability, pzh.owner.code) == (
        30,
        PledgeStatus.COMMITTED,
        "participants",
        "DEU",
    )
    assert (
        "Illustrative planning scenario" in pzh.notes
        and "Kiel committed 44, SIPRI ordered 32" in pzh.notes
    )
    assert [(t.quantity, t.transit_months) for t in pzh.tranches.all()] == [
        (10, 1),
        (10, 1),
        (10, 1),
    ]
    mig = Pledge.objects.get(dataset__key=SCENARIO, donor__code="POL", item_type__name="MiG-29")
    assert mig.quantity == 14 and {t.transit_months for t in mig.tranches.all()} == {
        0
    }  # a neighbour
    leopard = ItemType.objects.get(name="Leopard 2A4")
    assert set(leopard.substitutes.values_list("name", flat=True)) == {"Leopard 2A6", "M1A1 Abrams"}
    tanks = Requirement.objects.get(reference="UA-SR-06")
    assert tanks.item_type == leopard and tanks.illustrative
    again = planning_scenario_build(actor=None)
    assert not again.created and again.pledges == demo.pledges and again.substitute_pairs == 0
    assert Tranche.objects.filter(pledge__dataset__key=SCENARIO).count() == demo.tranches


def test_the_plan_beats_the_status_quo_on_the_demo(demo, coordinator):
    run = allocation_run_create(
        actor=coordinator, parameters={}
    )  # month 0 = this month, as the scenario
    run.refresh_from_db()
    assert run.status == "done", run.error_message
    print(
        f"\ndemo run: {run.instance_summary['requirements']} requirements, {run.instance_summary['tranches']} "
        f"tranches; priority-weighted coverage plan {run.plan_weighted_coverage:.4f} vs status quo "
        f"{run.baseline_weighted_coverage:.4f}; on time plan {run.plan_on_time_share:.4f} vs "
        f"{run.baseline_on_time_share:.4f}; new types plan {run.plan_new_types} vs {run.baseline_new_types}; "
        f"objective {run.objective:.2f}, {run.solver_status}, {run.solve_seconds:.3f} s"
    )
    assert run.solver_status == "optimal"
    assert run.plan_weighted_coverage > run.baseline_weighted_coverage
    # The F-16s go to the most pressing F-16 requirement, not to the oldest statement.
    f16 = PlanLine.objects.filter(run=run, item_type__name="F-16 (AM/BM, C/D)")
    assert {line.requirement.reference for line in f16} == {"UA-SR-19"}
    assert PlanLine.objects.filter(run=run, owner__code="DEU").exists()
    assert PlanLine.objects.filter(run=run, owner__code="POL").exists()
