"""Scoped tokens: a read-only token reads but cannot write, not even its owner's own records; revoking ends both."""

from __future__ import annotations

from django.core.management import call_command

from nsatu.accounts.models import ApiToken, TokenScope
from nsatu.accounts.services import api_token_issue, api_token_revoke
from nsatu.audit.models import AuditEvent
from nsatu.pledges.models import Pledge
from tests.fixtures.api import ApiCaller


def test_read_only_token_reads_and_is_refused_a_write(world, liaison_de):
    _token, raw = api_token_issue(actor=liaison_de, name="dashboard feed", scope=TokenScope.READ)
    caller = ApiCaller(raw)
    assert caller.get("/api/pledges/").status == 200
    pledge = world.pledge_de_owner
    before = AuditEvent.objects.count()

    response = caller.patch(
        f"/api/pledges/{pledge.pk}", {"version": pledge.version, "quantity": 999}
    )

    assert response.status == 403
    assert "read-only" in response.body["detail"] and raw[:14] in response.body["detail"]
    pledge.refresh_from_db()
    assert pledge.quantity != 999 and AuditEvent.objects.count() == before
    assert (
        caller.post(
            "/api/pledges/", {"donor": "DEU", "recipient": "UKR", "description": "x"}
        ).status
        == 403
    )
    assert Pledge.objects.filter(description="x").count() == 0


def test_write_token_writes_until_revoked(world, liaison_de):
    token, raw = api_token_issue(actor=liaison_de, name="planning script", scope=TokenScope.WRITE)
    pledge = world.pledge_de_owner
    caller = ApiCaller(raw)
    assert (
        caller.patch(f"/api/pledges/{pledge.pk}", {"version": pledge.version, "quantity": 7}).status
        == 200
    )

    api_token_revoke(actor=liaison_de, pk=token.pk)

    response = caller.patch(
        f"/api/pledges/{pledge.pk}", {"version": pledge.version + 1, "quantity": 8}
    )
    assert response.status == 401
    assert caller.get("/api/pledges/").status == 401
    pledge.refresh_from_db()
    assert pledge.quantity == 7


def test_cli_issues_a_read_only_token(world, liaison_de, capsys):
    call_command("token", "create", liaison_de.username, "--name", "feed", "--scope", "read")
    raw = capsys.readouterr().out.strip()
    assert ApiToken.objects.get(name="feed").scope == TokenScope.READ
    assert ApiCaller(raw).get("/api/pledges/").status == 200
    assert ApiCaller(raw).post("/api/flows/", {}).status == 403
