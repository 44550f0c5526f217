"""`nsatu serve`: the production server (gunicorn) in front of the application, static files collected first.

The development server of `nsatu demo` serves one request at a time per thread and re-reads static files on
each request; this command is what a deployment runs. Every setting comes from the environment
(`NSATU_BIND`, `NSATU_WEB_WORKERS`, `NSATU_WEB_THREADS`, `NSATU_WEB_TIMEOUT`), so a service unit needs no flags.

Workers are gunicorn's threaded kind (gthread) unless one thread is asked for: a thread waiting on the database
leaves the worker's CPU to another, and a client's connection stays open between its requests (keep-alive)
instead of a new TCP handshake each time. Each thread keeps its database connection for
NSATU_DB_CONN_MAX_AGE seconds (600 here unless set): opening one costs more than a short API read.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

# Seconds a served thread keeps its database connection: the development server and the commands open one per
# request or run (settings' default 0), a server under load should not.
SERVED_CONN_MAX_AGE = 600


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
            "--threads",
            type=int,
            default=settings.NSATU_WEB_THREADS,
            help="threads per worker (NSATU_WEB_THREADS, default 4; 1: gunicorn's sync workers)",
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
        if options["threads"] < 1:
            raise CommandError(f"--threads={options['threads']}: at least 1")
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
        if options["threads"] > 1:
            argv += [
                "--worker-class",
                "gthread",
                "--threads",
                str(options["threads"]),
                "--keep-alive",
                str(settings.NSATU_WEB_KEEPALIVE),
            ]
        if options["dry_run"]:
            self.stdout.write(" ".join(argv))
            return
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"gunicorn, {options['workers']} workers × {options['threads']} threads, "
            f"on http://{options['bind']}/ (Ctrl-C stops)"
        )
        sys.stdout.flush()
        env = dict(os.environ)
        env.setdefault("NSATU_DB_CONN_MAX_AGE", str(SERVED_CONN_MAX_AGE))
        # Replace this process: gunicorn's master then receives the service manager's signals directly.
        os.execve(sys.executable, argv, env)


def _module_available(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None
