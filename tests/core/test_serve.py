"""`nsatu serve` starts gunicorn with the environment's settings (the server itself runs in the load smoke test)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from nsatu.core.management.commands.serve import default_workers


def _dry_run(**options: object) -> str:
    out = io.StringIO()
    call_command("serve", dry_run=True, stdout=out, **options)
    return out.getvalue()


def test_the_command_names_gunicorn_the_bind_and_the_workers() -> None:
    argv = _dry_run(bind="127.0.0.1:9100", workers=3).split()
    assert argv[1:4] == ["-m", "gunicorn", "config.wsgi"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:9100"
    assert argv[argv.index("--workers") + 1] == "3"


@override_settings(NSATU_BIND="0.0.0.0:8080", NSATU_WEB_WORKERS=0, NSATU_WEB_TIMEOUT=45)
def test_settings_come_from_the_environment_helpers_and_zero_workers_means_the_default() -> None:
    from nsatu.core.management.commands import serve

    # argparse defaults are read when the parser is built, i.e. per call: the overridden settings apply.
    argv = _dry_run().split()
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:8080"
    assert argv[argv.index("--workers") + 1] == str(serve.default_workers())
    assert argv[argv.index("--timeout") + 1] == "45"


def test_default_workers_follow_the_cores_and_stay_bounded() -> None:
    assert 3 <= default_workers() <= 9


def test_zero_workers_is_refused_with_the_flag_named() -> None:
    with pytest.raises(CommandError, match="--workers=0"):
        _dry_run(workers=0)
