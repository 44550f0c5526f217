"""Who may do what in planning, as the pages ask it; the services' refusals are in test_services."""

from __future__ import annotations

from nsatu.planning import rules
from nsatu.planning.models import Claim, LineState, PlanLine


def test_only_the_coordinator_starts_runs_and_sees_what_a_run_left_out(
    coordinator, liaison_de, planner, analyst
):
    assert [rules.may_start_runs(u) for u in (coordinator, liaison_de, planner, analyst, None)] == [
        True,
        False,
        False,
        False,
        False,
    ]
    assert rules.sees_left_out(coordinator) and not rules.sees_left_out(liaison_de)


def test_a_liaison_decides_its_own_nations_open_proposals_only(
    coordinator, liaison_de, liaison_pl, parties
):
    german = PlanLine(owner_id=parties["DEU"].pk, state=LineState.PROPOSED)
    assert rules.may_decide(liaison_de, german)
    assert not rules.may_decide(liaison_pl, german) and not rules.may_decide(coordinator, german)
    german.state = LineState.ACCEPTED
    assert rules.decides_for(liaison_de, german) and not rules.may_decide(liaison_de, german)
    assert rules.sees_own_proposals_only(liaison_de) and not rules.sees_own_proposals_only(
        coordinator
    )


def test_claims_the_command_for_anyone_a_liaison_for_its_nation(
    coordinator, liaison_de, liaison_pl, planner, parties
):
    claim = Claim(donor_id=parties["DEU"].pk)
    assert [rules.may_claim(u) for u in (coordinator, liaison_de, planner)] == [True, True, False]
    assert rules.claims_for_any_donor(coordinator) and not rules.claims_for_any_donor(liaison_de)
    assert rules.may_release(coordinator, claim) and rules.may_release(liaison_de, claim)
    assert not rules.may_release(liaison_pl, claim) and not rules.may_release(planner, claim)
