"""Background tasks of the planning app (Django's tasks framework; the queue is in the database)."""

from __future__ import annotations

from django.tasks import task

from nsatu.planning.execution import allocation_run_execute
from nsatu.planning.execution_parts import allocation_part_execute


@task()
def allocation_run_task(run_id: int) -> str:
    # Parts of the run go on the same queue, for any worker to take (nsatu.planning.execution_parts).
    run = allocation_run_execute(
        run_id=run_id, enqueue_part=lambda part_id: allocation_part_enqueue(part_id=part_id)
    )
    return run.status


def allocation_run_enqueue(*, run_id: int) -> str:
    """Put the run on the queue; the id of the task the worker will take."""
    return str(allocation_run_task.enqueue(run_id=run_id).id)


@task()
def allocation_part_task(part_id: int) -> str:
    return allocation_part_execute(part_id=part_id)


def allocation_part_enqueue(*, part_id: int) -> str:
    """Put one part of a run on the queue, for any worker to take (nsatu.planning.execution_parts)."""
    return str(allocation_part_task.enqueue(part_id=part_id).id)
