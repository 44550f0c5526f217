"""Who acts: the roles of the command and the one type every service and selector takes for its user.

`Actor` is structural so that the kernel and the domains below accounts can name it without importing the
user model; `nsatu.accounts.models.User` is the one class that has it. `Reader` adds "nobody logged in":
exports run without `--as` read what the public may read.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from django.db import models
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from nsatu.core.errors import PermissionDenied


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    DONOR_LIAISON = "donor_liaison", _("Donor liaison")
    RECIPIENT_PLANNER = "recipient_planner", _("Recipient planner")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor")


class PartyLabel(Protocol):
    """What of an actor's party a message may show."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


class PartyHandle(PartyLabel, Protocol):
    """A party a kernel write names by key (a record shared with it), without importing the parties app."""

    @property
    def pk(self) -> int: ...


@runtime_checkable
class Actor(Protocol):
    @property
    def pk(self) -> int: ...

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def role_label(self) -> str: ...

    @property
    def party_id(self) -> int | None: ...

    @property
    def party(self) -> PartyLabel | None: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...


type Reader = Actor | None


def is_signed_in(user: Reader) -> bool:
    """An active, authenticated user (a deactivated account reads and writes nothing beyond the public)."""
    # getattr: Django's AnonymousUser reaches here from a page nobody logged in to, and is no Actor.
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def has_role(user: Reader, *roles: str) -> bool:
    return is_signed_in(user) and user is not None and user.role in roles


def require_role(actor: Reader, *roles: str, action: str) -> None:
    if actor is None or not is_signed_in(actor):
        raise PermissionDenied(
            gettext_now("You must be logged in to %(action)s.") % {"action": action}
        )
    if actor.role not in roles:
        raise PermissionDenied(
            gettext_now("Your role (%(role)s) may not %(action)s.")
            % {"role": actor.role_label, "action": action}
        )
