"""Executing an allocation run: the body of the background task (nsatu.planning.tasks) and of `nsatu plan`.

Not a unit of work like the services: the run's page polls its progress while the solver works, so each
stage commits in its own short transaction and other sessions see it move.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.core.models import Releasability
from nsatu.engine import allocation as engine
from nsatu.engine.allocation.result import InstanceError, Plan, SolveFailed, SolveStats
from nsatu.engine.coverage_old import Coverage, RequirementNeed, coverage_by_area
from nsatu.planning import workflow
from nsatu.planning.instance import BuiltInstance, allocation_instance_build, month_date
from nsatu.planning.models import AllocationRun, PlanLine, RunStatus, Shortfall
from nsatu.planning.selectors import COMMAND_VIEW

logger = logging.getLogger(__name__)


def _progress(run_id: int, percent: int, message: str, **fields: object) -> None:
    with transaction.atomic():
        AllocationRun.objects.filter(pk=run_id).update(
            progress=percent, progress_message=message[:300], **fields
        )


def _fail(run_id: int, message: str, stats: SolveStats | None = None) -> AllocationRun:
    fields: dict[str, object] = {}
    if stats is not None:
        fields = {
            "solver_status": stats.status,
            "build_seconds": stats.build_seconds,
            "solve_seconds": stats.solve_seconds,
            "columns": stats.columns,
            "rows": stats.rows,
            "components": stats.components,
            "mip_gap": stats.mip_gap,
        }
    with transaction.atomic():
        AllocationRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            error_message=message,
            progress_message=_("Failed."),
            finished_at=timezone.now(),
            **fields,
        )
        run = AllocationRun.objects.get(pk=run_id)
        audit_event_record(
            actor=None, action="allocation_run.failed", obj=run, after={"error": message, **fields}
        )
    return run


# Not one unit of work: each stage below commits on its own so that the run's page shows the progress.
def allocation_run_execute(*, run_id: int) -> AllocationRun:
    """The task body: build the instance, solve it and the status-quo baseline, keep the result or the failure."""
    with transaction.atomic():
        run = AllocationRun.objects.select_for_update().get(pk=run_id)
        if not workflow.run_may_start(run.status):
            return run  # already taken by another worker, or a task delivered twice
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.progress = 5
        run.progress_message = _("Reading requirements, pledges, claims and hubs.")
        run.save(
            update_fields=["status", "started_at", "progress", "progress_message", "updated_at"]
        )
    try:
        built = allocation_instance_build(
            user=run.created_by or COMMAND_VIEW, parameters=run.parameters
        )
        summary = built.summary
        if not built.instance.requirements:
            return _fail(
                run_id,
                _(
                    "Nothing to plan: no published requirement names an item type or ammunition "
                    "family that the catalogue can satisfy (and still needs anything)."
                ),
            )
        _progress(
            run_id,
            25,
            _("Solving: %(r)s requirements, %(t)s tranches, %(f)s funds offers.")
            % {"r": summary["requirements"], "t": summary["tranches"], "f": summary["funds"]},
            instance_summary=summary,
        )
        plan = engine.solve(built.instance)
        _progress(
            run_id,
            70,
            _("Computing the status-quo baseline (first come, first served)."),
            solver_status=plan.stats.status,
        )
        base = engine.baseline(built.instance)
        _progress(run_id, 85, _("Saving %(n)s plan lines.") % {"n": len(plan.lines)})
        with transaction.atomic():
            return _persist(run_id, built, plan, base)
    except InstanceError as exc:
        return _fail(
            run_id,
            _("The data do not make a valid instance: %(where)s: %(why)s")
            % {"where": exc.where, "why": exc.message},
        )
    except SolveFailed as exc:
        return _fail(
            run_id,
            _("The solver did not produce a plan (%(status)s): %(why)s")
            % {"status": exc.stats.status, "why": exc.stats.message or "-"},
            exc.stats,
        )
    except Exception as exc:
        logger.exception("allocation run %s failed", run_id)
        _fail(run_id, _("Unexpected error: %(e)s") % {"e": f"{type(exc).__name__}: {exc}"})
        raise


def _served(plan: Plan) -> dict[str, int]:
    served: dict[str, int] = defaultdict(int)
    for line in plan.lines:
        served[line.requirement_id] += line.quantity
    return served


def _coverage_by_area(built: BuiltInstance, plan: Plan, base: Plan) -> dict[str, dict[str, float]]:
    needs = [
        RequirementNeed(i, Decimal(built.total[ref]), r.capability_area)
        for i, (ref, r) in enumerate(sorted(built.requirements.items()))
    ]
    refs = sorted(built.requirements)
    result: dict[str, dict[str, float]] = defaultdict(dict)
    for key, served in (("before", {}), ("baseline", _served(base)), ("plan", _served(plan))):
        coverages = [
            Coverage(
                i,
                Decimal(built.total[ref]),
                Decimal(built.before[ref] + served.get(ref, 0)),
                Decimal(0),
            )
            for i, ref in enumerate(refs)
        ]
        for area in coverage_by_area(needs, coverages):
            result[area.capability_area]["quantity"] = float(area.quantity)
            result[area.capability_area][key] = float(area.firm_capped)
    return dict(result)


def _coverage_by_requirement(
    built: BuiltInstance, plan: Plan, base: Plan
) -> dict[str, dict[str, Any]]:
    served_plan, served_base = _served(plan), _served(base)
    return {
        ref: {
            "title": r.title,
            "area": r.capability_area,
            "priority": r.priority,
            "quantity": built.total[ref],
            "before": built.before[ref],
            "baseline": min(built.before[ref] + served_base.get(ref, 0), built.total[ref]),
            "plan": min(built.before[ref] + served_plan.get(ref, 0), built.total[ref]),
        }
        for ref, r in sorted(built.requirements.items())
    }


def _persist(run_id: int, built: BuiltInstance, plan: Plan, base: Plan) -> AllocationRun:
    run = AllocationRun.objects.select_for_update().get(pk=run_id)
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
    run.plan_weighted_coverage = plan.weighted_coverage
    run.plan_on_time_share = plan.on_time_share
    run.plan_new_types = list(plan.new_types)
    run.baseline_weighted_coverage = base.weighted_coverage
    run.baseline_on_time_share = base.on_time_share
    run.baseline_new_types = list(base.new_types)
    run.coverage_by_area = _coverage_by_area(built, plan, base)
    run.coverage_by_requirement = _coverage_by_requirement(built, plan, base)
    run.instance_summary = built.summary
    run.finished_at = timezone.now()
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
    return run
