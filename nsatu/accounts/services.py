from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from nsatu.accounts.models import (
    TOKEN_DAYS_DEFAULT,
    TOKEN_DAYS_MAX,
    TOKEN_USE_RECORDED_EVERY,
    ApiToken,
    TokenScope,
    User,
    hash_token,
)
from nsatu.accounts.otp import totp_device_pending
from nsatu.accounts.rules import (
    may_issue_token,
    may_manage_users,
    may_revoke_token,
    needs_second_factor,
)
from nsatu.accounts.selectors import api_token_get, totp_device_confirmed
from nsatu.audit.services import audit_event_record
from nsatu.core.actors import Actor, Role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.parties.models import Party


@transaction.atomic
def user_upsert(
    *,
    actor: Actor | None,
    username: str,
    role: str,
    party: Party | None,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create or reset a user; only a superuser or the system (CLI, actor=None) may."""
    if not may_manage_users(actor):
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
    *,
    actor: Actor,
    name: str,
    scope: str = TokenScope.WRITE,
    valid_days: int = TOKEN_DAYS_DEFAULT,
    totp: str = "",
) -> tuple[ApiToken, str] | None:
    """Issue a token for the actor; the raw value is returned once and never stored.

    A coordinator's token opens what his login opens, so it takes the same second factor as his login
    (NSATU_REQUIRE_OTP): `totp`, a current code of his authenticator app. A wrong code is answered with None,
    not raised, as in totp_device_verify: its throttling count and its audit event must be kept.
    """
    if not may_issue_token(actor):
        raise PermissionDenied(_("You must be logged in to create an API token."))
    if scope not in TokenScope.values:
        raise ValidationError(
            {"scope": [_("%(s)r is not a token scope; use read or write.") % {"s": scope}]}
        )
    if not 1 <= valid_days <= TOKEN_DAYS_MAX:
        raise ValidationError(
            {
                "valid_days": [
                    _("A token is valid for 1 to %(max)s days, not %(n)s.")
                    % {"max": TOKEN_DAYS_MAX, "n": valid_days}
                ]
            }
        )
    if settings.NSATU_REQUIRE_OTP and needs_second_factor(actor):
        device = totp_device_confirmed(user=actor)
        if device is None:
            raise ValidationError(
                {
                    "totp": [
                        _(
                            "Enrol an authenticator app first: a coordinator's token needs a code "
                            "from it."
                        )
                    ]
                }
            )
        if not totp.strip():
            raise ValidationError(
                {"totp": [_("Enter the current code of your authenticator app.")]}
            )
        if not device.verify_token(totp.strip()):
            audit_event_record(
                actor=actor,
                action="api_token.refused",
                object_type="accounts.user",
                object_id=str(actor.pk),
            )
            return None
    raw = "nsatu_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user_id=actor.pk,
        name=name or "token",
        prefix=raw[6:14],
        digest=hash_token(raw),
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=valid_days),
    )
    audit_event_record(
        actor=actor,
        action="api_token.issue",
        obj=token,
        after={
            "name": token.name,
            "prefix": token.prefix,
            "scope": token.scope,
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return token, raw


@dataclass(frozen=True)
class Revocation:
    token: ApiToken
    already: bool  # revoked before: nothing was written


@transaction.atomic
def api_token_revoke(*, actor: Actor, pk: int) -> Revocation:
    """Revoke one of the actor's own tokens; another user's is NotFound, as if it did not exist."""
    token = api_token_get(user=actor, pk=pk)
    if token.revoked_at is not None:
        return Revocation(token, already=True)
    return Revocation(_revoke(actor=actor, token=token), already=False)


@transaction.atomic
def api_token_revoke_matching(*, prefix: str = "", raw: str = "") -> ApiToken:
    """The shell's revocation, by the prefix shown at creation or by the whole token; recorded as its user's."""
    lookup = {"digest": hash_token(raw)} if raw else {"prefix": prefix}
    tokens = list(
        ApiToken.objects.select_for_update()
        .select_related("user")
        .filter(revoked_at__isnull=True, **lookup)
    )
    shown = raw or prefix
    if not tokens:
        raise ValidationError(_("No active token matches %(p)s.") % {"p": shown})
    if len(tokens) > 1:
        raise ValidationError(
            _("%(n)s active tokens share prefix %(p)s; pass the whole token.")
            % {"n": len(tokens), "p": shown}
        )
    return _revoke(actor=tokens[0].user, token=tokens[0])


def _revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if not may_revoke_token(actor, token):
        raise PermissionDenied(_("You may revoke only your own tokens."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_event_record(actor=actor, action="api_token.revoke", obj=token)
    return token


@transaction.atomic
def api_token_use_record(*, token: ApiToken) -> None:
    """When the token was last used, written at most every TOKEN_USE_RECORDED_EVERY (the authenticator asks only
    then): reads must not queue behind the writer lock on every call."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOKEN_USE_RECORDED_EVERY)
    ).update(last_used_at=now)


@transaction.atomic
def totp_device_confirm(*, actor: Actor, key: str, token: str) -> TOTPDevice:
    """Enrol the authenticator app holding `key` once it shows a current code."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Log in first."))
    if totp_device_confirmed(user=actor) is not None:
        raise ValidationError(
            {"token": [_("An authenticator app is already enrolled for this account.")]}
        )
    device = totp_device_pending(user=actor, key=key)
    device.confirmed = True
    # A wrong code raises, and the device that verify_token saved goes with this transaction.
    if not device.verify_token(token):
        raise ValidationError(
            {
                "token": [
                    _(
                        "That code is not the current one. Check the app's clock and "
                        "try the next code."
                    )
                ]
            }
        )
    audit_event_record(
        actor=actor,
        action="otp.enrol",
        object_type="accounts.user",
        object_id=str(actor.pk),
        after={"device": device.name},
    )
    return device


@transaction.atomic
def totp_device_verify(*, actor: Actor, token: str) -> TOTPDevice | None:
    """The enrolled device when `token` is its current code; None for a wrong one.

    A wrong code is answered with None, not raised: its throttling count and its audit event must be kept, and
    an exception would roll them back with this transaction.
    """
    device = totp_device_confirmed(user=actor)
    if device is None:
        raise ValidationError({"token": [_("No authenticator app is enrolled for this account.")]})
    if not device.verify_token(token):
        audit_event_record(
            actor=actor, action="otp.refused", object_type="accounts.user", object_id=str(actor.pk)
        )
        return None
    return device


@transaction.atomic
def user_profile_update(*, actor: Actor, email: str, language: str) -> User:
    """The signed-in user's own address and language; nobody edits another's here."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Choose one of the offered languages.")]})
    user = User.objects.select_for_update().get(pk=actor.pk)
    before = {"email": user.email, "language": user.language}
    user.email, user.language = email.strip(), language
    user.full_clean(exclude=["password", "username"])
    user.save(update_fields=["email", "language"])
    audit_event_record(
        actor=actor,
        action="user.profile",
        obj=user,
        before=before,
        after={"email": user.email, "language": user.language},
    )
    return user


@transaction.atomic
def user_language_set(*, actor: Actor, language: str) -> User:
    """The language switch in every page's header: the user's language, kept for the next login too."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Choose one of the offered languages.")]})
    user = User.objects.select_for_update().get(pk=actor.pk)
    before = {"language": user.language}
    user.language = language
    user.save(update_fields=["language"])
    audit_event_record(
        actor=actor, action="user.language", obj=user, before=before, after={"language": language}
    )
    return user
