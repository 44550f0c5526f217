"""The lease an executing run holds: only the attempt holding it writes, and a heartbeat renews it while the
solver works (nsatu.planning.execution)."""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from nsatu.planning import lease
from nsatu.planning.models import AllocationRun, RunStatus

logger = logging.getLogger(__name__)


class LeaseLost(Exception):
    """The run was cancelled, or failed by the reaper, while this process worked on it: stop, write nothing."""


def lease_fence(run_id: int, attempt: int) -> Q:
    """Only the attempt that holds the lease may write: a cancel or the reaper changes the status, a retry
    the attempt, and every later write of the old worker then misses."""
    return Q(pk=run_id, status=RunStatus.RUNNING, attempt=attempt)


class Heartbeat:
    """Renews the lease from a thread while the stages run (the solver releases the GIL while it works).

    Not started when the run executes inside the caller's transaction (the immediate task backend of a
    request or a test): no other session sees the run before it commits, and a second connection would
    wait on the first one's lock.
    """

    def __init__(self, run_id: int, attempt: int) -> None:
        self.run_id = run_id
        self.attempt = attempt
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        if not transaction.get_connection().in_atomic_block:
            self._thread = threading.Thread(
                target=self._beat, name=f"run-{self.run_id}-heartbeat", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def check(self) -> None:
        if self.lost.is_set():
            raise LeaseLost(self.run_id)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(lease.heartbeat_seconds()):
                try:
                    now = timezone.now()
                    held = AllocationRun.objects.filter(
                        lease_fence(self.run_id, self.attempt)
                    ).update(heartbeat_at=now, lease_expires_at=lease.lease_until(now))
                except DatabaseError:
                    # A busy database is not a lost lease: the next beat tries again, and the lease
                    # outlasts a few missed beats.
                    logger.warning("run %s: heartbeat not written", self.run_id, exc_info=True)
                    continue
                if not held:
                    self.lost.set()
                    return
        finally:
            connection.close()
