"""One run split over two `nsatu worker` processes on PostgreSQL: the same plan as the run solved whole.

Real processes on the test database (the deployment of docs/deployment.md in miniature): the run is queued,
two workers share its parts, then `nsatu plan` solves the same data whole in a third process. SQLite is
left out: several processes writing one SQLite file is not a deployment the document offers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from nsatu.planning.models import AllocationRun, AllocationRunPart, PartStatus, RunStatus
from tests.planning.test_lease import _call, _env, _start, _stop, _wait

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several workers share a run on PostgreSQL"
    ),
]


def test_a_run_split_over_two_worker_processes_gives_the_objective_of_one(tmp_path: Path) -> None:
    env = _env(tmp_path) | {"NSATU_RUN_PARTS": "4"}
    run_id = int(_call(env, "-m", "tests.planning.lease_worker", "setup"))
    workers = [_start(env, "worker"), _start(env, "worker")]
    try:
        _wait(env, run_id, lambda r: r["status"] in ("done", "failed"), timeout=120)
    finally:
        for worker in workers:
            _stop(worker)
    split = AllocationRun.objects.get(pk=run_id)
    assert split.status == RunStatus.DONE, split.error_message
    parts = AllocationRunPart.objects.filter(run=split)
    assert parts.count() >= 2 and {p.status for p in parts} == {PartStatus.DONE}
    pids = {str(w.pid) for w in workers}
    assert {p.worker.rsplit(":", 1)[1] for p in parts} <= pids

    one = env | {"NSATU_RUN_PARTS": "1"}
    _call(one, "-m", "nsatu.cli", "plan", "--start", "2026-01", "--as", "coord.ribeiro")
    whole = AllocationRun.objects.exclude(pk=run_id).get()
    assert whole.status == RunStatus.DONE and not whole.parts.exists()
    assert split.objective == pytest.approx(whole.objective, rel=1e-9)
    assert split.plan_weighted_coverage == pytest.approx(whole.plan_weighted_coverage)
    assert sorted(split.lines.values_list("requirement_id", "source_id", "quantity", "month")) == (
        sorted(whole.lines.values_list("requirement_id", "source_id", "quantity", "month"))
    )
