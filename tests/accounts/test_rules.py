"""Who may manage users, issue and revoke tokens, and who needs a second factor."""

from __future__ import annotations

import pytest

from nsatu.accounts.models import User
from nsatu.accounts.rules import (
    may_issue_token,
    may_manage_users,
    may_revoke_token,
    needs_second_factor,
)
from nsatu.accounts.services import api_token_issue
from nsatu.core.actors import Actor

pytestmark = pytest.mark.django_db


def test_the_user_model_is_the_kernels_actor(coordinator, liaison_de):
    assert isinstance(coordinator, Actor) and isinstance(liaison_de, Actor)
    assert liaison_de.party is not None and liaison_de.party.code == "DEU"


def test_only_the_system_or_an_administrator_manages_users(coordinator):
    assert may_manage_users(None)
    assert not may_manage_users(coordinator)
    admin = User(username="admin", is_superuser=True)
    assert may_manage_users(admin)


def test_tokens_are_their_users_own(liaison_de, liaison_pl):
    token, _raw = api_token_issue(actor=liaison_de, name="feed")
    assert may_issue_token(liaison_pl)
    assert may_revoke_token(liaison_de, token)
    assert not may_revoke_token(liaison_pl, token)
    assert may_revoke_token(User(username="admin", is_superuser=True), token)


def test_coordinators_alone_need_a_second_factor(coordinator, liaison_de, planner, analyst):
    assert needs_second_factor(coordinator)
    assert not any(needs_second_factor(u) for u in (liaison_de, planner, analyst))
