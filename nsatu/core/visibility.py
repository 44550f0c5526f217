"""The one rule of who may read what. Every selector builds its queryset on `visible_q`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from nsatu.core.models import Releasability

if TYPE_CHECKING:
    from nsatu.accounts.models import User


def visible_q(user: User | Any, *, prefix: str = "") -> Q:
    rel = f"{prefix}releasability"
    owner = f"{prefix}owner"
    public = Q(**{rel: Releasability.PUBLIC})
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return public
    from nsatu.accounts.models import Role

    role = user.role
    party_id = user.party_id
    own = Q(**{f"{owner}_id": party_id}) if party_id else Q(pk__in=[])
    if role == Role.COORDINATOR:
        return public | Q(**{f"{rel}__in": [Releasability.PARTICIPANTS, Releasability.COMMAND]}) | own
    if role in (Role.DONOR_LIAISON, Role.RECIPIENT_PLANNER):
        return public | Q(**{rel: Releasability.PARTICIPANTS}) | own
    # Analysts and auditors read public data only; the auditor reads the trail through the audit app.
    return public


def readable_releasabilities(user: Any, *, owner_id: int | None) -> list[str]:
    """The releasabilities under which `user` could still read a record owned by `owner_id`.

    The rule of `visible_q`, asked before a write: a user must not create a record that disappears from their
    own view the moment it is saved.
    """
    if owner_id is not None and owner_id == getattr(user, "party_id", None):
        return list(Releasability.values)
    from nsatu.accounts.models import Role

    role = getattr(user, "role", None)
    if role == Role.COORDINATOR:
        return [Releasability.PUBLIC, Releasability.PARTICIPANTS, Releasability.COMMAND]
    if role in (Role.DONOR_LIAISON, Role.RECIPIENT_PLANNER):
        return [Releasability.PUBLIC, Releasability.PARTICIPANTS]
    return [Releasability.PUBLIC]
