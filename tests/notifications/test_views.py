from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from nsatu.notifications.models import Notification
from nsatu.notifications.services import notification_send

pytestmark = pytest.mark.django_db


def test_a_notice_is_its_recipients_alone(as_user, coordinator, liaison_de, liaison_pl):
    notice = notification_send(
        actor=coordinator, recipient=liaison_de, subject="Shipment late", body="Overdue", key="k1"
    )
    assert (
        notification_send(
            actor=coordinator, recipient=liaison_de, subject="again", body="", key="k1"
        )
        is None
    )
    assert not mail.outbox  # no address on file: in-app only
    other = as_user(liaison_pl)
    assert "Shipment late" not in other.get(reverse("notifications:list")).content.decode()
    assert other.post(reverse("notifications:read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    assert (
        "Shipment late" in as_user(liaison_de).get(reverse("notifications:list")).content.decode()
    )
    assert Notification.objects.count() == 1
