"""Token revocation from the pages (one's own, by id) and from the shell (by prefix)."""

from __future__ import annotations

import pytest

from nsatu.accounts.models import ApiToken
from nsatu.accounts.services import (
    api_token_issue,
    api_token_revoke,
    api_token_revoke_matching,
    user_upsert,
)
from nsatu.audit.models import AuditEvent
from nsatu.core.errors import NotFound, PermissionDenied, ValidationError

pytestmark = pytest.mark.django_db


def test_a_token_is_revoked_once_by_its_user_and_hidden_from_others(liaison_de, liaison_pl):
    token, _raw = api_token_issue(actor=liaison_de, name="feed")
    with pytest.raises(NotFound):
        api_token_revoke(actor=liaison_pl, pk=token.pk)
    first = api_token_revoke(actor=liaison_de, pk=token.pk)
    assert not first.already and first.token.revoked_at is not None
    again = api_token_revoke(actor=liaison_de, pk=token.pk)
    assert again.already and again.token.revoked_at == first.token.revoked_at
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_the_shell_revokes_by_prefix_or_whole_token_and_refuses_an_unknown_one(liaison_de):
    token, raw = api_token_issue(actor=liaison_de, name="feed")
    with pytest.raises(ValidationError, match="No active token matches"):
        api_token_revoke_matching(prefix="zzzzzzzz")
    revoked = api_token_revoke_matching(raw=raw)
    assert revoked.pk == token.pk and revoked.revoked_at is not None
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert event.actor_id == liaison_de.pk  # recorded as the token's own user's
    with pytest.raises(ValidationError, match="No active token matches"):
        api_token_revoke_matching(prefix=token.prefix)
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 0


def test_only_the_system_or_an_administrator_creates_users(coordinator, parties):
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        user_upsert(actor=coordinator, username="x", role="analyst", party=None, password="p")
    made = user_upsert(actor=None, username="x", role="analyst", party=None, password="p")
    assert AuditEvent.objects.filter(action="user.create", object_id=str(made.pk)).exists()
