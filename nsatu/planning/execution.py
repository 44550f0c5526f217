"""Executing an allocation run: the body of the background task (nsatu.planning.tasks) and of `nsatu plan`.

Not a unit of work like the services: the run's page polls its progress while the solver works, so each
stage commits in its own short transaction and other sessions see it move.

The lease a run holds and its heartbeat are in execution_lease.py; writing the solved run in
execution_result.py (inside the one transaction opened here).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import OperationalError, transaction
from django.db.models import Q
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from nsatu.audit.services import audit_event_record
from nsatu.engine import allocation as engine
from nsatu.engine.allocation.result import InstanceError, Plan, SolveFailed, SolveStats
from nsatu.planning import lease, workflow
from nsatu.planning.execution_lease import Heartbeat, LeaseLost, lease_fence
from nsatu.planning.execution_parts import parts_solve
from nsatu.planning.execution_result import run_result_write
from nsatu.planning.instance import BuiltInstance, allocation_instance_build
from nsatu.planning.models import AllocationRun, RunStatus
from nsatu.planning.selectors import COMMAND_VIEW

logger = logging.getLogger(__name__)


def _patient[**P, T](write: Callable[P, T]) -> Callable[P, T]:
    """Retry a worker's write that SQLite refused at once as locked (a shared-cache database answers
    SQLITE_LOCKED without waiting while another connection reads the table); other errors pass through."""

    @functools.wraps(write)
    def patient(*args: P.args, **kwargs: P.kwargs) -> T:
        for pause in (0.05, 0.1, 0.2, 0.4, 0.8, 1.6):
            try:
                return write(*args, **kwargs)
            except OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                time.sleep(pause)
        return write(*args, **kwargs)

    return patient


@_patient
def _progress(run_id: int, attempt: int, percent: int, message: str, **fields: object) -> None:
    now = timezone.now()
    with transaction.atomic():
        held = AllocationRun.objects.filter(lease_fence(run_id, attempt)).update(
            progress=percent,
            progress_message=message[:300],
            heartbeat_at=now,
            lease_expires_at=lease.lease_until(now),
            **fields,
        )
    if not held:
        raise LeaseLost(run_id)


@_patient
def _fail(
    run_id: int,
    attempt: int | None,
    message: str,
    stats: SolveStats | None = None,
    summary: dict[str, Any] | None = None,
) -> AllocationRun:
    fields: dict[str, object] = {} if summary is None else {"instance_summary": summary}
    if stats is not None:
        fields |= {
            "solver_status": stats.status,
            "build_seconds": stats.build_seconds,
            "solve_seconds": stats.solve_seconds,
            "columns": stats.columns,
            "rows": stats.rows,
            "components": stats.components,
            "mip_gap": stats.mip_gap,
        }
    with transaction.atomic():
        runs = AllocationRun.objects.filter(
            lease_fence(run_id, attempt) if attempt is not None else Q(pk=run_id)
        )
        failed = runs.update(
            status=RunStatus.FAILED,
            error_message=message,
            progress_message=_("Failed."),
            finished_at=timezone.now(),
            lease_expires_at=None,
            **fields,
        )
        run = AllocationRun.objects.get(pk=run_id)
        if failed:
            audit_event_record(
                actor=None,
                action="allocation_run.failed",
                obj=run,
                after={
                    "error": message,
                    **{k: v for k, v in fields.items() if k != "instance_summary"},
                },
            )
    return run


@_patient
def _start(run_id: int) -> tuple[AllocationRun, int | None]:
    """Take a queued run and its lease; (the run, None) when it is not ours to execute."""
    now = timezone.now()
    with transaction.atomic():
        run = AllocationRun.objects.select_for_update().get(pk=run_id)
        if not workflow.run_may_start(run.status):
            return run, None  # taken by another worker, cancelled, or a task delivered twice
        run.status = RunStatus.RUNNING
        run.attempt += 1
        run.worker = lease.worker_name()
        run.started_at = run.heartbeat_at = now
        run.lease_expires_at = lease.lease_until(now)
        run.progress = 5
        run.progress_message = _("Reading requirements, pledges, claims and hubs.")
        run.save(
            update_fields=[
                "status",
                "attempt",
                "worker",
                "started_at",
                "heartbeat_at",
                "lease_expires_at",
                "progress",
                "progress_message",
                "updated_at",
            ]
        )
    return run, run.attempt


# Not one unit of work: each stage below commits on its own so that the run's page shows the progress.
def allocation_run_execute(
    *, run_id: int, enqueue_part: Callable[[int], str] | None = None
) -> AllocationRun:
    """The task body: build the instance, solve it and the status-quo baseline, keep the result or the failure.

    The run holds a lease for as long as this works on it; a cancel or the reaper taking the run away stops
    it at the next stage, and nothing of this attempt is written after that.
    """
    run, attempt = _start(run_id)
    if attempt is None:
        return run
    try:
        with Heartbeat(run_id, attempt) as beat:
            return _stages(run, attempt, beat, enqueue_part)
    except LeaseLost:
        logger.warning(
            "run %s: lease lost (cancelled or reaped); attempt %s stops", run_id, attempt
        )
        return AllocationRun.objects.get(pk=run_id)
    except InstanceError as exc:
        return _fail(
            run_id,
            attempt,
            _("The data do not make a valid instance: %(where)s: %(why)s")
            % {"where": exc.where, "why": exc.message},
        )
    except SolveFailed as exc:
        return _fail(
            run_id,
            attempt,
            _("The solver did not produce a plan (%(status)s): %(why)s")
            % {"status": exc.stats.status, "why": exc.stats.message or "-"},
            exc.stats,
        )
    except Exception as exc:
        logger.exception("allocation run %s failed", run_id)
        _fail(run_id, attempt, _("Unexpected error: %(e)s") % {"e": f"{type(exc).__name__}: {exc}"})
        raise


def _stages(
    run: AllocationRun, attempt: int, beat: Heartbeat, enqueue_part: Callable[[int], str] | None
) -> AllocationRun:
    run_id = run.pk
    built = allocation_instance_build(
        user=run.created_by or COMMAND_VIEW, parameters=run.parameters
    )
    beat.check()
    summary = built.summary
    if not built.instance.requirements:
        return _fail(
            run_id,
            attempt,
            _(
                "Nothing to plan: no published requirement names an item type or ammunition "
                "family that the catalogue can satisfy (and still needs anything). What was left "
                "out, and why, is listed above."
            ),
            summary=summary,
        )
    _progress(
        run_id,
        attempt,
        25,
        _("Solving: %(r)s requirements, %(t)s tranches, %(f)s funds offers.")
        % {"r": summary["requirements"], "t": summary["tranches"], "f": summary["funds"]},
        instance_summary=summary,
    )
    plan = parts_solve(run_id, attempt, built.instance, beat, enqueue_part)
    beat.check()
    _progress(
        run_id,
        attempt,
        70,
        _("Computing the status-quo baseline (first come, first served)."),
        solver_status=plan.stats.status,
    )
    base = engine.baseline(built.instance)
    beat.check()
    _progress(run_id, attempt, 85, _("Saving %(n)s plan lines.") % {"n": len(plan.lines)})
    return _persist_at_once(run_id, attempt, built, plan, base)


@_patient
def _persist_at_once(
    run_id: int, attempt: int, built: BuiltInstance, plan: Plan, base: Plan
) -> AllocationRun:
    with transaction.atomic():
        return run_result_write(run_id, attempt, built, plan, base)


class WorkerStopped(Exception):
    """Recorded on the queue's row of a task whose worker died: the row would say "running" forever."""


def _task_abandon(task_id: str, message: str) -> None:
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return  # another queue keeps its own books
    row = DBTaskResult.objects.filter(
        id=task_id, status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING)
    ).first()
    if row is not None:
        row.set_failed(WorkerStopped(message))


def _taken_and_lost(now: dt.datetime) -> list[tuple[int, str, list[str]]]:
    """Queued runs whose task a worker took from the database queue more than a lease ago without ever
    starting the run (it died in between): (run id, task id, the worker ids that took it)."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return []
    queued: dict[uuid.UUID, tuple[int, str]] = {}
    for pk, task_id in (
        AllocationRun.objects.filter(status=RunStatus.QUEUED).exclude(task_id="")
    ).values_list("pk", "task_id"):
        try:
            queued[uuid.UUID(task_id)] = (pk, task_id)
        except ValueError:
            continue  # a task of another queue
    if not queued:
        return []
    taken = (
        DBTaskResult.objects.filter(
            id__in=list(queued), started_at__lt=now - dt.timedelta(seconds=lease.lease_seconds())
        )
        .exclude(status=TaskResultStatus.READY)
        .values_list("id", "worker_ids")
    )
    return [(*queued[uuid.UUID(str(task))], list(workers)) for task, workers in taken]


def _reap(pk: int, stale: Q, message: str, *, now: dt.datetime, after: dict[str, Any]) -> bool:
    with transaction.atomic():
        failed = AllocationRun.objects.filter(stale, pk=pk).update(
            status=RunStatus.FAILED,
            error_message=message,
            progress_message=_("Failed: its worker stopped."),
            finished_at=now,
            lease_expires_at=None,
        )
        if not failed:
            return False  # renewed, started, finished or cancelled meanwhile
        run = AllocationRun.objects.get(pk=pk)
        audit_event_record(
            actor=None,
            action="allocation_run.lease_expired",
            obj=run,
            after={**after, "error": message},
        )
        if run.task_id:
            _task_abandon(run.task_id, message)
    return True


def runs_reap(*, now: dt.datetime | None = None) -> list[int]:
    """Fail every queued or running run whose lease expired: its worker stopped without a word; and every
    queued run whose task a worker took but never started.

    Failed, not retried: a solve that killed its worker (memory, a crash in the solver) would kill the next
    one the same way, in a loop nobody sees; a failed run says what happened and a coordinator retries it
    with one click. Called by the worker loop, at the start of a worker, and by every read of a run.
    """
    now = now or timezone.now()
    reaped = []
    expired = AllocationRun.objects.filter(
        status__in=(RunStatus.QUEUED, RunStatus.RUNNING), lease_expires_at__lt=now
    ).values_list("pk", "status", "attempt", "worker", "heartbeat_at")
    for pk, status, attempt, worker, heartbeat_at in list(expired):
        message = _(
            "The process executing the run (%(worker)s) stopped: no heartbeat since %(at)s, and its "
            "lease ran out. Nothing of it was kept; retry the run."
        ) % {
            "worker": worker or _("unknown"),
            "at": f"{heartbeat_at:%Y-%m-%d %H:%M:%S} UTC" if heartbeat_at else _("its start"),
        }
        stale = Q(status=status, attempt=attempt, lease_expires_at__lt=now)
        if _reap(pk, stale, message, now=now, after={"worker": worker, "attempt": attempt}):
            reaped.append(pk)
    for pk, task_id, workers in _taken_and_lost(now):
        message = _(
            "The worker that took the run from the queue (%(worker)s) stopped before it began. "
            "Retry the run."
        ) % {"worker": ", ".join(workers) or _("unknown")}
        stale = Q(status=RunStatus.QUEUED, task_id=task_id)
        if _reap(pk, stale, message, now=now, after={"task": task_id, "workers": workers}):
            reaped.append(pk)
    return reaped
