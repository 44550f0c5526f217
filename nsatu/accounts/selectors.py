from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from nsatu.accounts.models import ApiToken, TokenScope, User, hash_token
from nsatu.core.actors import Actor, Reader
from nsatu.core.errors import NotFound, PermissionDenied


def api_token_list(*, user: Reader) -> QuerySet[ApiToken]:
    """A user's own tokens only; nobody lists another user's tokens through the pages."""
    if user is None or not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("revoked_at", "-created_at")


def api_token_get(*, user: Reader, pk: int) -> ApiToken:
    token = api_token_list(user=user).filter(pk=pk).first()
    if token is None:
        raise NotFound(pk)
    return token


class TokenExpired(Exception):
    """A token past its expiry: the caller is told so (401), not merely "not valid"."""


def api_token_caller(*, raw: str, writes: bool = False) -> ApiToken | None:
    """The active token with this value, its user loaded, or None. A read without a transaction: it runs on every
    API call. `writes`: the call would change data, which a read-only token may not."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.expired(timezone.now()):
        raise TokenExpired(
            _(
                "API token %(prefix)s… expired on %(at)s; create a new one (nsatu token create, or "
                "the API tokens page)."
            )
            % {"prefix": "nsatu_" + token.prefix, "at": f"{token.expires_at:%Y-%m-%d %H:%M} UTC"}
        )
    if writes and token.scope != TokenScope.WRITE:
        raise PermissionDenied(
            _("Token %(prefix)s… is read-only; issue a read-and-write token to change data.")
            % {"prefix": "nsatu_" + token.prefix}
        )
    return token


def user_by_username(*, username: str) -> User | None:
    return User.objects.filter(username=username).first()


def totp_device_confirmed(*, user: Actor) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("id").first()
