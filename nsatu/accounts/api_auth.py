"""Who is calling: a bearer token (scripts, other systems) or the browser's session (the pages' own calls)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from nsatu.accounts.models import User
from nsatu.accounts.selectors import TokenExpired, api_token_caller
from nsatu.accounts.services import api_token_use_record
from nsatu.core.actors import Actor
from nsatu.core.api_common import TOKEN_EXPIRES_KEY

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token:
            return None
        try:
            found = api_token_caller(raw=token.strip(), writes=request.method not in SAFE_METHODS)
        except TokenExpired as exc:
            raise AuthenticationError(message=str(exc)) from exc
        if found is None:
            return None
        if found.use_unrecorded(timezone.now()):
            api_token_use_record(token=found)
        # For the response cache (core.api_common.ApiReadCacheMiddleware): this answer was made for this token,
        # and may not be reused after it expires.
        request.META[TOKEN_EXPIRES_KEY] = found.expires_at.timestamp()
        return found.user


class SessionWithCsrf(APIKeyCookie):
    """Django's login session. Unsafe methods need the CSRF token, as for any form of the site.

    ninja's own `django_auth` checks CSRF before it knows whether anyone is logged in, so an anonymous POST got
    403 instead of 401; here the session is looked at first.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Actor | None:
        user = getattr(request, "user", None)
        if not isinstance(user, Actor) or not user.is_authenticated:
            return None
        if (
            self.csrf
            and request.method not in SAFE_METHODS
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise HttpError(
                403, _("CSRF check failed: a logged-in browser must send the X-CSRFToken header.")
            )
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        user = getattr(request, "user", None)
        return user if isinstance(user, Actor) and user.is_authenticated else None
