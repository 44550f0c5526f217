"""Background tasks of the aid app (Django's tasks framework; the queue is in the database)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
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


def donor_lines_refresh_enqueue(*, donors: Iterable[str]) -> None:
    """After a write that changed these donors' records: once it commits (the task must read what it
    wrote), one task per donor computes its kept lines again (summaries.donor_lines_refresh)."""
    if not _reaches_readers():
        return
    for code in sorted(set(donors)):
        transaction.on_commit(partial(donor_lines_refresh_task.enqueue, donor=code))


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
