from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from nsatu.core.actors import Actor, Reader, is_signed_in
from nsatu.core.errors import NotFound
from nsatu.core.models import Record
from nsatu.core.visibility import visible_q
from nsatu.notifications.audiences import AUDIENCES, default_delivery
from nsatu.notifications.models import Delivery, NoticeKind, NoticePreference, Notification


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


def record_readable(*, user: Actor, record: Record) -> bool:
    """Whether `user` may read `record`, by the one visibility rule, whatever the record's domain."""
    manager = type(record)._default_manager
    return manager.filter(visible_q(user), pk=record.pk).exists()


def notice_recipients(
    *, kind: str, subject: Record, party_id: int | None, actor_id: int | None
) -> list[Actor]:
    """The active users the table of audiences names for `kind`, less the actor, who may read `subject`."""
    wanted = Q()
    for audience in AUDIENCES[kind]:
        if not audience.of_party:
            wanted |= Q(role=audience.role)
        elif party_id is not None:
            wanted |= Q(role=audience.role, party_id=party_id)
    if not wanted:
        return []
    users = get_user_model().objects.filter(wanted, is_active=True)
    if actor_id is not None:
        users = users.exclude(pk=actor_id)
    users = users.select_related("party").order_by("pk")
    return [u for u in users if record_readable(user=u, record=subject)]


def notice_deliveries(*, kind: str, user_ids: list[int]) -> dict[int, str]:
    chosen = dict(
        NoticePreference.objects.filter(kind=kind, user_id__in=user_ids).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, default_delivery(kind)) for pk in user_ids}


def notice_preferences_get(*, user: Actor) -> dict[str, str]:
    """Every kind with the user's choice, the default where none was made."""
    chosen = dict(NoticePreference.objects.filter(user_id=user.pk).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, default_delivery(kind)) for kind in NoticeKind.values}


def notices_for_digest() -> QuerySet[Notification]:
    return (
        Notification.objects.filter(delivery=Delivery.DIGEST, digested_at__isnull=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
