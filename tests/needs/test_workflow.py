"""Who may move a requirement: the role's transitions, and a planner only on its own party's requirements."""

from __future__ import annotations

from nsatu.core.actors import Role
from nsatu.needs.models import RequirementStatus as S
from nsatu.needs.workflow import allowed_targets, may_transition

UKR, POL = 1, 2


def test_a_planner_moves_only_its_own_partys_requirements():
    assert may_transition(
        role=Role.RECIPIENT_PLANNER,
        actor_party_id=UKR,
        owner_id=UKR,
        status=S.DRAFT,
        to=S.SUBMITTED,
    )
    assert not may_transition(
        role=Role.RECIPIENT_PLANNER,
        actor_party_id=POL,
        owner_id=UKR,
        status=S.DRAFT,
        to=S.SUBMITTED,
    )
    assert allowed_targets(
        role=Role.RECIPIENT_PLANNER, actor_party_id=UKR, owner_id=UKR, status=S.PUBLISHED
    ) == [S.CANCELLED]
    assert (
        allowed_targets(
            role=Role.RECIPIENT_PLANNER, actor_party_id=POL, owner_id=UKR, status=S.PUBLISHED
        )
        == []
    )


def test_the_coordinator_acts_on_any_owner_and_others_on_none():
    assert allowed_targets(
        role=Role.COORDINATOR, actor_party_id=99, owner_id=UKR, status=S.SUBMITTED
    ) == [S.DRAFT, S.VALIDATED, S.CANCELLED]
    for role in (Role.DONOR_LIAISON, Role.ANALYST, Role.AUDITOR):
        assert (
            allowed_targets(role=role, actor_party_id=UKR, owner_id=UKR, status=S.SUBMITTED) == []
        )


def test_a_transition_not_in_the_table_is_refused_to_everyone():
    for role in Role.values:
        assert not may_transition(
            role=role, actor_party_id=UKR, owner_id=UKR, status=S.DRAFT, to=S.PUBLISHED
        )
        assert not may_transition(
            role=role, actor_party_id=UKR, owner_id=UKR, status=S.CLOSED, to=S.DRAFT
        )
