"""Who may move a requirement from one status to the next."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from nsatu.core.actors import Role
from nsatu.needs.models import RequirementStatus as S

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.SUBMITTED): frozenset({Role.RECIPIENT_PLANNER}),
    (S.SUBMITTED, S.DRAFT): frozenset({Role.COORDINATOR, Role.RECIPIENT_PLANNER}),
    (S.SUBMITTED, S.VALIDATED): frozenset({Role.COORDINATOR}),
    (S.VALIDATED, S.PUBLISHED): frozenset({Role.COORDINATOR}),
    (S.PUBLISHED, S.CLOSED): frozenset({Role.COORDINATOR}),
    (S.DRAFT, S.CANCELLED): frozenset({Role.RECIPIENT_PLANNER, Role.COORDINATOR}),
    (S.SUBMITTED, S.CANCELLED): frozenset({Role.RECIPIENT_PLANNER, Role.COORDINATOR}),
    (S.VALIDATED, S.CANCELLED): frozenset({Role.RECIPIENT_PLANNER, Role.COORDINATOR}),
    (S.PUBLISHED, S.CANCELLED): frozenset({Role.RECIPIENT_PLANNER, Role.COORDINATOR}),
}

# The verb on each workflow button, by target status.
ACTION_LABELS = {
    S.SUBMITTED: gettext_lazy("Submit for validation"),
    S.DRAFT: gettext_lazy("Return to draft"),
    S.VALIDATED: gettext_lazy("Validate"),
    S.PUBLISHED: gettext_lazy("Publish"),
    S.CLOSED: gettext_lazy("Close"),
    S.CANCELLED: gettext_lazy("Cancel requirement"),
}

# Fields a planner may still edit; after validation the coordinator's check would be bypassed.
EDITABLE_STATUSES = frozenset({S.DRAFT})


def outside_own_party(*, role: str, actor_party_id: int | None, owner_id: int | None) -> bool:
    """A planner moves only its own party's requirements; the command moves any."""
    return role == Role.RECIPIENT_PLANNER and owner_id != actor_party_id


def may_transition(
    *, role: str, actor_party_id: int | None, owner_id: int | None, status: str, to: str
) -> bool:
    if role not in TRANSITIONS.get((status, to), frozenset()):
        return False
    return not outside_own_party(role=role, actor_party_id=actor_party_id, owner_id=owner_id)


def allowed_targets(
    *, role: str, actor_party_id: int | None, owner_id: int | None, status: str
) -> list[str]:
    return [
        to
        for frm, to in TRANSITIONS
        if frm == status
        and may_transition(
            role=role, actor_party_id=actor_party_id, owner_id=owner_id, status=status, to=to
        )
    ]
