"""Bearer tokens, the login session with its CSRF check, and the `nsatu token` command."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from nsatu.accounts.models import ApiToken
from nsatu.accounts.services import api_token_issue, api_token_revoke
from nsatu.audit.models import AuditEvent
from tests.fixtures.api import ApiCaller


def test_no_credentials_gives_401_with_a_json_message(world):
    response = ApiCaller(None).get("/api/pledges/")
    assert response.status == 401
    assert "Bearer" in response.body["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_valid_token_reads_as_its_user(world, api, liaison_de):
    response = api(liaison_de).get("/api/pledges/")
    assert response.status == 200
    assert world.pledge_de_owner.pk in {p["id"] for p in response.body["items"]}
    assert ApiToken.objects.get(user=liaison_de).last_used_at is not None


def test_a_revoked_token_gives_401(world, liaison_de):
    token, raw = api_token_issue(actor=liaison_de, name="revoked in test")
    assert ApiCaller(raw).get("/api/pledges/").status == 200
    api_token_revoke(actor=liaison_de, pk=token.pk)
    response = ApiCaller(raw).get("/api/pledges/")
    assert response.status == 401
    assert "revoked" in response.body["detail"]


@pytest.mark.parametrize(
    "header", ["Bearer nsatu_not-a-real-token", "Bearer ", "Token abc", "Basic Zm9vOmJhcg=="]
)
def test_malformed_or_unknown_tokens_give_401(world, header):
    response = Client().get("/api/pledges/", headers={"Authorization": header})
    assert response.status_code == 401
    assert "detail" in response.json()


def test_an_inactive_users_token_gives_401(world, liaison_de, tokens):
    liaison_de.is_active = False
    liaison_de.save()
    assert ApiCaller(tokens[liaison_de.username]).get("/api/pledges/").status == 401


def test_the_session_reads_without_a_token(world, liaison_pl):
    client = Client()
    client.force_login(liaison_pl)
    response = client.get("/api/pledges/")
    assert response.status_code == 200
    assert world.pledge_de_owner.pk not in {p["id"] for p in response.json()["items"]}


def test_session_writes_need_the_csrf_token(world, liaison_de):
    client = Client(enforce_csrf_checks=True)
    client.force_login(liaison_de)
    body = {"description": "Gepard ammunition", "quantity": 1000}
    refused = client.post("/api/pledges/", body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not AuditEvent.objects.filter(action="pledge.create").exists()

    # The site's pages set this cookie; the header must repeat it (Django accepts the unmasked secret too).
    secret = "nsatuCsrfSecretForTheApiTests123"
    client.cookies["csrftoken"] = secret
    token = secret
    accepted = client.post(
        "/api/pledges/", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["donor"]["code"] == "DEU"


def test_an_anonymous_write_gives_401_not_a_csrf_error(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/pledges/", {"description": "x", "quantity": 1}, content_type="application/json"
    )
    assert response.status_code == 401


def test_token_command_creates_a_token_shown_once_and_revokes_it(world, liaison_no):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token",
        "create",
        liaison_no.username,
        "--name",
        "NASAMS tracking script",
        stdout=out,
        stderr=err,
    )
    raw = out.getvalue().strip()
    assert raw.startswith("nsatu_")
    token = ApiToken.objects.get(user=liaison_no, name="NASAMS tracking script")
    assert raw not in (token.digest, token.prefix) and token.prefix in err.getvalue()
    assert ApiCaller(raw).get("/api/parties/").status == 200
    assert AuditEvent.objects.filter(action="api_token.issue", object_id=str(token.pk)).exists()

    out = io.StringIO()
    call_command("token", "revoke", f"nsatu_{token.prefix}", stdout=out)
    assert "Revoked" in out.getvalue()
    assert ApiCaller(raw).get("/api/parties/").status == 401
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()
    with pytest.raises(CommandError, match="No active token"):
        call_command("token", "revoke", raw)


def test_token_command_refuses_unknown_users_and_short_prefixes(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("token", "create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="8 characters"):
        call_command("token", "revoke", "abc")
