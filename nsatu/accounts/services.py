from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.accounts.models import ApiToken, TokenScope, User, hash_token
from nsatu.audit.services import audit_event_record
from nsatu.core.actors import Actor, Role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.parties.models import Party


@transaction.atomic
def user_upsert(
    *,
    actor: Any,
    username: str,
    role: str,
    party: Party | None,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create or reset a user; only a superuser or the system (CLI, actor=None) may."""
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only an administrator may create users."))
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role %(r)s.") % {"r": role}]})
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "party": party}
    )
    user.role, user.party = role, party
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_event_record(
        actor=actor,
        action="user.create" if created else "user.reset",
        obj=user,
        after={"username": username, "role": role, "party": party.code if party else None},
    )
    return user


@transaction.atomic
def api_token_issue(
    *, actor: Actor, name: str, scope: str = TokenScope.WRITE
) -> tuple[ApiToken, str]:
    """Issue a token for the actor; the raw value is returned once and never stored."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("You must be logged in to create an API token."))
    raw = "nsatu_" + secrets.token_urlsafe(32)
    if scope not in TokenScope.values:
        raise ValidationError(
            {"scope": [_("%(s)r is not a token scope; use read or write.") % {"s": scope}]}
        )
    token = ApiToken.objects.create(
        user_id=actor.pk,
        name=name or "token",
        prefix=raw[6:14],
        digest=hash_token(raw),
        scope=scope,
    )
    audit_event_record(
        actor=actor,
        action="api_token.issue",
        obj=token,
        after={"name": token.name, "prefix": token.prefix, "scope": token.scope},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied(_("You may revoke only your own tokens."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_event_record(actor=actor, action="api_token.revoke", obj=token)
    return token


@transaction.atomic
def api_token_authenticate(*, raw: str, writes: bool = False) -> User | None:
    """The token's user; `writes`: the call would change data, which a read-only token may not."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if writes and token.scope != TokenScope.WRITE:
        raise PermissionDenied(
            _("Token %(prefix)s… is read-only; issue a read-and-write token to change data.")
            % {"prefix": "nsatu_" + token.prefix}
        )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
