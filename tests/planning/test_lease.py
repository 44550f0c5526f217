"""A worker (or `nsatu plan`) killed with SIGKILL in the middle of a solve: its run is failed within the
lease, then retried.

Real processes on a real database: a `nsatu worker` whose solve blocks (the one stand-in: a solve long
enough to kill it in), a second `nsatu worker` whose reaper must notice, and the service a coordinator
retries with. On SQLite the processes share a database file of their own; on PostgreSQL the test database.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from nsatu.planning.models import AllocationRun

pytestmark = pytest.mark.django_db(transaction=True)

LEASE = 2.0
BEAT = 0.3
FIELDS = ("status", "progress", "error_message", "worker", "lease_expires_at", "task_id", "attempt")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NSATU_", "DATABASE_URL"))}
    env |= {
        "NSATU_ENV": "test",
        "TEST_LEASE_SECONDS": str(LEASE),
        "TEST_HEARTBEAT_SECONDS": str(BEAT),
    }
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    else:
        env["NSATU_VAR_DIR"] = str(tmp_path)
        _call(env, "-m", "nsatu.cli", "migrate", "-v0")
    return env


def _call(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _start(env: dict[str, str], mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.planning.lease_worker", mode],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _row(env: dict[str, str], run_id: int) -> dict[str, Any] | None:
    if "NSATU_VAR_DIR" not in env:
        return AllocationRun.objects.filter(pk=run_id).values(*FIELDS).first()
    with sqlite3.connect(Path(env["NSATU_VAR_DIR"]) / "nsatu.sqlite3", timeout=20) as db:
        values = db.execute(
            f"SELECT {', '.join(FIELDS)} FROM planning_allocationrun WHERE id = ?", (run_id,)
        ).fetchone()
    if values is None:
        return None
    row = dict(zip(FIELDS, values, strict=True))
    if row["lease_expires_at"]:
        row["lease_expires_at"] = dt.datetime.fromisoformat(row["lease_expires_at"])
    return row


def _task_status(env: dict[str, str], task_id: str) -> str:
    if "NSATU_VAR_DIR" not in env:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", [task_id]
            )
            return str(cursor.fetchone()[0])
    with sqlite3.connect(Path(env["NSATU_VAR_DIR"]) / "nsatu.sqlite3", timeout=20) as db:
        found = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
            (task_id.replace("-", ""),),
        ).fetchone()
    return str(found[0])


def _wait(
    env: dict[str, str], run_id: int, until: Callable[[dict[str, Any]], bool], timeout: float
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        row = _row(env, run_id)
        if row is not None and until(row):
            return row
        assert time.monotonic() < deadline, f"run {run_id} still {row} after {timeout} s"
        time.sleep(0.05)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def test_a_worker_killed_mid_solve_leaves_a_failed_run_within_the_lease(tmp_path):
    env = _env(tmp_path)
    run_id = int(_call(env, "-m", "tests.planning.lease_worker", "setup"))
    stuck = _start(env, "stuck")
    reaper = None
    try:
        solving = _wait(env, run_id, lambda r: r["progress"] == 25, timeout=60)
        assert solving["status"] == "running" and solving["worker"].endswith(f":{stuck.pid}")
        # The heartbeat renews the lease while the solver works.
        _wait(
            env,
            run_id,
            lambda r: r["lease_expires_at"] > solving["lease_expires_at"],
            timeout=3 * BEAT + 1,
        )
        reaper = _start(env, "worker")
        time.sleep(1.0)  # the second worker is up and reaping before the first one dies
        assert reaper.poll() is None
        stuck.send_signal(signal.SIGKILL)
        stuck.wait(timeout=10)
        killed = time.monotonic()
        failed = _wait(env, run_id, lambda r: r["status"] == "failed", timeout=LEASE + 10)
        waited = time.monotonic() - killed
        # Failed once the lease ran out (never before), and soon after it: a few beats, with room for a CI
        # machine whose two cores run other workers' tests (seen: 4.96 s).
        assert LEASE - 3 * BEAT <= waited <= LEASE + 3 * BEAT + 5.0, waited
        assert f":{stuck.pid}" in failed["error_message"] and "retry" in failed["error_message"]
        assert _task_status(env, failed["task_id"]) == "FAILED"  # not RUNNING for ever on the queue

        assert _call(env, "-m", "tests.planning.lease_worker", "retry", str(run_id)) == "queued\n"
        done = _wait(env, run_id, lambda r: r["status"] == "done", timeout=60)
        assert done["attempt"] == 2 and done["worker"].endswith(f":{reaper.pid}")
        assert done["lease_expires_at"] is None and done["error_message"] == ""
    finally:
        _stop(stuck)
        if reaper is not None:
            _stop(reaper)


def test_nsatu_plan_killed_after_solving_leaves_no_run_queued_or_running(tmp_path):
    env = _env(tmp_path)
    _call(env, "-m", "tests.planning.lease_worker", "world")
    console = _start(env, "plan")
    reaper = None
    try:
        run_id = 1 if "NSATU_VAR_DIR" in env else _first_run_id(console)
        solving = _wait(env, run_id, lambda r: r["progress"] == 25, timeout=60)
        assert solving["status"] == "running" and solving["worker"].endswith(f":{console.pid}")
        assert solving["task_id"] == ""  # the console's own run: no worker would ever take it
        reaper = _start(env, "worker")
        time.sleep(1.0)
        console.send_signal(signal.SIGKILL)
        console.wait(timeout=10)
        killed = time.monotonic()
        failed = _wait(env, run_id, lambda r: r["status"] == "failed", timeout=LEASE + 10)
        # As above: room for a busy machine.
        assert time.monotonic() - killed <= LEASE + 3 * BEAT + 5.0
        assert f":{console.pid}" in failed["error_message"]
    finally:
        _stop(console)
        if reaper is not None:
            _stop(reaper)


def _first_run_id(process: subprocess.Popen[str]) -> int:
    deadline = time.monotonic() + 60
    while not AllocationRun.objects.exists():
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    return AllocationRun.objects.get().pk
