"""Who may do what with accounts and API tokens: the services enforce it, the pages and middleware ask it."""

from __future__ import annotations

from nsatu.accounts.models import ApiToken
from nsatu.core.actors import Actor, Role


def may_manage_users(actor: Actor | None) -> bool:
    """An administrator, or the system itself (the shell and the demo act with no actor)."""
    return actor is None or actor.is_superuser


def may_issue_token(actor: Actor) -> bool:
    return actor.is_authenticated


def may_revoke_token(actor: Actor, token: ApiToken) -> bool:
    return token.user_id == actor.pk or actor.is_superuser


def needs_second_factor(user: Actor) -> bool:
    """Coordinators read every record released to the command: a stolen password alone must not open that."""
    return user.role == Role.COORDINATOR
