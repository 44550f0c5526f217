"""`nsatu serve`: the production server (gunicorn) in front of the application, static files collected first.

The development server of `nsatu demo` serves one request at a time per thread and re-reads static files on
each request; this command is what a deployment runs. Every setting comes from the environment
(`NSATU_BIND`, `NSATU_WEB_WORKERS`, `NSATU_WEB_TIMEOUT`), so a service unit needs no flags.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def default_workers() -> int:
    # gunicorn's documented rule (2 × cores + 1) for request-bound work, capped: past nine workers the
    # database, not Python, is what waits, and each worker holds its own connection.
    return min(2 * (os.cpu_count() or 1) + 1, 9)


class Command(BaseCommand):
    help = "Run the production server (gunicorn) with the static files collected; settings from the environment."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=settings.NSATU_BIND,
            help="address:port (NSATU_BIND, default 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.NSATU_WEB_WORKERS or default_workers(),
            help="worker processes (NSATU_WEB_WORKERS; default 2 × cores + 1, at most 9)",
        )
        parser.add_argument(
            "--migrate", action="store_true", help="apply migrations before serving"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print the gunicorn command and exit"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            raise CommandError(f"--workers={options['workers']}: at least 1")
        if shutil.which("gunicorn") is None and not _module_available("gunicorn"):
            raise CommandError("gunicorn is not installed: pip install -e . installs it")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--timeout",
            str(settings.NSATU_WEB_TIMEOUT),
            "--access-logfile",
            "-",
            # Workers start after the application is imported once: a settings error stops the master at
            # once instead of every worker failing in turn.
            "--preload",
        ]
        if options["dry_run"]:
            self.stdout.write(" ".join(argv))
            return
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"gunicorn, {options['workers']} workers, on http://{options['bind']}/ (Ctrl-C stops)"
        )
        sys.stdout.flush()
        # Replace this process: gunicorn's master then receives the service manager's signals directly.
        os.execv(sys.executable, argv)


def _module_available(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None
