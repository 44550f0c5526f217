"""Two-factor authentication (TOTP, django-otp) for coordinators: the enrolment helpers and the middleware that asks.

Coordinators see every record released to the command; a stolen password alone must not open that. With
NSATU_REQUIRE_OTP on (the default in production), a coordinator's session reaches nothing but the enrolment and
verification pages until a TOTP code from an authenticator app is entered. The writes (enrolling a device,
checking a code) are services in `nsatu.accounts.services`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from nsatu.accounts.rules import needs_second_factor
from nsatu.accounts.selectors import totp_device_confirmed
from nsatu.core.actors import Actor

DEVICE_NAME = "authenticator app"
WRONG_CODE = gettext_lazy(
    "That code is not the current one (codes change every 30 seconds and each works once)."
)


def totp_device_pending(*, user: Actor, key: str) -> TOTPDevice:
    """The device being enrolled, not saved: its key lives in the session until a code proves the app has it."""
    return TOTPDevice(user_id=user.pk, name=DEVICE_NAME, key=key, confirmed=False)


def totp_key_new() -> str:
    return str(random_hex(20))


def secret_of(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in: base32, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _verified(user: Actor) -> bool:
    # django-otp's OTPMiddleware, which runs before this one, gives the request's user `is_verified`.
    is_verified: Callable[[], bool] = getattr(user, "is_verified", lambda: False)
    return is_verified()


class CoordinatorOTPMiddleware:
    """After django_otp's OTPMiddleware: an unverified coordinator's session is sent to enrol or verify."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.NSATU_REQUIRE_OTP
            and isinstance(user, Actor)
            and user.is_authenticated
            and needs_second_factor(user)
            and not _verified(user)
            and request.path not in self._open_paths()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": _(
                            "Enter your authenticator code at %(url)s before using the API "
                            "with this session."
                        )
                        % {"url": reverse("accounts:otp_verify")}
                    },
                    status=403,
                )
            target = (
                "accounts:otp_verify" if totp_device_confirmed(user=user) else "accounts:otp_setup"
            )
            return redirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @staticmethod
    def _open_paths() -> set[str]:
        return {
            reverse("accounts:otp_setup"),
            reverse("accounts:otp_verify"),
            reverse("accounts:logout"),
            reverse("accounts:login"),
        }
