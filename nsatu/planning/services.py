"""Writes of the planning app: starting runs, deciding on proposals, claims. Each is one unit of work.

Executing a run is not here: it commits stage by stage (nsatu.planning.execution).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record, record_create, record_update
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.notifications.models import NoticeKind
from nsatu.notifications.services import notice_emit
from nsatu.parties.models import COMMAND_CODE, Party
from nsatu.planning import lease, rules, workflow
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, RunStatus
from nsatu.planning.parameters import CLAIM_DAYS_DEFAULT, CLAIM_DAYS_MAX, run_parameters_clean
from nsatu.planning.selectors import claim_get, live_claim_q, plan_line_get, run_get
from nsatu.planning.tasks import allocation_run_enqueue
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.services import pledge_set_status, pledge_update


@transaction.atomic
def allocation_run_create(
    *, actor: Actor | None, parameters: dict[str, Any], enqueue: bool = True
) -> AllocationRun:
    """Record a run and put it on the task queue (or not: the console runs it in its own process).

    `actor` None is the system (an operator at the console). The run is returned as it stands after the
    enqueue: a queue that runs tasks at once has already finished it.
    """
    if actor is not None:
        require_role(actor, *rules.RUN_STARTERS, action=_("start allocation runs"))
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
    if not enqueue:
        # The console executes the run itself: it holds the lease from the start, so a console killed
        # before it began leaves a run the reaper fails, not one queued forever for no worker.
        run.worker = lease.worker_name()
        run.lease_expires_at = lease.lease_until()
        run.progress_message = _("Waiting for the console that started it.")
    run = record_create(actor=actor, obj=run, action="allocation_run.create")
    if not enqueue:
        return run
    return _enqueue(run)


def _enqueue(run: AllocationRun) -> AllocationRun:
    # On the database queue the task row commits with the run or not at all; no worker sees a run that
    # was rolled back.
    task_id = allocation_run_enqueue(run_id=run.pk)
    AllocationRun.objects.filter(pk=run.pk).update(task_id=task_id[:64])
    run.refresh_from_db()
    return run


def _not_stale(run: AllocationRun, expected_version: int | None) -> bool:
    """A refused move on a run the caller saw in an older version is a conflict (409, with what changed),
    answered by record_update; only a current caller is told the move is not allowed."""
    return expected_version is None or run.version == expected_version


def _run_locked(actor: Actor, run_id: int) -> AllocationRun:
    """The run as it stands now, locked: a worker finishing it meanwhile is seen, not overwritten."""
    visible = run_get(user=actor, pk=run_id)
    return AllocationRun.objects.select_for_update().get(pk=visible.pk)


@transaction.atomic
def allocation_run_cancel(
    *, actor: Actor, run_id: int, expected_version: int | None = None
) -> AllocationRun:
    """Stop a queued or running run: a worker that has it stops at its next stage and writes nothing more."""
    require_role(actor, *rules.RUN_STARTERS, action=_("cancel allocation runs"))
    run = _run_locked(actor, run_id)
    if not workflow.run_may_cancel(run.status) and _not_stale(run, expected_version):
        raise ValidationError(
            _("Run %(id)s is %(status)s; only a queued or running run can be cancelled.")
            % {"id": run.pk, "status": run.get_status_display().lower()}
        )
    return record_update(
        actor=actor,
        obj=run,
        expected_version=expected_version,
        changes={
            "status": RunStatus.CANCELLED,
            "progress_message": _("Cancelled by %(who)s.") % {"who": actor.username},
            "finished_at": timezone.now(),
            "lease_expires_at": None,
        },
        action="allocation_run.cancel",
    )


@transaction.atomic
def allocation_run_retry(
    *, actor: Actor, run_id: int, expected_version: int | None = None
) -> AllocationRun:
    """Queue a failed or cancelled run again, with the same parameters, for a background worker."""
    require_role(actor, *rules.RUN_STARTERS, action=_("retry allocation runs"))
    run = _run_locked(actor, run_id)
    if not workflow.run_may_retry(run.status) and _not_stale(run, expected_version):
        raise ValidationError(
            _("Run %(id)s is %(status)s; only a failed or cancelled run can be retried.")
            % {"id": run.pk, "status": run.get_status_display().lower()}
        )
    run = record_update(
        actor=actor,
        obj=run,
        expected_version=expected_version,
        changes={
            "status": RunStatus.QUEUED,
            "progress": 0,
            "progress_message": _("Waiting for a worker to pick the run up."),
            "error_message": "",
            "solver_status": "",
            "mip_gap": None,
            "build_seconds": None,
            "solve_seconds": None,
            "columns": None,
            "rows": None,
            "components": None,
            "started_at": None,
            "finished_at": None,
            "worker": "",
            "heartbeat_at": None,
            "lease_expires_at": None,
        },
        action="allocation_run.retry",
    )
    return _enqueue(run)


def _check_line_decider(actor: Actor, line: PlanLine) -> None:
    require_role(actor, *rules.LINE_DECIDERS, action=_("accept or decline proposals"))
    if not rules.decides_for(actor, line):
        raise PermissionDenied(
            _("Only a liaison of %(donor)s may decide on this proposal.") % {"donor": line.owner}
        )


def _decide(
    *, actor: Actor, line: PlanLine, expected_version: int | None, state: str, reason: str = ""
) -> PlanLine:
    _check_line_decider(actor, line)
    current = PlanLine.objects.select_for_update().get(pk=line.pk)
    if not workflow.line_is_open(current.state) and (
        expected_version is None or current.version == expected_version
    ):
        raise ValidationError(
            _("This proposal was already %(state)s.") % {"state": current.get_state_display()}
        )
    record_update(
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
    notice_emit(
        actor=actor,
        kind=NoticeKind.PROPOSAL_ACCEPTED
        if state == LineState.ACCEPTED
        else NoticeKind.PROPOSAL_DECLINED,
        subject=current,
        link=reverse("planning:lines"),
    )
    # Read back through the selector: the answer names its requirement and pledge as the reader sees them.
    return plan_line_get(user=actor, pk=current.pk)


@transaction.atomic
def plan_line_accept(*, actor: Actor, line_id: int, expected_version: int | None) -> PlanLine:
    """The donor takes the proposal: its pledge moves to allocated and, if not yet earmarked, to this need."""
    line = plan_line_get(user=actor, pk=line_id)
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
    *, actor: Actor, line_id: int, expected_version: int | None, reason: str = ""
) -> PlanLine:
    """The donor refuses the proposal; the next run no longer offers this pledge to this requirement."""
    return _decide(
        actor=actor,
        line=plan_line_get(user=actor, pk=line_id),
        expected_version=expected_version,
        state=LineState.DECLINED,
        reason=reason,
    )


@transaction.atomic
def plan_line_decide(
    *, actor: Actor, line_id: int, decision: str, expected_version: int | None, reason: str = ""
) -> PlanLine:
    """Accept or decline, as the donor's liaison chose on the page (`decision` is a key of DECISIONS)."""
    if workflow.DECISIONS[decision] == LineState.ACCEPTED:
        return plan_line_accept(actor=actor, line_id=line_id, expected_version=expected_version)
    return plan_line_decline(
        actor=actor, line_id=line_id, expected_version=expected_version, reason=reason
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


def _claiming_donor(actor: Actor, donor: Party | None) -> Party:
    if rules.claims_own_nation_only(actor):
        if donor is not None and donor.pk != actor.party_id:
            raise PermissionDenied(
                _("A liaison of %(own)s may not claim for %(other)s.")
                % {"own": actor.party, "other": donor}
            )
        donor = Party.objects.filter(pk=actor.party_id).first() if actor.party_id else None
    if donor is None:
        raise ValidationError({"donor": [_("Name the donor that claims the requirement.")]})
    return donor


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
    require_role(actor, *rules.CLAIMERS, action=_("claim requirements"))
    donor = _claiming_donor(actor, donor)
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
                        "until": f"{date_format(live.expires_at, 'SHORT_DATETIME_FORMAT')} UTC",
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
    created = record_create(actor=actor, obj=claim, action="claim.create")
    # Read back through the selector: the answer names its requirement as the reader sees it.
    return claim_get(user=actor, pk=created.pk)


@transaction.atomic
def claim_release(*, actor: Actor, claim_id: int, expected_version: int | None = None) -> Claim:
    claim = claim_get(user=actor, pk=claim_id)
    require_role(actor, *rules.CLAIMERS, action=_("release claims"))
    if not rules.may_release(actor, claim):
        raise PermissionDenied(
            _("Only a liaison of %(donor)s or the command may release this claim.")
            % {"donor": claim.donor}
        )
    if claim.released_at is not None and (
        expected_version is None or claim.version == expected_version
    ):
        raise ValidationError(
            _("This claim was already released on %(at)s.")
            % {"at": date_format(claim.released_at, "SHORT_DATE_FORMAT")}
        )
    record_update(
        actor=actor,
        obj=claim,
        expected_version=expected_version,
        changes={"released_at": timezone.now(), "released_by": actor},
        action="claim.release",
    )
    return claim_get(user=actor, pk=claim.pk)
