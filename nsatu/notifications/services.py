from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from nsatu.audit.services import record_create
from nsatu.core.actors import Actor
from nsatu.notifications.models import Notification
from nsatu.notifications.selectors import notification_get, notification_sent


class Recipient(Protocol):
    """Whom a notice goes to: a user, named without importing accounts (a sibling of this app)."""

    @property
    def pk(self) -> int: ...

    @property
    def email(self) -> str: ...


@transaction.atomic
def notification_send(
    *,
    actor: Actor | None,
    recipient: Recipient,
    subject: str,
    body: str,
    key: str,
    link: str = "",
) -> Notification | None:
    """Show a notice in the recipient's header and e-mail it; None when this event was already notified."""
    if notification_sent(recipient_id=recipient.pk, key=key):
        return None
    notice = record_create(
        actor=actor,
        action="notification.send",
        obj=Notification(recipient_id=recipient.pk, subject=subject, body=body, link=link, key=key),
    )
    if recipient.email:
        url = f"{settings.NSATU_BASE_URL.rstrip('/')}{link}" if link else ""
        send_mail(subject, f"{body}\n\n{url}".strip(), None, [recipient.email])
    return notice


@transaction.atomic
def notification_mark_read(*, actor: Actor, pk: int) -> Notification:
    """Mark one of the actor's own notices read; another's is NotFound, as if it did not exist."""
    notification = notification_get(user=actor, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
