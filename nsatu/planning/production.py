"""What an allocation run took from each joint production project: units and EUR bought per month.

A stored result (docs/architecture.md, "Derived results"): rows about a project the reader may not see are
left out, and each row counts only the proposals the reader may see, so a hidden record never moves a figure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from nsatu.core.actors import Reader
from nsatu.core.refs import ref_shown
from nsatu.planning.models import AllocationRun, RunStatus
from nsatu.planning.selectors import plan_line_visible, run_get, run_list
from nsatu.production.models import JointProject
from nsatu.production.selectors import joint_project_list, joint_project_visible


@dataclass(frozen=True)
class MonthTaken:
    month: dt.date
    units: int
    eur: Decimal | None  # None when the item type has no unit value (or is hidden from the reader)


@dataclass(frozen=True)
class ProjectTaken:
    project: JointProject
    months: list[MonthTaken]
    units: int
    eur: Decimal | None


@dataclass(frozen=True)
class RunProduction:
    run: AllocationRun
    projects: list[ProjectTaken]


def _run_projects(run: AllocationRun) -> tuple[dict[str, int], set[int]]:
    summary = run.instance_summary or {}
    offers = {str(k): int(v) for k, v in (summary.get("producers") or {}).items()}
    inputs = summary.get("inputs") or {}
    read = {int(i) for i in inputs.get("projects", [])} if isinstance(inputs, dict) else set()
    return offers, read | set(offers.values())


def run_projects_seen(*, user: Reader, run: AllocationRun) -> bool:
    """Whether `user` may see every project the run read (a condition of its headline figures)."""
    _offers, projects = _run_projects(run)
    return joint_project_visible(user=user).filter(pk__in=projects).count() == len(projects)


def _taken(project: JointProject, units_by_month: dict[dt.date, int]) -> ProjectTaken:
    item = ref_shown(project, "item_type")
    price = getattr(item, "unit_value_eur", None) if item is not None else None
    months = [
        MonthTaken(m, u, Decimal(u) * price if price else None)
        for m, u in sorted(units_by_month.items())
    ]
    total = sum(units_by_month.values())
    return ProjectTaken(project, months, total, Decimal(total) * price if price else None)


def run_production_get(*, user: Reader, pk: int, project: int | None = None) -> RunProduction:
    run = run_get(user=user, pk=pk)
    offers, read = _run_projects(run)
    projects = joint_project_list(user=user).filter(pk__in=read)
    if project is not None:
        projects = projects.filter(pk=project)
    wanted = {p.pk: p for p in projects}
    by_project: dict[int, dict[dt.date, int]] = {pk_: defaultdict(int) for pk_ in wanted}
    lines = plan_line_visible(user=user).filter(
        run=run, source_id__in=[o for o, p in offers.items() if p in wanted]
    )
    for source_id, arrival, quantity in lines.values_list("source_id", "arrival", "quantity"):
        by_project[offers[source_id]][arrival.replace(day=1)] += quantity
    rows = [_taken(wanted[p], by_project[p]) for p in sorted(wanted, key=lambda p: wanted[p].name)]
    return RunProduction(run=run, projects=rows)


def run_latest_done(*, user: Reader) -> AllocationRun | None:
    return run_list(user=user, status=RunStatus.DONE).first()
