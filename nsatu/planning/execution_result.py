"""Writing a solved run: its plan lines, shortfalls, the figures its page and report show, and the audit event
(nsatu.planning.execution commits it in one transaction)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.core.models import Releasability
from nsatu.engine.allocation.figures import RunFigures, run_figures
from nsatu.engine.allocation.result import Plan
from nsatu.planning.execution_lease import LeaseLost, lease_fence
from nsatu.planning.instance import BuiltInstance, month_date
from nsatu.planning.models import AllocationRun, PlanLine, RunStatus, Shortfall
from nsatu.planning.notices import proposals_announce


def _figures_by_area(figures: RunFigures) -> dict[str, dict[str, dict[str, int]]]:
    """{area: {unit kind: {requirements, left_out, needed, before, baseline, plan}}}: never one sum of
    different unit kinds."""
    areas: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for a in figures.areas:
        areas[a.capability_area][a.unit_kind] = {
            "requirements": a.requirements,
            "left_out": a.left_out,
            "needed": a.needed,
            "before": a.before,
            "baseline": a.baseline,
            "plan": a.plan,
        }
    return dict(areas)


def _figures_by_requirement(figures: RunFigures) -> dict[str, dict[str, Any]]:
    return {
        row.need.reference: {
            "title": row.need.title,
            "area": row.need.capability_area,
            "unit_kind": row.need.unit_kind,
            "priority": row.need.priority,
            "quantity": row.need.needed,
            "before": min(row.need.before, row.need.needed),
            "baseline": row.baseline,
            "plan": row.plan,
            "left_out": row.need.left_out,
        }
        for row in figures.requirements
    }


def run_result_write(
    run_id: int, attempt: int, built: BuiltInstance, plan: Plan, base: Plan
) -> AllocationRun:
    """Keep a solved run: its plan lines, shortfalls and figures, inside the caller's transaction; nothing when
    the attempt lost its lease meanwhile."""
    run = AllocationRun.objects.select_for_update().filter(lease_fence(run_id, attempt)).first()
    if run is None:
        raise LeaseLost(run_id)
    PlanLine.objects.bulk_create(
        [
            PlanLine(
                run=run,
                pledge=built.pledges[line.source_id],
                tranche=built.tranches.get(line.source_id),
                requirement=built.requirements[line.requirement_id],
                item_type=built.item_types.get(line.item_type),
                source_kind=line.source_kind,
                source_id=line.source_id,
                quantity=line.quantity,
                arrival=month_date(built.start, line.month),
                month=line.month,
                hub=built.hubs.get(line.hub) if line.hub else None,
                value=line.value,
                reason=line.reason,
                owner=built.pledges[line.source_id].donor,
                releasability=Releasability.COMMAND,
            )
            for line in plan.lines
        ],
        batch_size=500,
    )
    Shortfall.objects.bulk_create(
        [
            Shortfall(
                run=run,
                requirement=built.requirements[s.requirement_id],
                quantity=s.quantity,
                covered=s.covered,
                reasons=[
                    {
                        "code": r.code,
                        "text": r.text,
                        "months": list(r.months),
                        "hubs": list(r.hubs),
                        "requirements": list(r.requirements),
                    }
                    for r in s.reasons
                ],
            )
            for s in plan.shortfalls
            if s.covered < s.quantity
        ],
        batch_size=500,
    )
    stats = plan.stats
    run.status = RunStatus.DONE
    run.progress = 100
    run.progress_message = _("Done.")
    run.solver_status = stats.status
    run.objective = stats.objective if stats.objective is not None else 0.0
    run.mip_gap = stats.mip_gap
    run.build_seconds = stats.build_seconds
    run.solve_seconds = stats.solve_seconds
    run.columns = stats.columns
    run.rows = stats.rows
    run.components = stats.components
    figures = run_figures(built.needs, plan, base)
    run.plan_weighted_coverage = figures.plan_weighted_coverage
    run.plan_on_time_share = plan.on_time_share
    run.plan_new_types = list(plan.new_types)
    run.baseline_weighted_coverage = figures.baseline_weighted_coverage
    run.baseline_on_time_share = base.on_time_share
    run.baseline_new_types = list(base.new_types)
    run.coverage_by_area = _figures_by_area(figures)
    run.coverage_by_requirement = _figures_by_requirement(figures)
    run.instance_summary = built.summary
    run.finished_at = timezone.now()
    run.lease_expires_at = None
    run.save()
    audit_event_record(
        actor=None,
        action="allocation_run.done",
        obj=run,
        after={
            "objective": run.objective,
            "solver_status": run.solver_status,
            "lines": len(plan.lines),
            "shortfalls": len(plan.shortfalls),
            "plan_weighted_coverage": run.plan_weighted_coverage,
            "baseline_weighted_coverage": run.baseline_weighted_coverage,
        },
    )
    proposals_announce(run=run)
    return run
