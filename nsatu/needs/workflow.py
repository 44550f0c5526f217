"""Who may move a requirement from one status to the next."""

from __future__ import annotations

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

# Fields a planner may still edit; after validation the coordinator's check would be bypassed.
EDITABLE_STATUSES = frozenset({S.DRAFT})


def may_transition(
    *, role: str, actor_party_id: int | None, owner_id: int | None, status: str, to: str
) -> bool:
    if role not in TRANSITIONS.get((status, to), frozenset()):
        return False
    # A planner acts only on its own party's requirements; requirement_transition enforces the same rule.
    return not (role == Role.RECIPIENT_PLANNER and owner_id != actor_party_id)


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
