from __future__ import annotations

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from nsatu.accounts.models import ApiToken, User
from nsatu.core.actors import Actor, Reader
from nsatu.core.errors import NotFound


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


def user_by_username(*, username: str) -> User | None:
    return User.objects.filter(username=username).first()


def totp_device_confirmed(*, user: Actor) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("id").first()
