"""Executing an allocation run: the body of the background task (nsatu.planning.tasks) and of `nsatu plan`.

Not a unit of work like the services: the run's page polls its progress while the solver works, so each
stage commits in its own short transaction and other sessions see it move.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import Q
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus, task_backends
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from nsatu.audit.services import audit_event_record
from nsatu.core.models import Releasability
from nsatu.engine import allocation as engine
from nsatu.engine.allocation.figures import RunFigures, run_figures
from nsatu.engine.allocation.result import InstanceError, Plan, SolveFailed, SolveStats
from nsatu.planning import lease, workflow
from nsatu.planning.instance import BuiltInstance, allocation_instance_build, month_date
from nsatu.planning.models import AllocationRun, PlanLine, RunStatus, Shortfall
from nsatu.planning.notices import proposals_announce
from nsatu.planning.selectors import COMMAND_VIEW

logger = logging.getLogger(__name__)


class LeaseLost(Exception):
    """The run was cancelled, or failed by the reaper, while this process worked on it: stop, write nothing."""


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


def _fence(run_id: int, attempt: int) -> Q:
    """Only the attempt that holds the lease may write: a cancel or the reaper changes the status, a retry
    the attempt, and every later write of the old worker then misses."""
    return Q(pk=run_id, status=RunStatus.RUNNING, attempt=attempt)


@_patient
def _progress(run_id: int, attempt: int, percent: int, message: str, **fields: object) -> None:
    now = timezone.now()
    with transaction.atomic():
        held = AllocationRun.objects.filter(_fence(run_id, attempt)).update(
            progress=percent,
            progress_message=message[:300],
            heartbeat_at=now,
            lease_expires_at=lease.lease_until(now),
            **fields,
        )
    if not held:
        raise LeaseLost(run_id)


class Heartbeat:
    """Renews the lease from a thread while the stages run (the solver releases the GIL while it works).

    Not started when the run executes inside the caller's transaction (the immediate task backend of a
    request or a test): no other session sees the run before it commits, and a second connection would
    wait on the first one's lock.
    """

    def __init__(self, run_id: int, attempt: int) -> None:
        self.run_id = run_id
        self.attempt = attempt
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        if not transaction.get_connection().in_atomic_block:
            self._thread = threading.Thread(
                target=self._beat, name=f"run-{self.run_id}-heartbeat", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def check(self) -> None:
        if self.lost.is_set():
            raise LeaseLost(self.run_id)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(lease.heartbeat_seconds()):
                try:
                    now = timezone.now()
                    held = AllocationRun.objects.filter(_fence(self.run_id, self.attempt)).update(
                        heartbeat_at=now, lease_expires_at=lease.lease_until(now)
                    )
                except DatabaseError:
                    # A busy database is not a lost lease: the next beat tries again, and the lease
                    # outlasts a few missed beats.
                    logger.warning("run %s: heartbeat not written", self.run_id, exc_info=True)
                    continue
                if not held:
                    self.lost.set()
                    return
        finally:
            connection.close()


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
            _fence(run_id, attempt) if attempt is not None else Q(pk=run_id)
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
def allocation_run_execute(*, run_id: int) -> AllocationRun:
    """The task body: build the instance, solve it and the status-quo baseline, keep the result or the failure.

    The run holds a lease for as long as this works on it; a cancel or the reaper taking the run away stops
    it at the next stage, and nothing of this attempt is written after that.
    """
    run, attempt = _start(run_id)
    if attempt is None:
        return run
    try:
        with Heartbeat(run_id, attempt) as beat:
            return _stages(run, attempt, beat)
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


def _stages(run: AllocationRun, attempt: int, beat: Heartbeat) -> AllocationRun:
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
    plan = engine.solve(built.instance)
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
        return _persist(run_id, attempt, built, plan, base)


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


def _persist(
    run_id: int, attempt: int, built: BuiltInstance, plan: Plan, base: Plan
) -> AllocationRun:
    run = AllocationRun.objects.select_for_update().filter(_fence(run_id, attempt)).first()
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
