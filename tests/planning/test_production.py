"""A joint production project changes an allocation run on the demo database (issue #15, what it must show 3).

The figures (weighted coverage of the project item type's requirements, with and without the project) are
printed with -s; see the report of this change.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from nsatu.accounts.models import User
from nsatu.core.models import Releasability
from nsatu.demo import production
from nsatu.demo.people import DEMO_COORDINATOR
from nsatu.demo.services import demo_build
from nsatu.engine.allocation import Instance, Plan, solve
from nsatu.engine.allocation.instance import priority_weight
from nsatu.planning.instance import allocation_instance_build
from nsatu.planning.models import RunStatus
from nsatu.planning.production import run_production_get, run_projects_seen
from nsatu.planning.services import allocation_run_create
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus
from nsatu.production.models import JointProject, ProjectStatus
from nsatu.production.services import (
    joint_project_create,
    project_capacity_set,
    project_funding_add,
)
from tests.planning.conftest import start_run

PARAMS = {"horizon": 24}


def _weighted(inst: Instance, plan: Plan, item_type: str) -> float:
    """Priority-weighted covered share of the open need of the requirements `item_type` can serve (§8)."""
    covered: dict[str, int] = {}
    for line in plan.lines:
        covered[line.requirement_id] = covered.get(line.requirement_id, 0) + line.quantity
    reqs = [r for r in inst.requirements if item_type in r.satisfied_by]
    assert reqs, f"no requirement of the run can use {item_type}"
    weight = sum(priority_weight(r.priority) for r in reqs)
    return (
        sum(
            priority_weight(r.priority) * min(covered.get(r.id, 0), r.quantity) / r.quantity
            for r in reqs
        )
        / weight
    )


@pytest.fixture
def demo(db, tmp_path) -> tuple[User, JointProject]:
    built = demo_build(data_dir=Path(settings.DATA_DIR), var_dir=tmp_path)
    coordinator = User.objects.get(username=DEMO_COORDINATOR)
    assert built.production.created and built.production.projects == 1
    # Built once: a second call finds the project and changes nothing.
    assert not production.demo_production_build(actor=coordinator).created
    return coordinator, JointProject.objects.get(dataset__key=production.DATASET)


def test_the_project_makes_the_plan_cover_more_of_its_item_type(demo):
    coordinator, project = demo
    assert project.item_type is not None
    shell = project.item_type.name
    with_built = allocation_instance_build(user=coordinator, parameters=PARAMS)
    inst = with_built.instance
    producer = f"project-{project.pk}"
    assert [c.per_month for c in inst.capacities if c.producer == producer] == [0, 20_000, 30_000]
    project_funds = [f for f in inst.funds if f.producer == producer]
    assert len(project_funds) == 1 and project_funds[0].item_types == (shell,)
    with_plan = solve(inst)
    bought = [line for line in with_plan.lines if line.source_id == project_funds[0].id]
    assert bought
    per_month: dict[int, int] = {}
    for line in bought:
        per_month[line.month] = per_month.get(line.month, 0) + line.quantity
    assert all(units <= (20_000 if m < 7 else 30_000) for m, units in per_month.items())
    assert 0 not in per_month  # nothing before the schedule's first month

    JointProject.objects.filter(pk=project.pk).update(status=ProjectStatus.PROPOSED)
    without_built = allocation_instance_build(user=coordinator, parameters=PARAMS)
    without_inst = without_built.instance
    assert not without_inst.capacities and not any(f.producer for f in without_inst.funds)
    left_out = without_built.summary["left_out"]["project_not_feeding"]
    assert [e["kind"] for e in left_out] == ["pledge"]
    without_plan = solve(without_inst)

    with_share = _weighted(inst, with_plan, shell)
    without_share = _weighted(without_inst, without_plan, shell)
    print(
        f"\n{shell}: weighted coverage with the project {with_share:.4f}, without {without_share:.4f};"
        f" units bought from it {sum(per_month.values())}; run-wide {with_plan.weighted_coverage:.4f}"
        f" vs {without_plan.weighted_coverage:.4f}"
    )
    assert with_share > without_share


def test_the_run_page_shows_what_the_plan_took_and_hides_figures_from_others(demo):
    coordinator, project = demo
    run = allocation_run_create(actor=coordinator, parameters=PARAMS)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.message
    assert run.instance_summary["inputs"]["projects"] == [project.pk]
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("planning:run_production", args=[run.pk]))
    assert page.status_code == 200
    taken = page.context["p"].projects
    assert [t.project.pk for t in taken] == [project.pk] and taken[0].units > 0
    assert taken[0].eur is not None and taken[0].eur > 0
    latest = client.get(reverse("planning:production_latest") + f"?project={project.pk}")
    assert latest.status_code == 302 and latest["Location"].endswith(f"?project={project.pk}")
    detail = client.get(reverse("production:detail", args=[project.pk]))
    assert detail.status_code == 200 and b"feeds-plan" in detail.content
    assert b"badge-illustrative" in detail.content


def test_a_project_hidden_from_a_reader_is_not_shown_to_him(
    plan_world, coordinator, liaison_pl, parties
):
    shell = plan_world.shell
    shell.unit_value_eur = Decimal(1000)
    shell.save()
    pledge = Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        kind=PledgeKind.FUNDS,
        amount=Decimal(1_000_000),
        currency="EUR",
        status=PledgeStatus.COMMITTED,
        owner=parties["DEU"],
        releasability=Releasability.COMMAND,
    )
    project = joint_project_create(
        actor=coordinator,
        name="Command-only shells",
        lead=parties["DEU"],
        item_type=shell,
        status=ProjectStatus.PRODUCING,
        releasability=Releasability.COMMAND,
    )
    project_capacity_set(
        actor=coordinator, project=project, from_month=dt.date(2026, 1, 1), units_per_month=100
    )
    project_funding_add(actor=coordinator, project=project, pledge=pledge)
    run = start_run(coordinator)
    assert run.status == RunStatus.DONE, run.error_message
    assert run.instance_summary["inputs"]["projects"] == [project.pk]
    mine = run_production_get(user=coordinator, pk=run.pk).projects
    assert len(mine) == 1 and mine[0].units > 0 and all(m.units <= 100 for m in mine[0].months)
    assert run_projects_seen(user=coordinator, run=run)
    assert not run_projects_seen(user=liaison_pl, run=run)
    assert run_production_get(user=liaison_pl, pk=run.pk).projects == []
