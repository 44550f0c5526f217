"""The header's language switch: stored on the user, applied at once and at the next login, audited, refusing
a language not offered, and sending the user back only to a page of this site."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from nsatu.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_switch_is_in_every_page_header(as_user, planner):
    page = as_user(planner).get(reverse("notifications:list")).content.decode()
    assert 'data-testid="language-switch"' in page and reverse("accounts:language") in page
    assert 'value="uk"' in page


def test_switching_stores_the_language_on_the_user_and_applies_it(as_user, planner):
    client = as_user(planner)
    back = reverse("notifications:list")
    answer = client.post(reverse("accounts:language"), {"language": "uk", "next": back})
    assert answer.status_code == 302 and answer["Location"] == back
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    planner.refresh_from_db()
    assert planner.language == "uk"
    page = client.get(back)
    assert page.headers["Content-Language"] == "uk"
    assert "<h1>Сповіщення</h1>" in page.content.decode()
    # The way back is named in its own language, as a reader who does not read Ukrainian looks for it.
    assert 'lang="en">English</button>' in page.content.decode()


def test_the_switch_goes_back_to_the_page_it_was_on(as_user, planner):
    back = reverse("notifications:list")
    answer = as_user(planner).post(
        reverse("accounts:language"), {"language": "uk"}, HTTP_REFERER=f"http://testserver{back}"
    )
    assert answer.status_code == 302 and answer["Location"] == f"http://testserver{back}"


def test_the_switch_is_audited_with_before_and_after(as_user, planner):
    as_user(planner).post(reverse("accounts:language"), {"language": "uk", "next": "/"})
    event = AuditEvent.objects.get(action="user.language")
    assert event.before == {"language": planner.language} and event.after == {"language": "uk"}


def test_the_chosen_language_applies_at_the_next_login(as_user, planner):
    as_user(planner).post(reverse("accounts:language"), {"language": "uk", "next": "/"})
    fresh = Client()
    answer = fresh.post(
        reverse("accounts:login"), {"username": planner.username, "password": PASSWORD}
    )
    assert answer.status_code == 302
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "uk"
    assert fresh.get(reverse("notifications:list")).headers["Content-Language"] == "uk"


def test_an_unknown_language_is_refused_and_nothing_changes(as_user, planner):
    before = planner.language
    client = as_user(planner)
    answer = client.post(reverse("accounts:language"), {"language": "xx", "next": "/"})
    assert answer.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in answer.cookies
    planner.refresh_from_db()
    assert planner.language == before
    assert not AuditEvent.objects.filter(action="user.language").exists()
    assert any("offered languages" in str(m) for m in get_messages(answer.wsgi_request))


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""]
)
def test_next_must_be_a_page_of_this_site(as_user, planner, target):
    answer = as_user(planner).post(reverse("accounts:language"), {"language": "uk", "next": target})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("dashboards:overview")


def test_a_get_or_an_anonymous_post_changes_nothing(as_user, planner):
    assert as_user(planner).get(reverse("accounts:language")).status_code == 405
    anonymous = Client().post(reverse("accounts:language"), {"language": "uk"})
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    planner.refresh_from_db()
    assert planner.language != "uk"
