from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.actors import Actor, Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.ANALYST)
    party = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("party"),
        help_text=_("The nation or organisation this user acts for."),
    )
    # Applied at login and on the profile page (the language cookie LocaleMiddleware reads).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["donor_liaison", "recipient_planner"])
                | models.Q(party__isnull=False),
                name="user_liaison_and_planner_have_party",
            )
        ]

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


TOKEN_DAYS_DEFAULT = 90
TOKEN_DAYS_MAX = 365
# How stale last_used_at may be: a token that reads every second must not write a row every second. Each write
# is also a commit, which turns every answer in the API read cache (core.api_common) cold: a minute, with a few
# scripts reading, emptied the cache every few seconds.
TOKEN_USE_RECORDED_EVERY = dt.timedelta(minutes=15)


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # A leaked token stops working on its own; nobody has to remember to revoke it.
    expires_at = models.DateTimeField(_("expires at"))
    # A script that only reads (a dashboard feed) gets a token that cannot write even if it leaks.
    scope = models.CharField(
        _("scope"), max_length=5, choices=TokenScope.choices, default=TokenScope.WRITE
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def expired(self, now: dt.datetime) -> bool:
        return self.expires_at <= now

    def use_unrecorded(self, now: dt.datetime) -> bool:
        """Whether this use should be written down: the last one recorded is older than
        TOKEN_USE_RECORDED_EVERY."""
        return self.last_used_at is None or now - self.last_used_at >= TOKEN_USE_RECORDED_EVERY


if TYPE_CHECKING:
    # mypy proves here that the user model is the kernel's Actor: a field renamed or retyped fails this line.
    _user_is_an_actor: type[Actor] = User
