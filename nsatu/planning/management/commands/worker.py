"""`nsatu worker`: process background tasks (allocation runs) from the database queue until stopped.

Besides the queue's own loop, a worker reaps: at start-up and then every heartbeat it fails the runs whose
lease ran out (their worker died; docs/allocation-model.md §10).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connection, connections
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS

from nsatu.planning import lease
from nsatu.planning.execution import runs_reap

logger = logging.getLogger(__name__)


def reaper_thread(*, stop: threading.Event | None = None) -> threading.Thread:
    """Reap now, then every heartbeat, in a daemon thread (it dies with the worker)."""
    stop = stop or threading.Event()

    def run() -> None:
        try:
            while True:
                try:
                    reaped = runs_reap()
                except DatabaseError:
                    logger.warning("reaper: the database refused; trying again", exc_info=True)
                else:
                    if reaped:
                        logger.warning("reaper: runs %s failed, their lease expired", reaped)
                if stop.wait(lease.heartbeat_seconds()):
                    return
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="nsatu-reaper", daemon=True)
    thread.start()
    return thread


def worker_thread(*, interval: float = 1.0, max_tasks: int | None = None) -> threading.Thread:
    """The worker loop in a daemon thread of this process, for `nsatu demo`: it cannot outlive the server.

    django-tasks-db's worker sets signal handlers, which only the main thread may do; here the process's own
    handlers stay in charge. The server starting it reaps what a previous server left behind.
    """
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=False,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=f"thread-{threading.get_native_id()}",
        excluded_queue_names=[],
    )

    stop = threading.Event()

    def run() -> None:
        try:
            worker.run()
        finally:
            stop.set()  # the reaper goes with the worker
            connections.close_all()

    reaper_thread(stop=stop)
    thread = threading.Thread(target=run, name="nsatu-worker", daemon=True)
    thread.start()
    return thread


class Command(BaseCommand):
    help = (
        "Run a background worker on the database task queue (django-tasks-db's db_worker, without "
        "autoreload), and fail the runs whose worker died (their lease expired)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="process what is queued, then exit"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between polls when idle"
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="exit after this many tasks"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reaped = runs_reap()  # at start-up, before taking anything: what a dead worker left
        if reaped and options["verbosity"]:
            self.stderr.write(
                f"Runs {', '.join(map(str, reaped))} failed: their worker stopped (lease expired)."
            )
        stop = threading.Event()
        if not options["batch"]:
            reaper_thread(stop=stop)
        worker_options: dict[str, Any] = {
            "queue_name": "*",
            "interval": options["interval"],
            "reload": False,
            "batch": options["batch"],
            "startup_delay": False,
        }
        if options["max_tasks"]:
            worker_options["max_tasks"] = options["max_tasks"]
        try:
            call_command("db_worker", verbosity=options["verbosity"], **worker_options)
        finally:
            stop.set()
