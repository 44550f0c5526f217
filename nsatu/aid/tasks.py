"""Background tasks of the aid app (Django's tasks framework; the queue is in the database)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from weakref import WeakKeyDictionary

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.signals import post_delete, post_save
from django.tasks import task, task_backends
from django.tasks.backends.immediate import ImmediateBackend

from nsatu.aid.models import LinkDecision
from nsatu.aid.summaries import donor_lines_refresh
from nsatu.core.models import RecordShare
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge


@task()
def donor_lines_refresh_task(donor: str) -> int:
    return donor_lines_refresh(donor=donor)


def _reaches_readers() -> bool:
    """A warm entry helps only where the pages read it: a cache every process shares (file, db, redis), or a
    queue that runs the task in the writing process. A worker's own memory cache is read by no page."""
    per_process = "locmem" in str(settings.CACHES["default"]["BACKEND"]).lower()
    return not per_process or isinstance(task_backends["default"], ImmediateBackend)


# Per connection, the callback that will queue the donors its open transaction has touched so far.
_QUEUED: WeakKeyDictionary[BaseDatabaseWrapper, tuple[Callable[[], None], set[str]]] = (
    WeakKeyDictionary()
)


def donor_lines_refresh_enqueue(*, donors: Iterable[str]) -> None:
    """After a write that changed these donors' records: once it commits (the task must read what it
    wrote), one task per donor computes its kept lines again (summaries.donor_lines_refresh).

    One task per donor and transaction, however many writes it holds: a queryset's delete sends a signal
    for each row, and an import may drop thousands of one donor's pledges."""
    if not _reaches_readers():
        return
    codes = {code for code in donors if code}
    if not codes:
        return
    connection = transaction.get_connection()
    queued = _QUEUED.get(connection)
    # A rolled-back transaction drops its callback (and the donors with it): only a live one is added to.
    if queued is not None and any(entry[1] is queued[0] for entry in connection.run_on_commit):
        queued[1].update(codes)
        return
    pending = set(codes)

    def flush() -> None:
        _QUEUED.pop(connection, None)
        for code in sorted(pending):
            donor_lines_refresh_task.enqueue(donor=code)

    _QUEUED[connection] = (flush, pending)
    transaction.on_commit(flush)


def _pledge_donors(pledge_ids: Iterable[int | None]) -> list[str]:
    ids = [pk for pk in pledge_ids if pk is not None]
    return list(Pledge.objects.filter(pk__in=ids).values_list("donor__code", flat=True))


def _on_pledge(sender: object, instance: Pledge, **_: object) -> None:
    if not _reaches_readers():  # before any query: most deployments' saves stop here
        return
    code = Party.objects.filter(pk=instance.donor_id).values_list("code", flat=True).first()
    donor_lines_refresh_enqueue(donors=[code] if code else [])


def _on_share(sender: object, instance: RecordShare, **_: object) -> None:
    if not _reaches_readers():
        return
    if instance.content_type_id == ContentType.objects.get_for_model(Pledge).pk:
        donor_lines_refresh_enqueue(donors=_pledge_donors([instance.object_id]))


def _on_decision(sender: object, instance: LinkDecision, **_: object) -> None:
    if not _reaches_readers():
        return
    donor_lines_refresh_enqueue(donors=_pledge_donors([instance.first_id, instance.second_id]))


def donor_lines_refresh_connect() -> None:
    """Warm a donor's kept lines after every write of its pledges, their shares and the link decisions on them
    (the services write them through audit's record_create / record_update / record_share, which save the
    model). Signals, not a call in the pledge services: pledges sit below aid and cannot name it. Bulk writes
    send none: an importer calls donor_lines_refresh_enqueue with the donors it changed."""
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_on_pledge, sender=Pledge, dispatch_uid=f"aid-lines-pledge-{name}")
        signal.connect(_on_share, sender=RecordShare, dispatch_uid=f"aid-lines-share-{name}")
        signal.connect(_on_decision, sender=LinkDecision, dispatch_uid=f"aid-lines-link-{name}")


def donor_lines_refresh_disconnect() -> None:
    for name, signal in (("save", post_save), ("delete", post_delete)):
        for what in ("pledge", "share", "link"):
            signal.disconnect(dispatch_uid=f"aid-lines-{what}-{name}")
