from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from nsatu.audit.models import AuditEvent
from nsatu.notifications.models import Delivery, NoticeKind, NoticePreference
from nsatu.notifications.selectors import notice_preferences_get

pytestmark = pytest.mark.django_db


def test_the_profile_sets_address_and_language_and_the_language_applies(as_user, liaison_de):
    client = as_user(liaison_de)
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200
    assert reverse("notifications:preferences") in page.content.decode()
    done = client.post(
        reverse("accounts:profile"), {"email": "weber@nsatu.example", "language": "uk"}
    )
    assert done.status_code == 302
    assert done.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    liaison_de.refresh_from_db()
    assert (liaison_de.email, liaison_de.language) == ("weber@nsatu.example", "uk")
    assert AuditEvent.objects.filter(action="user.profile").count() == 1
    # LocaleMiddleware now answers in the chosen language.
    assert client.get(reverse("accounts:profile")).headers["Content-Language"] == "uk"


def test_a_wrong_address_is_refused_and_nothing_changes(as_user, liaison_de):
    client = as_user(liaison_de)
    answer = client.post(reverse("accounts:profile"), {"email": "not-an-address", "language": "en"})
    assert answer.status_code == 400
    liaison_de.refresh_from_db()
    assert liaison_de.email == ""


def test_the_language_chosen_applies_at_the_next_login(client, liaison_de):
    from tests.conftest import PASSWORD

    liaison_de.language = "uk"
    liaison_de.save()
    answer = client.post(
        reverse("accounts:login"), {"username": liaison_de.username, "password": PASSWORD}
    )
    assert answer.status_code == 302
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"


def test_each_kind_of_notice_gets_its_own_delivery(as_user, planner, coordinator):
    client = as_user(planner)
    section = client.get(reverse("notifications:preferences"), HTTP_HX_REQUEST="true")
    text = section.content.decode()
    assert "<html" not in text and str(NoticeKind.REQUIREMENT_VALIDATED.label) in text
    choices = {kind: Delivery.IN_APP for kind in NoticeKind.values} | {
        NoticeKind.REQUIREMENT_VALIDATED: Delivery.EMAIL,
        NoticeKind.SHIPMENT_LATE: Delivery.DIGEST,
    }
    assert client.post(reverse("notifications:preferences"), choices).status_code == 302
    chosen = notice_preferences_get(user=planner)
    assert chosen[NoticeKind.REQUIREMENT_VALIDATED] == Delivery.EMAIL
    assert chosen[NoticeKind.SHIPMENT_LATE] == Delivery.DIGEST
    # Nobody else's choice moved.
    assert not NoticePreference.objects.filter(user=coordinator).exists()
    assert notice_preferences_get(user=coordinator)[NoticeKind.SHIPMENT_LATE] == Delivery.EMAIL


def test_an_unknown_delivery_is_refused(as_user, planner):
    answer = as_user(planner).post(
        reverse("notifications:preferences"), {NoticeKind.SHIPMENT_LATE: "pigeon"}
    )
    assert answer.status_code == 400
    assert not NoticePreference.objects.exists()
