from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from nsatu.audit.services import record_create
from nsatu.core.errors import NotFound
from nsatu.notifications.models import Notification


@transaction.atomic
def notification_send(
    *, actor: Any, recipient: Any, subject: str, body: str, key: str, link: str = ""
) -> Notification | None:
    """Show a notice in the recipient's header and e-mail it; None when this event was already notified."""
    if Notification.objects.filter(recipient=recipient, key=key).exists():
        return None
    notice = record_create(
        actor=actor,
        action="notification.send",
        obj=Notification(recipient=recipient, subject=subject, body=body, link=link, key=key),
    )
    if recipient.email:
        url = f"{settings.NSATU_BASE_URL.rstrip('/')}{link}" if link else ""
        send_mail(subject, f"{body}\n\n{url}".strip(), None, [recipient.email])
    return notice


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise NotFound(notification.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
