"""Generated references (SHP-2026-0007, REP-0012): race-free under concurrent creation, on both databases.

Why a locked counter row and not a retry on IntegrityError: a retry needs a savepoint around the insert and a
bound on attempts, and with 20 writers at once the last one retries up to 19 times; the counter makes each
writer wait once, for the one before it, and never fails. The numbers stay gap-free and in creation order.
SQLite has no row locks, but its writers are serialised by the IMMEDIATE transaction mode, which gives the same
order.
"""

from __future__ import annotations

from django.db import connection, models

from nsatu.core.models import ReferenceCounter


def reference_next(
    *, model: type[models.Model], prefix: str, field: str = "reference", width: int = 4
) -> str:
    """The next free reference under `prefix`, inside the calling service's transaction (the lock lasts until it
    commits, so the reference is the caller's until its row is written)."""
    if not connection.in_atomic_block:
        raise RuntimeError("reference_next runs inside a service's transaction")
    taken = model._default_manager.filter(**{f"{field}__startswith": prefix})
    # A new prefix starts after the references it already has (written before the counter existed, or typed
    # by hand). get_or_create absorbs a concurrent first insert of the prefix: it reads again in a savepoint.
    if not ReferenceCounter.objects.filter(prefix=prefix).exists():
        ReferenceCounter.objects.get_or_create(prefix=prefix, defaults={"last": taken.count()})
    counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix)
    number = counter.last
    while True:
        # Stepped past a reference typed by hand since.
        number += 1
        reference = f"{prefix}{number:0{width}d}"
        if not taken.filter(**{field: reference}).exists():
            break
    counter.last = number
    counter.save(update_fields=["last"])
    return reference
