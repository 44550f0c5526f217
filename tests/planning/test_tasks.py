"""A run on the real database queue (django-tasks-db), executed by `nsatu worker` as a separate step."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from nsatu.planning.models import RunStatus
from nsatu.planning.services import allocation_run_create
from tests.planning.conftest import DATABASE_QUEUE, START

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_queued_run_waits_for_the_worker_then_is_done(settings, plan_world, coordinator):
    settings.TASKS = DATABASE_QUEUE
    with transaction.atomic():
        run = allocation_run_create(actor=coordinator, parameters={"start": START})
    run.refresh_from_db()
    assert (run.status, run.progress, run.lines.count()) == (RunStatus.QUEUED, 0, 0)
    task = DBTaskResult.objects.get(id=run.task_id)
    assert task.status == TaskResultStatus.READY and task.args_kwargs == {
        "args": [],
        "kwargs": {"run_id": run.pk},
    }
    assert task.task_path == "nsatu.planning.tasks.allocation_run_task"

    call_command("worker", batch=True, verbosity=0)

    run.refresh_from_db()
    task.refresh_from_db()
    assert (run.status, run.progress, run.solver_status) == (RunStatus.DONE, 100, "optimal")
    assert run.lines.count() == 4 and run.plan_weighted_coverage > run.baseline_weighted_coverage
    assert task.status == TaskResultStatus.SUCCESSFUL and task.return_value == "done"
    # Taken once only: a second worker finds nothing to do and leaves the run alone.
    call_command("worker", batch=True, verbosity=0)
    assert DBTaskResult.objects.count() == 1 and run.lines.count() == 4


def test_a_rolled_back_start_leaves_no_task(settings, plan_world, coordinator):
    settings.TASKS = DATABASE_QUEUE
    with pytest.raises(RuntimeError), transaction.atomic():
        allocation_run_create(actor=coordinator, parameters={"start": START})
        raise RuntimeError("the request failed after the service")
    assert not DBTaskResult.objects.exists()
