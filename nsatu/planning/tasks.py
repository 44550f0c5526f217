"""Background tasks of the planning app (Django's tasks framework; the queue is in the database)."""

from __future__ import annotations

from django.tasks import task

from nsatu.planning.services import allocation_run_execute


@task()
def allocation_run_task(run_id: int) -> str:
    run = allocation_run_execute(run_id=run_id)
    return run.status
