"""Who may move a requirement from one status to the next."""

from __future__ import annotations

from nsatu.accounts.models import Role
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


def allowed_targets(*, status: str, role: str) -> list[str]:
    return [to for (frm, to), roles in TRANSITIONS.items() if frm == status and role in roles]
