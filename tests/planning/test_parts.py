"""A run split into independent parts: the same objective and plan figures as the run solved whole.

In-process here (the immediate task backend runs each part's task as it is queued, and the database queue
is drained by the run's own worker); several `nsatu worker` processes sharing one run is
tests/planning/test_parts_workers.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from nsatu.accounts.models import User
from nsatu.planning.models import AllocationRun, AllocationRunPart, PartStatus, RunStatus
from tests.planning.conftest import DATABASE_QUEUE, PlanWorld, start_run

pytestmark = pytest.mark.django_db(transaction=True)


def _summary(run: AllocationRun) -> tuple[object, ...]:
    lines = sorted(
        run.lines.values_list("requirement__reference", "quantity", "month", "source_id")
    )
    return (run.status, round(run.objective or 0.0, 6), run.plan_weighted_coverage, lines)


def test_a_split_run_gives_the_plan_of_the_whole(
    settings: Any, plan_world: PlanWorld, coordinator: User
) -> None:
    whole = start_run(coordinator)
    settings.NSATU_RUN_PARTS = 4
    split = start_run(coordinator)
    whole.refresh_from_db()
    split.refresh_from_db()
    parts = AllocationRunPart.objects.filter(run=split)
    assert parts.count() >= 2, "the planning world has independent item types"
    assert set(parts.values_list("status", flat=True)) == {PartStatus.DONE}
    assert all(p.instance == {} and p.plan is None for p in parts)  # merged, the copies dropped
    assert _summary(split) == _summary(whole)
    assert split.status == RunStatus.DONE and not whole.parts.exists()


def test_parts_on_the_database_queue_are_taken_by_the_runs_own_worker(
    settings: Any, plan_world: PlanWorld, coordinator: User
) -> None:
    settings.TASKS = DATABASE_QUEUE
    settings.NSATU_RUN_PARTS = 4
    run = start_run(coordinator)
    call_command("worker", batch=True, verbosity=0)  # the run; it solves its parts, the tasks skip
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error_message
    parts = AllocationRunPart.objects.filter(run=run)
    assert parts.count() >= 2 and {p.status for p in parts} == {PartStatus.DONE}
    assert {p.worker for p in parts} == {run.worker}
