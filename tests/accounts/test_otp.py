"""TOTP for coordinators: with NSATU_REQUIRE_OTP on, a coordinator's password alone opens nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nsatu.audit.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def require_otp(settings):
    settings.NSATU_REQUIRE_OTP = True


def _code(device: TOTPDevice, *, step: int = 0) -> str:
    return str(
        totp(
            device.bin_key,
            step=device.step,
            t0=device.t0,
            digits=device.digits,
            drift=device.drift + step,
        )
    ).zfill(device.digits)


def _secret(device: TOTPDevice) -> str:
    from nsatu.accounts.otp import secret_of

    return secret_of(device)


def _log_in(client: Client, user) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_a_coordinator_without_an_app_is_sent_to_enrol_then_reaches_the_page(
    require_otp, coordinator
):
    client = Client()
    _log_in(client, coordinator)
    first = client.get("/pledges/")
    assert first.status_code == 302 and first["Location"].startswith(reverse("accounts:otp_setup"))
    page = client.get(first["Location"]).content.decode()
    assert 'data-testid="otp-secret"' in page
    assert client.get(reverse("accounts:otp_setup")).status_code == 200
    device = TOTPDevice(
        key=client.session["otp_pending_key"]
    )  # what the app was given; a reload keeps it
    assert _secret(device) in page
    assert not TOTPDevice.objects.exists()  # showing the key writes nothing
    wrong = client.post(
        reverse("accounts:otp_setup"),
        {"token": "000000" if _code(device) != "000000" else "111111"},
    )
    assert wrong.status_code == 200 and "not the current one" in wrong.content.decode()
    assert not TOTPDevice.objects.exists()
    done = client.post(reverse("accounts:otp_setup"), {"token": _code(device), "next": "/pledges/"})
    assert done.status_code == 302 and done["Location"] == "/pledges/"
    assert client.get("/pledges/").status_code == 200
    assert AuditEvent.objects.filter(action="otp.enrol").count() == 1
    assert TOTPDevice.objects.get(user=coordinator).confirmed


def test_the_next_login_asks_for_a_code_and_refuses_a_wrong_one(require_otp, coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    client = Client()
    _log_in(client, coordinator)
    asked = client.get("/")
    assert asked["Location"].startswith(reverse("accounts:otp_verify"))
    assert client.get("/api/pledges/").status_code == 403
    refused = client.post(reverse("accounts:otp_verify"), {"token": "12345"})
    assert "six digits" in refused.content.decode()
    wrong = "000000" if _code(device) != "000000" else "111111"
    assert (
        "not the current one"
        in client.post(reverse("accounts:otp_verify"), {"token": wrong}).content.decode()
    )
    # the refusal is kept: django-otp's throttling counts it (guessing slows down), and the trail records it
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert AuditEvent.objects.filter(action="otp.refused").count() == 1
    device.throttling_failure_count, device.throttling_failure_timestamp = (
        0,
        None,
    )  # no wait in the test
    device.save()
    assert client.get("/").status_code == 302
    ok = client.post(
        reverse("accounts:otp_verify"), {"token": _code(device), "next": "https://evil.example/"}
    )
    assert ok.status_code == 302 and ok["Location"] == reverse(
        "dashboards:overview"
    )  # no open redirect
    assert client.get("/").status_code == 200
    assert client.get("/api/pledges/").status_code == 200
    # a code works once: a second session cannot replay it
    other = Client()
    _log_in(other, coordinator)
    replay = other.post(reverse("accounts:otp_verify"), {"token": _code(device)})
    assert replay.status_code == 200 and "not the current one" in replay.content.decode()


def test_other_roles_are_not_asked(require_otp, liaison_pl, planner):
    for user in (liaison_pl, planner):
        client = Client()
        _log_in(client, user)
        assert client.get("/pledges/").status_code == 200


def test_off_outside_production_by_default(settings, coordinator):
    assert (
        settings.NSATU_REQUIRE_OTP is False
    )  # NSATU_ENV=test; production turns it on (test_settings)
    client = Client()
    _log_in(client, coordinator)
    assert client.get("/pledges/").status_code == 200
