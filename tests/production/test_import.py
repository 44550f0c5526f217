from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.conf import settings

from nsatu.exchange.context import ImportContext
from nsatu.exchange.production import import_joint_production
from nsatu.exchange.tables_production import table_joint_production
from nsatu.flows.models import Flow
from nsatu.production.models import JointProject, ProjectFunding, ProjectStatus
from nsatu.sources.models import Dataset

FILE = Path(settings.DATA_DIR) / "reference" / "joint_production_projects_sourced.csv"


def _import() -> ImportContext:
    dataset, _new = Dataset.objects.get_or_create(key="joint-production", defaults={"title": "jp"})
    ctx = ImportContext(dataset=dataset, label=FILE.name)
    import_joint_production(ctx, FILE)
    return ctx


def test_every_project_has_a_source_and_gaps_stay_empty(parties):
    _import()
    projects = list(JointProject.objects.all())
    assert len(projects) == 5
    assert all(p.source_url.startswith("https://") for p in projects)
    bohdana = JointProject.objects.get(name__startswith="Bohdana")
    assert bohdana.status == ProjectStatus.CLOSED and bohdana.owner and bohdana.owner.code == "DNK"
    # Nobody published a monthly capacity for any of them: none can feed a plan.
    assert not any(p.capacities.exists() for p in projects)
    assert {
        x.role for x in JointProject.objects.get(name__startswith="Rheinmetall and").partners.all()
    } == {"producer"}


def test_funding_in_eur_becomes_a_flow_linked_to_the_project(parties):
    _import()
    flows = Flow.objects.filter(dataset__key="joint-production").order_by("amount")
    assert [(f.source.code, f.amount_eur) for f in flows] == [
        ("SWE", Decimal("20000000.00")),
        ("NOR", Decimal("43000000.00")),
    ]
    assert ProjectFunding.objects.filter(flow__in=flows).count() == 2


def test_importing_again_changes_nothing(parties):
    _import()
    second = _import()
    assert second.outcome.created == 0 and second.outcome.updated == 0
    assert JointProject.objects.count() == 5 and ProjectFunding.objects.count() == 2


def test_export_lists_each_project_with_its_source_and_why_it_cannot_feed(parties, coordinator):
    _import()
    table = table_joint_production(user=coordinator, options={})
    rows = [dict(zip(table.columns, r, strict=True)) for r in table.rows]
    assert len(rows) == 5
    assert all(r["source_url"] and r["feeds_plan"] == "no" and r["why_not"] for r in rows)
