"""How long a run's lease lasts and how often its worker renews it (docs/allocation-model.md §10).

A worker that stops renewing (killed, out of memory, the machine gone) loses the run after at most one
lease; the reaper then fails it. The heartbeat renews several times per lease so that one slow write does
not lose a live run.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.conf import settings
from django.utils import timezone

LEASE_SECONDS = 60.0
HEARTBEAT_SECONDS = 10.0


def lease_seconds() -> float:
    return float(getattr(settings, "NSATU_RUN_LEASE_SECONDS", LEASE_SECONDS))


def heartbeat_seconds() -> float:
    """At most a third of the lease: two missed beats still leave the run its lease."""
    beat = float(getattr(settings, "NSATU_RUN_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS))
    return min(beat, lease_seconds() / 3)


def lease_until(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(seconds=lease_seconds())


def worker_name() -> str:
    """host:pid of this process, shown on the run so an operator knows which process held it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]
