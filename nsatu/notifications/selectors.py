from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from nsatu.core.errors import NotFound
from nsatu.notifications.models import Notification


def notification_list(*, user: Any) -> QuerySet[Notification]:
    """A user's own notices only; nobody reads another's."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def notification_unread_count(*, user: Any) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()


def notification_get(*, user: Any, pk: int) -> Notification:
    notice = notification_list(user=user).filter(pk=pk).first()
    if notice is None:
        raise NotFound(pk)
    return notice
