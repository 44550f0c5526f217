"""Who may do what in planning, as the pages ask it; the services' refusals are in test_services."""

from __future__ import annotations

from nsatu.planning import rules
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine


def test_only_the_coordinator_starts_cancels_and_retries_runs(
    coordinator, liaison_de, planner, analyst
):
    assert [rules.may_start_runs(u) for u in (coordinator, liaison_de, planner, analyst, None)] == [
        True,
        False,
        False,
        False,
        False,
    ]
    queued, failed, done = (AllocationRun(status=s) for s in ("queued", "failed", "done"))
    assert rules.may_cancel(coordinator, queued) and not rules.may_cancel(coordinator, failed)
    assert rules.may_retry(coordinator, failed) and not rules.may_retry(coordinator, done)
    assert not rules.may_cancel(liaison_de, queued) and not rules.may_retry(planner, failed)


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
