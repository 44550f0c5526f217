"""Background tasks of the planning app (Django's tasks framework; the queue is in the database)."""

from __future__ import annotations

from django.tasks import task

from nsatu.planning.execution import allocation_run_execute


@task()
def allocation_run_task(run_id: int) -> str:
    run = allocation_run_execute(run_id=run_id)
    return run.status


def allocation_run_enqueue(*, run_id: int) -> str:
    """Put the run on the queue; the id of the task the worker will take."""
    return str(allocation_run_task.enqueue(run_id=run_id).id)
