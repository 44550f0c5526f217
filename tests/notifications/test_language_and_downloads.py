"""Notices read in the recipient's language, whoever caused them, and the notice list downloads as CSV and XLSX
with readable labels and pages in Ukrainian."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from nsatu.needs.services import requirement_create, requirement_transition
from nsatu.notifications.models import Delivery, NoticeKind, Notification
from nsatu.notifications.services import notice_digest_send, notice_preferences_set
from tests.downloads import assert_xlsx_matches_csv, xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(planner, django_capture_on_commit_callbacks):
    draft = requirement_create(
        actor=planner,
        title="155 mm shells for winter",
        capability_area="artillery",
        quantity=Decimal(2000),
        unit="rounds",
        priority=1,
        description="155 mm rounds",
    )
    with django_capture_on_commit_callbacks(execute=True):
        requirement_transition(actor=planner, requirement=draft, to_status="submitted")
    return draft


@pytest.fixture
def ukrainian_coordinator(coordinator):
    coordinator.language = "uk"
    coordinator.email = "ribeiro@nsatu.example"
    coordinator.save()
    notice_preferences_set(
        actor=coordinator, deliveries={NoticeKind.REQUIREMENT_SUBMITTED: Delivery.EMAIL}
    )
    return coordinator


def test_a_notice_reads_in_the_recipients_language(ukrainian_coordinator, submitted):
    notice = Notification.objects.get(recipient=ukrainian_coordinator)
    assert notice.subject.startswith("Потреба ") and "очікує вашої валідації" in notice.subject
    assert mail.outbox and mail.outbox[0].subject == notice.subject


def test_an_english_reader_gets_english(coordinator, submitted):
    notice = Notification.objects.get(recipient=coordinator)
    assert notice.subject.endswith("awaits your validation")


def test_the_digest_subject_is_in_the_recipients_language(
    ukrainian_coordinator, planner, django_capture_on_commit_callbacks
):
    notice_preferences_set(
        actor=ukrainian_coordinator,
        deliveries={NoticeKind.REQUIREMENT_SUBMITTED: Delivery.DIGEST},
    )
    draft = requirement_create(
        actor=planner,
        title="Winter fuel",
        capability_area="artillery",
        quantity=Decimal(1),
        unit="t",
        priority=2,
        description="fuel",
    )
    with django_capture_on_commit_callbacks(execute=True):
        requirement_transition(actor=planner, requirement=draft, to_status="submitted")
        assert notice_digest_send() == 1
    assert mail.outbox[-1].subject == "nsatu: сповіщень за день — 1"


def test_the_list_downloads_with_labels(coordinator, submitted, as_user):
    rows = assert_xlsx_matches_csv(
        as_user(coordinator), reverse("notifications:list"), ["When", "Kind", "Subject"]
    )
    assert len(rows) == 2
    assert rows[1][1] == "Requirement submitted for validation"
    assert isinstance(rows[1][0], dt.datetime)
    assert "requirement_submitted" not in [str(c) for c in rows[1]]


def test_another_users_notices_are_not_downloaded(coordinator, submitted, as_user, liaison_de):
    assert xlsx_rows(as_user(liaison_de), reverse("notifications:list"))[1:] == []


def test_the_list_reads_in_ukrainian(coordinator, submitted, as_user):
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = client.get(reverse("notifications:list")).content.decode()
    assert "<h1>Сповіщення</h1>" in page and "Потребу подано на валідацію" in page
