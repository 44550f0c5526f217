from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from nsatu.accounts.models import ApiToken
from nsatu.core.errors import NotFound


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    """A user's own tokens only; nobody lists another user's tokens through the pages."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("revoked_at", "-created_at")


def api_token_get(*, user: Any, pk: int) -> ApiToken:
    token = api_token_list(user=user).filter(pk=pk).first()
    if token is None:
        raise NotFound(pk)
    return token
