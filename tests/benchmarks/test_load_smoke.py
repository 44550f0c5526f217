"""The load test at its smoke size against `nsatu serve` (gunicorn) serving a demo database built for the test.

SQLite here (the full run is on PostgreSQL, benchmarks/RESULTS.md): what is checked is that the script drives
every read and write it claims, that the server answers none of them with a 5xx, that no versioned write is
lost and that the audit chain is intact afterwards.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import load_api
from benchmarks.load import run
from benchmarks.load_http import MANAGE, REPO


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(base: str, server: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer at {base} within {seconds} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = {
        **os.environ,
        "NSATU_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'load.sqlite3'}",
        "NSATU_REQUIRE_OTP": "0",
        "NSATU_DEBUG": "0",
    }
    subprocess.run(
        [sys.executable, str(MANAGE), "demo", "--no-serve"],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=180,
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        # The production server as a deployment runs it (`nsatu serve`: collected static files, gunicorn).
        [sys.executable, str(MANAGE), "serve", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(base, server, 30)
        yield base, env
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_smoke_load_gives_no_5xx_no_lost_update_and_an_intact_audit_chain(
    served: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    base, env = served
    report = run(
        [
            "--smoke",
            "--base",
            base,
            "--var-dir",
            env["NSATU_VAR_DIR"],
            "--database-url",
            env["DATABASE_URL"],
            "--json",
            str(tmp_path / "report.json"),
        ]
    )

    assert report["users"] == 8
    assert report["server_errors_5xx"] == 0, report["server_error_samples"]
    assert report["no_answer"] == 0, report["server_error_samples"]
    assert report["lost_updates"] == 0, report["version_mismatches"]
    assert report["unreadable_answers"] == 0, report["unexpected"]
    assert report["shipment_references_duplicated"] == 0
    assert report["audit_chain_intact"], report["audit_verify"]
    # the run did what it claims: every kind of read and write was sent and versioned races were raced
    sent = set(report["endpoints"])
    assert {
        "GET /",
        "GET /coverage/",
        "GET /api/needs/coverage",
        "PATCH /api/pledges/{id}",
        "POST /api/pledges/{id}/tranches",
        "POST /api/requirements/{id}/transition",
        "POST /api/logistics/shipments",
    } <= sent
    assert sum(report["races"].values()) > 0
    assert report["requests"] > 50

    # API reads per second (benchmarks/load_api.py) with its own client: it drives the same server and every
    # read is answered (no timing is asserted; the figures are in benchmarks/RESULTS.md).
    reads = load_api.run(
        [
            "--base",
            base,
            "--client",
            "python",
            "--users",
            "2",
            "--connections",
            "4",
            "--seconds",
            "2",
            "--warmup",
            "0",
            "--var-dir",
            env["NSATU_VAR_DIR"],
            "--database-url",
            env["DATABASE_URL"],
            "--if-none-match",
        ]
    )
    assert reads["requests"] > 0
    assert reads["non_2xx_3xx"] == 0 and reads["socket_errors"] == 0
