"""Executing a run under a lease: the reaper, the fence a cancel or a retry puts on an old worker, the console.

The killed worker process itself is tests/planning/test_lease.py; here the clock is passed in.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from nsatu.audit.models import AuditEvent
from nsatu.planning import execution, lease
from nsatu.planning.execution_lease import LeaseLost
from nsatu.planning.models import AllocationRun, RunStatus
from nsatu.planning.services import (
    allocation_run_cancel,
    allocation_run_create,
    allocation_run_retry,
)
from tests.planning.conftest import DATABASE_QUEUE, START

pytestmark = pytest.mark.django_db(transaction=True)


def _queued(settings, coordinator) -> AllocationRun:
    settings.TASKS = DATABASE_QUEUE
    return allocation_run_create(actor=coordinator, parameters={"start": START})


def _actions(run: AllocationRun) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="planning.allocationrun", object_id=str(run.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_running_run_holds_a_lease_the_reaper_respects_until_it_runs_out(
    settings, plan_world, coordinator
):
    run = _queued(settings, coordinator)
    taken, attempt = execution._start(run.pk)
    assert (taken.status, attempt, taken.worker) == (RunStatus.RUNNING, 1, lease.worker_name())
    assert taken.lease_expires_at is not None
    assert execution.runs_reap(now=taken.lease_expires_at - dt.timedelta(seconds=1)) == []
    execution._progress(run.pk, 1, 25, "Solving")  # the heartbeat of a stage renews the lease
    renewed = AllocationRun.objects.get(pk=run.pk)
    assert renewed.lease_expires_at >= taken.lease_expires_at

    assert execution.runs_reap(now=renewed.lease_expires_at + dt.timedelta(seconds=1)) == [run.pk]
    failed = AllocationRun.objects.get(pk=run.pk)
    assert failed.status == RunStatus.FAILED and failed.lease_expires_at is None
    assert lease.worker_name() in failed.error_message and "retry the run" in failed.error_message
    assert _actions(run)[-1] == "allocation_run.lease_expired"
    assert DBTaskResult.objects.get(id=run.task_id).status == TaskResultStatus.FAILED
    # The worker that lost its lease writes nothing more, and the reaper does not fail a run twice.
    with pytest.raises(LeaseLost):
        execution._progress(run.pk, 1, 70, "Baseline")
    assert execution.runs_reap(now=timezone.now() + dt.timedelta(hours=1)) == []
    assert AllocationRun.objects.get(pk=run.pk).progress_message == failed.progress_message


def test_a_cancelled_run_is_never_executed(settings, plan_world, coordinator):
    run = _queued(settings, coordinator)
    cancelled = allocation_run_cancel(actor=coordinator, run_id=run.pk)
    assert cancelled.status == RunStatus.CANCELLED and "coord.ribeiro" in cancelled.progress_message
    call_command("worker", batch=True, verbosity=0)
    after = AllocationRun.objects.get(pk=run.pk)
    assert (after.status, after.attempt, after.lines.count()) == (RunStatus.CANCELLED, 0, 0)
    assert _actions(run) == ["allocation_run.create", "allocation_run.cancel"]


def test_cancel_while_running_fences_the_old_worker_and_retry_runs_it_again(
    settings, plan_world, coordinator
):
    run = _queued(settings, coordinator)
    _taken, attempt = execution._start(run.pk)
    allocation_run_cancel(actor=coordinator, run_id=run.pk)
    with pytest.raises(LeaseLost):
        execution._progress(run.pk, attempt, 25, "Solving")
    assert execution._fail(run.pk, attempt, "too late").status == RunStatus.CANCELLED

    retried = allocation_run_retry(actor=coordinator, run_id=run.pk)
    assert retried.status == RunStatus.QUEUED and retried.task_id != run.task_id
    assert retried.progress == 0 and retried.finished_at is None
    call_command("worker", batch=True, verbosity=0)
    done = AllocationRun.objects.get(pk=run.pk)
    assert (done.status, done.attempt, done.lease_expires_at) == (RunStatus.DONE, 2, None)
    assert done.lines.count() == 4
    # The first attempt's worker, had it come back, could not touch the finished run.
    with pytest.raises(LeaseLost):
        execution._progress(run.pk, attempt, 85, "Saving")
    assert _actions(run) == [
        "allocation_run.create",
        "allocation_run.cancel",
        "allocation_run.retry",
        "allocation_run.done",
    ]


def test_a_console_killed_before_it_began_leaves_a_run_the_reaper_fails(plan_world, coordinator):
    run = allocation_run_create(
        actor=coordinator, parameters={"start": START}, enqueue=False
    )  # what `nsatu plan` records before "solving..."
    assert (run.status, run.worker) == (RunStatus.QUEUED, lease.worker_name())
    assert run.lease_expires_at is not None and run.task_id == ""
    assert execution.runs_reap(now=run.lease_expires_at - dt.timedelta(seconds=1)) == []
    assert execution.runs_reap(now=run.lease_expires_at + dt.timedelta(seconds=1)) == [run.pk]
    assert AllocationRun.objects.get(pk=run.pk).status == RunStatus.FAILED


def test_a_console_run_executes_under_its_own_lease(plan_world, coordinator):
    run = allocation_run_create(actor=coordinator, parameters={"start": START}, enqueue=False)
    done = execution.allocation_run_execute(run_id=run.pk)
    assert (done.status, done.attempt, done.lease_expires_at) == (RunStatus.DONE, 1, None)
    assert done.heartbeat_at is not None and done.worker == lease.worker_name()


def test_the_lease_and_heartbeat_come_from_the_settings(settings):
    settings.NSATU_RUN_LEASE_SECONDS = 30
    settings.NSATU_RUN_HEARTBEAT_SECONDS = 20
    assert (lease.lease_seconds(), lease.heartbeat_seconds()) == (30.0, 10.0)  # a third at most
    del settings.NSATU_RUN_LEASE_SECONDS
    del settings.NSATU_RUN_HEARTBEAT_SECONDS
    assert (lease.lease_seconds(), lease.heartbeat_seconds()) == (60.0, 10.0)


def test_a_task_taken_by_a_worker_that_died_before_starting_the_run_is_reaped(
    settings, plan_world, coordinator
):
    run = _queued(settings, coordinator)
    task = DBTaskResult.objects.get(id=run.task_id)
    task.claim("worker-that-died")  # taken from the queue; the run itself was never started
    assert execution.runs_reap() == []  # within the lease, it may still start
    later = task.started_at + dt.timedelta(seconds=lease.lease_seconds() + 1)
    assert execution.runs_reap(now=later) == [run.pk]
    failed = AllocationRun.objects.get(pk=run.pk)
    assert failed.status == RunStatus.FAILED and "worker-that-died" in failed.error_message
    assert DBTaskResult.objects.get(id=run.task_id).status == TaskResultStatus.FAILED
    # A run waiting for a worker that has not come yet is left alone, however long it waits.
    waiting = _queued(settings, coordinator)
    assert execution.runs_reap(now=timezone.now() + dt.timedelta(days=1)) == []
    assert AllocationRun.objects.get(pk=waiting.pk).status == RunStatus.QUEUED
