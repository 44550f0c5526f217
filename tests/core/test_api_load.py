"""benchmarks/load_api.py reads the server's CPU per request from its workers' /proc entries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.load_api import server_cpu_seconds


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="no /proc")
def test_the_cpu_of_a_masters_children_is_summed() -> None:
    """This process stands for the master: the CPU a child spends while alive is counted."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "end = time.process_time() + 0.3\n"
            "while time.process_time() < end: pass\n"
            "print('done', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "done\n"
        spent = server_cpu_seconds(os.getpid())
        assert spent is not None and spent >= 0.25
    finally:
        child.communicate("")


def test_no_such_master_gives_none() -> None:
    assert server_cpu_seconds(2**31 - 1) is None
