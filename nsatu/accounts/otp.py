"""Two-factor authentication (TOTP, django-otp) for coordinators: the services and the middleware that asks.

Coordinators see every record released to the command; a stolen password alone must not open that. With
NSATU_REQUIRE_OTP on (the default in production), a coordinator's session reaches nothing but the enrolment and
verification pages until a TOTP code from an authenticator app is entered.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from nsatu.audit.services import audit_event_record
from nsatu.core.actors import Actor, Role
from nsatu.core.errors import PermissionDenied, ValidationError

DEVICE_NAME = "authenticator app"


def totp_device_confirmed(*, user: Actor) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def totp_device_pending(*, user: Actor, key: str) -> TOTPDevice:
    """The device being enrolled, not saved: its key lives in the session until a code proves the app has it."""
    return TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=False)


def totp_key_new() -> str:
    return str(random_hex(20))


def totp_device_confirm(*, actor: Actor, key: str, token: str) -> TOTPDevice:
    if not actor.is_authenticated:
        raise PermissionDenied(_("Log in first."))
    if totp_device_confirmed(user=actor) is not None:
        raise ValidationError(
            {"token": [_("An authenticator app is already enrolled for this account.")]}
        )
    device = totp_device_pending(user=actor, key=key)
    device.confirmed = True
    with (
        transaction.atomic()
    ):  # a savepoint: verify_token saves the device, which only a right code may keep
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


def totp_verify(*, actor: Actor, token: str) -> TOTPDevice:
    device = totp_device_confirmed(user=actor)
    if device is None:
        raise ValidationError({"token": [_("No authenticator app is enrolled for this account.")]})
    if not device.verify_token(token):
        audit_event_record(
            actor=actor, action="otp.refused", object_type="accounts.user", object_id=str(actor.pk)
        )
        raise ValidationError(
            {
                "token": [
                    _(
                        "That code is not the current one (codes change every 30 seconds "
                        "and each works once)."
                    )
                ]
            }
        )
    return device


def secret_of(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in: base32, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


class CoordinatorOTPMiddleware:
    """After django_otp's OTPMiddleware: an unverified coordinator's session is sent to enrol or verify."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if (
            settings.NSATU_REQUIRE_OTP
            and user.is_authenticated
            and user.role == Role.COORDINATOR
            and not user.is_verified()
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
