"""`nsatu worker`: process background tasks (allocation runs) from the database queue until stopped."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS


def worker_thread(*, interval: float = 1.0, max_tasks: int | None = None) -> threading.Thread:
    """The worker loop in a daemon thread of this process, for `nsatu demo`: it cannot outlive the server.

    django-tasks-db's worker sets signal handlers, which only the main thread may do; here the process's own
    handlers stay in charge.
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

    def run() -> None:
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="nsatu-worker", daemon=True)
    thread.start()
    return thread


class Command(BaseCommand):
    help = "Run a background worker on the database task queue (django-tasks-db's db_worker, without autoreload)."

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
        worker_options: dict[str, Any] = {
            "queue_name": "*",
            "interval": options["interval"],
            "reload": False,
            "batch": options["batch"],
            "startup_delay": False,
        }
        if options["max_tasks"]:
            worker_options["max_tasks"] = options["max_tasks"]
        call_command("db_worker", verbosity=options["verbosity"], **worker_options)
