from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from itertools import groupby
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record, record_create
from nsatu.core.actors import Actor
from nsatu.core.errors import ValidationError
from nsatu.core.models import Record
from nsatu.notifications.audiences import SUBJECTS
from nsatu.notifications.models import Delivery, NoticeKind, NoticePreference, Notification
from nsatu.notifications.selectors import (
    notice_deliveries,
    notice_recipients,
    notices_for_digest,
    notification_get,
    notification_sent,
)


class Recipient(Protocol):
    """Whom a notice goes to: a user, named without importing accounts (a sibling of this app)."""

    @property
    def pk(self) -> int: ...

    @property
    def email(self) -> str: ...


def _language_of(recipient: object) -> str | None:
    """The language a recipient chose (accounts' `User.language`); None reads the site's default."""
    return getattr(recipient, "language", "") or None


def _absolute(link: str) -> str:
    return f"{settings.NSATU_BASE_URL.rstrip('/')}{link}" if link else ""


def _mail(subject: str, body: str, to: str) -> None:
    send_mail(subject, body, None, [to])


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
        send_mail(subject, f"{body}\n\n{_absolute(link)}".strip(), None, [recipient.email])
    return notice


def _notice_key(*, kind: str, subject: Record, occasion: str = "") -> str:
    """One event: a kind, a record and, where the same move can recur (a resubmission), its occasion."""
    return f"{kind}:{subject._meta.label_lower}:{subject.pk}:{occasion}"[:120]


@transaction.atomic
def notice_emit(
    *,
    actor: Actor | None,
    kind: NoticeKind | None,
    subject: Record,
    link: str = "",
    party_id: int | None = None,
    occasion: str = "",
    label: str = "",
    body: str = "",
) -> list[Notification]:
    """Tell of one hand-off the people its kind concerns who may read `subject`, once per event and person.

    `party_id` names the party concerned when it is not the subject's owner; `kind` None emits nothing, so a
    caller can pass a lookup that has no notice for some moves. E-mails leave only once the caller's
    transaction commits: a rolled-back hand-off tells nobody.
    """
    if kind is None:
        return []
    key = _notice_key(kind=kind, subject=subject, occasion=occasion)
    recipients = notice_recipients(
        kind=kind,
        subject=subject,
        party_id=party_id if party_id is not None else subject.owner_id,
        actor_id=actor.pk if actor is not None else None,
    )
    deliveries = notice_deliveries(kind=kind, user_ids=[r.pk for r in recipients])
    sent = []
    for recipient in recipients:
        if notification_sent(recipient_id=recipient.pk, key=key):
            continue
        # Each person reads the notice in the language they chose, whoever caused it.
        with translation.override(_language_of(recipient)):
            title = (SUBJECTS[kind] % {"record": label or str(subject)})[:200]
        delivery = deliveries[recipient.pk]
        # Not audited again: the hand-off it reports is the domain service's audited event, and a notice
        # holds no decision of its own.
        sent.append(
            Notification.objects.create(
                recipient_id=recipient.pk,
                subject=title,
                body=body,
                link=link,
                key=key,
                kind=kind,
                delivery=delivery,
            )
        )
        address = getattr(recipient, "email", "")
        if delivery == Delivery.EMAIL and address:
            text = f"{body}\n\n{_absolute(link)}".strip()
            transaction.on_commit(partial(_mail, title, text, address))
    return sent


@transaction.atomic
def notice_digest_send() -> int:
    """One e-mail per person listing the notices they chose to receive as a digest; the number of e-mails."""
    now = timezone.now()
    mails = 0
    pending = list(notices_for_digest())
    for _recipient, group in groupby(pending, key=lambda n: n.recipient_id):
        notices = list(group)
        address = notices[0].recipient.email
        if address:
            lines = [f"- {n.subject} {_absolute(n.link)}".rstrip() for n in notices]
            with translation.override(_language_of(notices[0].recipient)):
                subject = _("nsatu: %(n)s notices of the day") % {"n": len(notices)}
            transaction.on_commit(partial(_mail, subject, "\n".join(lines), address))
            mails += 1
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digested_at=now)
    return mails


@transaction.atomic
def notice_preferences_set(*, actor: Actor, deliveries: Mapping[str, str]) -> None:
    """The actor's own choice per kind; nobody sets another's."""
    unknown = sorted(
        k for k, d in deliveries.items() if k not in NoticeKind.values or d not in Delivery.values
    )
    if unknown:
        raise ValidationError({"__all__": [_("Unknown notice kinds: %(k)s") % {"k": unknown}]})
    before = dict(NoticePreference.objects.filter(user_id=actor.pk).values_list("kind", "delivery"))
    for kind, delivery in deliveries.items():
        NoticePreference.objects.update_or_create(
            user_id=actor.pk, kind=kind, defaults={"delivery": delivery}
        )
    audit_event_record(
        actor=actor,
        action="notice_preference.set",
        object_type="notice_preference",
        object_id=str(actor.pk),
        before=before,
        after=dict(deliveries),
    )


@transaction.atomic
def notification_mark_read(*, actor: Actor, pk: int) -> Notification:
    """Mark one of the actor's own notices read; another's is NotFound, as if it did not exist."""
    notification = notification_get(user=actor, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
