"""Who may save and delete scenarios (the engine's scenario rules are nsatu.engine.interop.scenario.Rule):
the services enforce these, the pages and the API ask them."""

from __future__ import annotations

from nsatu.core.actors import Reader, Role, has_role
from nsatu.resilience.models import Scenario

# Command staff and Ukraine's planners model donors stepping back; donors do not model one another.
SCENARIO_WRITERS = (Role.COORDINATOR, Role.RECIPIENT_PLANNER)


def may_save(actor: Reader) -> bool:
    return has_role(actor, *SCENARIO_WRITERS)


def owns(actor: Reader, scenario: Scenario) -> bool:
    """Only the party that saved a scenario deletes it."""
    return actor is not None and scenario.owner_id == actor.party_id


def may_delete(actor: Reader, scenario: Scenario) -> bool:
    return may_save(actor) and owns(actor, scenario)
