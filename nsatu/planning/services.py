"""Writes of the planning app: starting and executing runs, deciding on proposals, claims.

Services never commit, except allocation_run_execute: it is the body of a background task, not part of a
request, and commits each step so that the run's page can show the progress while the solver works.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record, record_create, record_update
from nsatu.core.actors import Actor, Role, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.engine import allocation as engine
from nsatu.engine.allocation.result import InstanceError, Plan, SolveFailed
from nsatu.engine.coverage import Coverage, RequirementNeed, coverage_by_area
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.parties.models import COMMAND_CODE, Party
from nsatu.planning.instance import BuiltInstance, allocation_instance_build, month_date
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, RunStatus, Shortfall
from nsatu.planning.selectors import COMMAND_VIEW, live_claim_q
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.services import pledge_set_status, pledge_update

logger = logging.getLogger(__name__)

# name: (type, default, minimum, maximum); `start` defaults to the month the run is started.
PARAMETERS: dict[str, tuple[type, Any, float, float]] = {
    "horizon": (int, 24, 1, 120),
    "lateness_decay": (float, 0.8, 0.01, 1.0),
    "max_late": (int, 12, 0, 120),
    "new_type_penalty": (float, 0.0, 0.0, 1e6),
    "time_limit_s": (float, 60.0, 1.0, 3600.0),
    "funds_lead_time": (int, 3, 0, 60),
}
CLAIM_DAYS_DEFAULT = 14
CLAIM_DAYS_MAX = 90


def run_parameters_clean(raw: dict[str, Any], *, today: dt.date) -> dict[str, Any]:
    """The run's parameters with defaults filled in; unknown or out-of-range values are refused by name."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(raw) - set(PARAMETERS) - {"start"})
    if unknown:
        errors["__all__"] = [_("Unknown parameters: %(names)s.") % {"names": ", ".join(unknown)}]
    clean: dict[str, Any] = {}
    start = raw.get("start") or f"{today:%Y-%m}"
    try:
        dt.date(int(str(start)[:4]), int(str(start)[5:7]), 1)
        if len(str(start)) != 7 or str(start)[4] != "-":
            raise ValueError(start)
        clean["start"] = str(start)
    except ValueError:
        errors["start"] = [_("%(v)r is not a month written YYYY-MM.") % {"v": start}]
    for name, (kind, default, low, high) in PARAMETERS.items():
        value = raw.get(name, default)
        if value is None or value == "":
            value = default
        try:
            number = kind(value)
            if isinstance(value, bool) or (kind is int and float(value) != number):
                raise ValueError(value)
        except (TypeError, ValueError):
            errors[name] = [_("%(v)r is not a number.") % {"v": value}]
            continue
        if not low <= number <= high:
            errors[name] = [
                _("%(v)s is not between %(low)s and %(high)s.")
                % {"v": number, "low": low, "high": high}
            ]
            continue
        clean[name] = number
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def allocation_run_create(
    *, actor: Actor | None, parameters: dict[str, Any], enqueue: bool = True
) -> AllocationRun:
    """Record a run and put it on the task queue (or not: the console runs it in its own process).

    `actor` None is the system (an operator at the console).
    """
    if actor is not None:
        require_role(actor, Role.COORDINATOR, action=_("start allocation runs"))
    clean = run_parameters_clean(parameters, today=timezone.localdate())
    owner_id = (
        actor.party_id
        if actor is not None and actor.party_id
        else Party.objects.filter(code=COMMAND_CODE).values_list("pk", flat=True).first()
    )
    run = AllocationRun(
        parameters=clean,
        created_by_id=actor.pk if actor is not None else None,
        owner_id=owner_id,
        releasability=Releasability.PARTICIPANTS,
        status=RunStatus.QUEUED,
        progress_message=_("Waiting for a worker to pick the run up."),
    )
    run = record_create(actor=actor, obj=run, action="allocation_run.create")
    if not enqueue:
        return run
    from nsatu.planning.tasks import allocation_run_task

    # On the database queue the task row commits with the run or not at all; no worker sees a run that
    # was rolled back.
    result = allocation_run_task.enqueue(run_id=run.pk)
    AllocationRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    return run


def _progress(run_id: int, percent: int, message: str, **fields: Any) -> None:
    with transaction.atomic():
        AllocationRun.objects.filter(pk=run_id).update(
            progress=percent, progress_message=message[:300], **fields
        )


def _fail(run_id: int, message: str, stats: Any = None) -> AllocationRun:
    fields: dict[str, Any] = {}
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


def allocation_run_execute(*, run_id: int) -> AllocationRun:
    """The task body: build the instance, solve it and the status-quo baseline, keep the result or the failure."""
    with transaction.atomic():
        run = AllocationRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.QUEUED:
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


def _check_line_decider(actor: Actor, line: PlanLine) -> None:
    require_role(actor, Role.DONOR_LIAISON, action=_("accept or decline proposals"))
    if actor.party_id != line.owner_id:
        raise PermissionDenied(
            _("Only a liaison of %(donor)s may decide on this proposal.") % {"donor": line.owner}
        )


def _decide(
    *, actor: Actor, line: PlanLine, expected_version: int | None, state: str, reason: str = ""
) -> PlanLine:
    _check_line_decider(actor, line)
    current = PlanLine.objects.select_for_update().get(pk=line.pk)
    if current.state != LineState.PROPOSED and (
        expected_version is None or current.version == expected_version
    ):
        raise ValidationError(
            _("This proposal was already %(state)s.") % {"state": current.get_state_display()}
        )
    return record_update(
        actor=actor,
        obj=current,
        expected_version=expected_version,
        changes={
            "state": state,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "decline_reason": reason[:500],
        },
        action=f"plan_line.{'accept' if state == LineState.ACCEPTED else 'decline'}",
    )


@transaction.atomic
def plan_line_accept(*, actor: Actor, line: PlanLine, expected_version: int | None) -> PlanLine:
    """The donor takes the proposal: its pledge moves to allocated and, if not yet earmarked, to this need."""
    _check_line_decider(actor, line)
    pledge = Pledge.objects.select_for_update().get(pk=line.pledge_id)
    if pledge.status not in (PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED):
        raise ValidationError(
            _(
                "Pledge %(id)s is %(status)s now; only a committed or allocated pledge can be "
                "allocated to a requirement."
            )
            % {"id": pledge.pk, "status": pledge.get_status_display()}
        )
    if pledge.requirement_id not in (None, line.requirement_id):
        raise ValidationError(
            _("Pledge %(id)s is earmarked for another requirement.") % {"id": pledge.pk}
        )
    accepted = _decide(
        actor=actor, line=line, expected_version=expected_version, state=LineState.ACCEPTED
    )
    if pledge.requirement_id is None:
        pledge = pledge_update(
            actor=actor,
            pledge=pledge,
            expected_version=None,
            changes={"requirement": line.requirement},
        )
    if pledge.status == PledgeStatus.COMMITTED:
        pledge_set_status(actor=actor, pledge=pledge, status=PledgeStatus.ALLOCATED)
    return accepted


@transaction.atomic
def plan_line_decline(
    *, actor: Actor, line: PlanLine, expected_version: int | None, reason: str = ""
) -> PlanLine:
    """The donor refuses the proposal; the next run no longer offers this pledge to this requirement."""
    return _decide(
        actor=actor,
        line=line,
        expected_version=expected_version,
        state=LineState.DECLINED,
        reason=reason,
    )


def _close_expired(*, requirement: Requirement, now: dt.datetime) -> None:
    for claim in Claim.objects.select_for_update().filter(
        requirement=requirement, released_at__isnull=True, expires_at__lte=now
    ):
        claim.released_at = claim.expires_at
        claim.version += 1
        claim.save(update_fields=["released_at", "version", "updated_at"])
        audit_event_record(
            actor=None, action="claim.expire", obj=claim, after={"released_at": claim.expires_at}
        )


@transaction.atomic
def claim_create(
    *,
    actor: Actor,
    requirement: Requirement,
    donor: Party | None = None,
    days: int = CLAIM_DAYS_DEFAULT,
    note: str = "",
) -> Claim:
    """A donor reserves a requirement for `days` days; it is refused while another donor's claim is live."""
    require_role(actor, Role.DONOR_LIAISON, Role.COORDINATOR, action=_("claim requirements"))
    if actor.role == Role.DONOR_LIAISON:
        if donor is not None and donor.pk != actor.party_id:
            raise PermissionDenied(
                _("A liaison of %(own)s may not claim for %(other)s.")
                % {"own": actor.party, "other": donor}
            )
        donor = Party.objects.filter(pk=actor.party_id).first() if actor.party_id else None
    if donor is None:
        raise ValidationError({"donor": [_("Name the donor that claims the requirement.")]})
    if requirement.status != RequirementStatus.PUBLISHED:
        raise ValidationError(
            {
                "requirement": [
                    _("Only a published requirement can be claimed; %(ref)s is %(status)s.")
                    % {"ref": requirement.reference, "status": requirement.get_status_display()}
                ]
            }
        )
    if not 1 <= days <= CLAIM_DAYS_MAX:
        raise ValidationError(
            {"days": [_("A claim lasts 1 to %(max)s days.") % {"max": CLAIM_DAYS_MAX}]}
        )
    now = timezone.now()
    Requirement.objects.select_for_update().filter(
        pk=requirement.pk
    ).first()  # serialises claims on one need
    _close_expired(requirement=requirement, now=now)
    live = (
        Claim.objects.filter(live_claim_q(now), requirement=requirement)
        .select_related("donor")
        .first()
    )
    if live is not None:
        raise ValidationError(
            {
                "requirement": [
                    _("%(ref)s is claimed by %(donor)s until %(until)s.")
                    % {
                        "ref": requirement.reference,
                        "donor": live.donor,
                        "until": f"{live.expires_at:%Y-%m-%d %H:%M} UTC",
                    }
                ]
            }
        )
    claim = Claim(
        donor=donor,
        requirement=requirement,
        claimed_by_id=actor.pk,
        expires_at=now + dt.timedelta(days=days),
        note=note[:500],
        owner=donor,
        releasability=Releasability.PARTICIPANTS,
    )
    return record_create(actor=actor, obj=claim, action="claim.create")


@transaction.atomic
def claim_release(*, actor: Actor, claim: Claim, expected_version: int | None = None) -> Claim:
    require_role(actor, Role.DONOR_LIAISON, Role.COORDINATOR, action=_("release claims"))
    if actor.role == Role.DONOR_LIAISON and actor.party_id != claim.donor_id:
        raise PermissionDenied(
            _("Only a liaison of %(donor)s or the command may release this claim.")
            % {"donor": claim.donor}
        )
    if claim.released_at is not None and (
        expected_version is None or claim.version == expected_version
    ):
        raise ValidationError(
            _("This claim was already released on %(at)s.")
            % {"at": f"{claim.released_at:%Y-%m-%d}"}
        )
    return record_update(
        actor=actor,
        obj=claim,
        expected_version=expected_version,
        changes={"released_at": timezone.now(), "released_by": actor},
        action="claim.release",
    )
