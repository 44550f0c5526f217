"""Who may save and delete scenarios, as the pages ask it; the services' refusals are in test_services."""

from __future__ import annotations

from nsatu.resilience import rules
from nsatu.resilience.models import Scenario


def test_the_command_and_ukraines_planners_save_scenarios(
    coordinator, planner, liaison_de, analyst
):
    assert [rules.may_save(u) for u in (coordinator, planner, liaison_de, analyst, None)] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_only_the_party_that_saved_a_scenario_deletes_it(coordinator, planner, parties):
    saved_by_ukraine = Scenario(owner_id=parties["UKR"].pk)
    assert rules.may_delete(planner, saved_by_ukraine)
    assert not rules.may_delete(coordinator, saved_by_ukraine)
