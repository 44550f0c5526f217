"""API tokens expire (90 days unless chosen, at most a year), a coordinator's token takes his second factor at
creation, and a token's use is recorded at most once a quarter hour, not on every read."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nsatu.accounts.models import TOKEN_DAYS_DEFAULT, TOKEN_USE_RECORDED_EVERY, ApiToken
from nsatu.accounts.services import api_token_issue
from nsatu.audit.models import AuditEvent
from nsatu.core.errors import ValidationError
from tests.fixtures.api import ApiCaller

pytestmark = pytest.mark.django_db


@pytest.fixture
def require_otp(settings):
    settings.NSATU_REQUIRE_OTP = True


@pytest.fixture
def device(coordinator) -> TOTPDevice:
    return TOTPDevice.objects.create(user=coordinator, name="authenticator app", confirmed=True)


def code_of(device: TOTPDevice) -> str:
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(
        device.digits
    )


def issue(actor, **kwargs) -> tuple[ApiToken, str]:
    issued = api_token_issue(actor=actor, name="feed", **kwargs)
    assert issued is not None
    return issued


def test_a_token_expires_after_ninety_days_unless_told_otherwise(liaison_de):
    before = timezone.now()
    token, _raw = issue(liaison_de)
    assert before + dt.timedelta(days=TOKEN_DAYS_DEFAULT) <= token.expires_at
    assert token.expires_at <= timezone.now() + dt.timedelta(days=TOKEN_DAYS_DEFAULT)
    year, _raw = issue(liaison_de, valid_days=365)
    assert (year.expires_at - year.created_at).days == 364 or (year.expires_at - before).days == 365


@pytest.mark.parametrize("days", [0, -1, 366, 10_000])
def test_a_token_lives_one_day_to_one_year(liaison_de, days):
    with pytest.raises(ValidationError, match="1 to 365 days"):
        issue(liaison_de, valid_days=days)
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_401_saying_so(liaison_de):
    token, raw = issue(liaison_de)
    caller = ApiCaller(raw)
    assert caller.get("/api/parties/").status == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = caller.get("/api/parties/")
    assert response.status == 401
    assert f"nsatu_{token.prefix}… expired on" in response.body["detail"]
    assert "create a new one" in response.body["detail"]


def test_reading_records_the_use_at_most_once_a_quarter_hour(liaison_de):
    token, raw = issue(liaison_de)
    caller = ApiCaller(raw)
    caller.get("/api/parties/")
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        caller.get("/api/parties/")
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    a_while_ago = first - TOKEN_USE_RECORDED_EVERY - dt.timedelta(seconds=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=a_while_ago)
    caller.get("/api/parties/")
    assert ApiToken.objects.get(pk=token.pk).last_used_at > a_while_ago


def test_a_coordinators_token_needs_a_current_code(require_otp, coordinator, device):
    with pytest.raises(ValidationError, match="current code"):
        issue(coordinator)
    assert api_token_issue(actor=coordinator, name="feed", totp="000000") is None
    refused = AuditEvent.objects.filter(action="api_token.refused", object_id=str(coordinator.pk))
    assert refused.count() == 1
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # kept: the wrong code was not rolled back
    assert not ApiToken.objects.exists()
    device.throttling_failure_count = 0
    device.save()
    token, _raw = issue(coordinator, totp=code_of(device))
    assert token.user == coordinator


def test_a_coordinator_without_an_app_cannot_create_a_token(require_otp, coordinator):
    with pytest.raises(ValidationError, match="Enrol an authenticator app"):
        issue(coordinator, totp="123456")


def test_other_roles_need_no_code(require_otp, liaison_de):
    assert issue(liaison_de)[0].user == liaison_de


def test_the_command_asks_a_coordinator_for_his_code(require_otp, coordinator, device):
    with pytest.raises(CommandError, match="current code"):
        call_command("token", "create", coordinator.username, "--name", "feed")
    with pytest.raises(CommandError, match="not the current one"):
        call_command("token", "create", coordinator.username, "--name", "feed", "--totp", "000000")
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token",
        "create",
        coordinator.username,
        "--name",
        "feed",
        "--days",
        "30",
        "--totp",
        code_of(device),
        stdout=out,
        stderr=err,
    )
    assert out.getvalue().startswith("nsatu_") and "valid until" in err.getvalue()
    token = ApiToken.objects.get(user=coordinator)
    assert (token.expires_at - token.created_at).days in (29, 30)


def test_the_page_asks_a_coordinator_for_his_code(require_otp, client, coordinator, device):
    client.force_login(coordinator)
    session = client.session
    # The session passed the second factor at login, as the middleware requires.
    session["otp_device_id"] = device.persistent_id
    session.save()
    page = client.get(reverse("accounts:tokens"))
    assert page.status_code == 200 and 'name="totp"' in page.content.decode()
    wrong = client.post(reverse("accounts:tokens"), {"name": "feed", "totp": "000000"})
    assert wrong.status_code == 400 and "not the current one" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    done = client.post(
        reverse("accounts:tokens"), {"name": "feed", "valid_days": "7", "totp": code_of(device)}
    )
    assert done.status_code == 200 and 'data-testid="new-token"' in done.content.decode()
    token = ApiToken.objects.get(user=coordinator)
    assert (token.expires_at - token.created_at).days in (6, 7)
