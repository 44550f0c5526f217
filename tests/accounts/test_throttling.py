"""Login throttling (django-axes): a password guesser is stopped, a colleague elsewhere is not."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _attempt(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_right_password_is_refused_after_five_failures_from_the_same_address(
    settings, liaison_pl
):
    client = Client()
    for _n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert (
            _attempt(client, liaison_pl.username, "wrong password").status_code == 200
        )  # the form again
    locked = _attempt(client, liaison_pl.username, "wrong password")
    assert locked.status_code == 429
    assert (
        "Too many failed logins" in locked.content.decode()
        and "15 minutes" in locked.content.decode()
    )
    after = _attempt(client, liaison_pl.username, PASSWORD)
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_owner_logs_in_from_another_address_and_success_resets_the_count(
    settings, liaison_pl, liaison_de
):
    attacker = Client()
    for _n in range(settings.AXES_FAILURE_LIMIT):
        _attempt(attacker, liaison_pl.username, "wrong password")
    owner = Client()
    assert _attempt(owner, liaison_pl.username, PASSWORD, address="10.0.0.2").status_code == 302
    # below the limit, a success wipes the failures: four slips and a success do not add up across the day
    other = Client()
    for _n in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(other, liaison_de.username, "wrong password")
    assert _attempt(other, liaison_de.username, PASSWORD).status_code == 302
    again = Client()
    assert _attempt(again, liaison_de.username, "wrong password").status_code == 200
    assert _attempt(again, liaison_de.username, PASSWORD).status_code == 302
