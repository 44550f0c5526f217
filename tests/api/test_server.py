"""`nsatu serve` runs threaded gunicorn workers with keep-alive and persistent database connections (issue #18);
one thread gives gunicorn's sync workers. The server itself runs in tests/benchmarks/test_load_smoke.py."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings


def _argv(**options: object) -> list[str]:
    out = io.StringIO()
    call_command("serve", dry_run=True, stdout=out, **options)
    return out.getvalue().split()


@override_settings(NSATU_WEB_THREADS=6, NSATU_WEB_KEEPALIVE=7)
def test_threads_and_keep_alive_come_from_the_settings() -> None:
    argv = _argv(workers=2)
    assert argv[argv.index("--worker-class") + 1] == "gthread"
    assert argv[argv.index("--threads") + 1] == "6"
    assert argv[argv.index("--keep-alive") + 1] == "7"


def test_one_thread_gives_the_sync_workers() -> None:
    argv = _argv(workers=2, threads=1)
    assert "--worker-class" not in argv and "--threads" not in argv


def test_zero_threads_is_refused_with_the_flag_named() -> None:
    with pytest.raises(CommandError, match="--threads=0"):
        _argv(threads=0)
