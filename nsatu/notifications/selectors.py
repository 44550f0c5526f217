from __future__ import annotations

from django.db.models import QuerySet

from nsatu.core.actors import Reader, is_signed_in
from nsatu.core.errors import NotFound
from nsatu.notifications.models import Notification


def notification_list(*, user: Reader) -> QuerySet[Notification]:
    """A user's own notices only; nobody reads another's."""
    if user is None or not is_signed_in(user):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def notification_unread_count(*, user: Reader) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()


def notification_get(*, user: Reader, pk: int) -> Notification:
    notice = notification_list(user=user).filter(pk=pk).first()
    if notice is None:
        raise NotFound(pk)
    return notice


def notification_sent(*, recipient_id: int, key: str) -> bool:
    """Whether this event was already notified to this recipient."""
    return Notification.objects.filter(recipient_id=recipient_id, key=key).exists()
