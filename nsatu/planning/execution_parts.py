"""A run's independent parts solved by several workers (docs/deployment.md, docs/allocation-model.md §5).

The worker executing the run splits its instance into at most NSATU_RUN_PARTS parts that no row of the model
links (nsatu.engine.allocation.parts), keeps each as a row with the part's instance, and puts one task per
part on the database queue. Then it takes parts itself, like any other worker, and once every part is solved
it merges their plans and goes on (baseline, result) with the instance it built: nothing is read twice from
the database. A part is claimed by one worker at a time through a conditional update; a claim that outlives
the part's time limit plus a lease (its worker died) is taken over. Every write is fenced on the run's
attempt: parts of a cancelled, reaped or retried attempt are left alone.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from nsatu.engine import allocation as engine
from nsatu.engine.allocation.jsonio import instance_from_dict, instance_to_dict
from nsatu.engine.allocation.parts import merge, partition, plan_from_dict
from nsatu.engine.allocation.result import Plan, SolveFailed, SolveStats
from nsatu.planning import lease
from nsatu.planning.execution_lease import Heartbeat
from nsatu.planning.models import AllocationRunPart, PartStatus, RunStatus

POLL_SECONDS = 0.2


def run_parts() -> int:
    """How many parts a run may be split into (settings.NSATU_RUN_PARTS), 1 = never."""
    return max(1, int(settings.NSATU_RUN_PARTS))


class PartFailed(RuntimeError):
    """A part failed for a reason other than the solver's (its message is the part's error)."""


def parts_solve(
    run_id: int,
    attempt: int,
    instance: engine.Instance,
    beat: Heartbeat,
    enqueue: Callable[[int], str] | None = None,
) -> Plan:
    """The run's plan: solved here when the instance does not split, else part by part, each part also put
    on the queue with `enqueue` (the tasks module's, passed down by the run's task) for other workers."""
    started = time.perf_counter()
    parts = partition(instance, run_parts()) if run_parts() > 1 else [instance]
    if len(parts) == 1:
        return engine.solve(instance)
    rows = _parts_create(run_id, attempt, parts)
    if enqueue is not None:  # else (the console) this process solves every part itself
        for row in rows:
            AllocationRunPart.objects.filter(pk=row.pk).update(task_id=enqueue(row.pk))
    while True:
        beat.check()
        if (free := _next_free(run_id, attempt)) is not None:
            allocation_part_execute(part_id=free)
            continue
        states = dict(
            AllocationRunPart.objects.filter(run_id=run_id, attempt=attempt).values_list(
                "number", "status"
            )
        )
        if PartStatus.FAILED in states.values():
            _raise_failure(run_id, attempt)
        if all(s == PartStatus.DONE for s in states.values()):
            break
        time.sleep(POLL_SECONDS)
    done = AllocationRunPart.objects.filter(run_id=run_id, attempt=attempt).order_by("number")
    plans = [plan_from_dict(plan or {}) for plan in done.values_list("plan", flat=True)]
    done.update(instance={}, plan=None)  # merged: the copies are no longer needed
    return merge(instance, plans, wall_seconds=time.perf_counter() - started)


def _parts_create(
    run_id: int, attempt: int, parts: list[engine.Instance]
) -> list[AllocationRunPart]:
    return AllocationRunPart.objects.bulk_create(
        [
            AllocationRunPart(
                run_id=run_id,
                attempt=attempt,
                number=n,
                instance=instance_to_dict(part),
                lease_seconds=part.parameters.time_limit_s + lease.lease_seconds(),
            )
            for n, part in enumerate(parts)
        ]
    )


def _claimable(now: dt.datetime) -> Q:
    """Queued, or claimed by a worker that outlived the part's time limit plus a lease (it died)."""
    return Q(status=PartStatus.QUEUED) | Q(status=PartStatus.RUNNING, lease_expires_at__lt=now)


def _next_free(run_id: int, attempt: int) -> int | None:
    return (
        AllocationRunPart.objects.filter(_claimable(timezone.now()), run_id=run_id, attempt=attempt)
        .order_by("number")
        .values_list("pk", flat=True)
        .first()
    )


def _fence() -> Q:
    """The part belongs to the attempt its run is executing."""
    return Q(run__status=RunStatus.RUNNING, run__attempt=F("attempt"))


def _claim(part_id: int, me: str) -> AllocationRunPart | None:
    now = timezone.now()
    row = AllocationRunPart.objects.filter(_fence(), pk=part_id).values("lease_seconds").first()
    if row is None:
        return None  # no such part, or its attempt is no longer the one running
    # One UPDATE on the part's row alone (no join, hence no subquery read from an older snapshot): of two
    # workers claiming at once, one changes the row, the other finds it taken when the database re-checks.
    claimed = AllocationRunPart.objects.filter(_claimable(now), pk=part_id).update(
        status=PartStatus.RUNNING,
        worker=me,
        claimed_at=now,
        lease_expires_at=now + dt.timedelta(seconds=row["lease_seconds"]),
    )
    return AllocationRunPart.objects.get(pk=part_id) if claimed else None


def _finish(part_id: int, me: str, **fields: Any) -> None:
    AllocationRunPart.objects.filter(
        _fence(), pk=part_id, status=PartStatus.RUNNING, worker=me
    ).update(lease_expires_at=None, **fields)


def allocation_part_execute(*, part_id: int) -> str:
    """The body of a part's task: claim the part, solve it, keep its plan (or why it failed).

    Nothing is done for a part another worker holds, already solved, or of an attempt no longer running.
    """
    me = lease.worker_name()
    part = _claim(part_id, me)
    if part is None:
        return "skipped"
    started = time.perf_counter()
    try:
        plan = engine.solve(instance_from_dict(part.instance))
    except SolveFailed as exc:
        _finish(
            part_id,
            me,
            status=PartStatus.FAILED,
            error=exc.stats.message,
            plan={"stats": _stats_dict(exc.stats)},
        )
        return PartStatus.FAILED
    except Exception as exc:
        _finish(part_id, me, status=PartStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
    _finish(
        part_id,
        me,
        status=PartStatus.DONE,
        plan=engine.plan_to_dict(plan),
        seconds=time.perf_counter() - started,
    )
    return PartStatus.DONE


def _stats_dict(stats: SolveStats) -> dict[str, Any]:
    return {k: getattr(stats, k) for k in SolveStats.__dataclass_fields__}


def _raise_failure(run_id: int, attempt: int) -> None:
    failed = (
        AllocationRunPart.objects.filter(run_id=run_id, attempt=attempt, status=PartStatus.FAILED)
        .order_by("number")
        .first()
    )
    assert failed is not None
    stats = (failed.plan or {}).get("stats")
    if stats:
        data = {**stats, "message": f"part {failed.number}: {stats['message']}"}
        raise SolveFailed(SolveStats(**data))
    raise PartFailed(f"part {failed.number}: {failed.error}")
