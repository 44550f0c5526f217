"""Who may do what in planning: the services enforce these, the pages, the API and the templates ask them."""

from __future__ import annotations

from nsatu.core.actors import Reader, Role, has_role
from nsatu.planning import workflow
from nsatu.planning.models import AllocationRun, Claim, PlanLine

RUN_STARTERS = (Role.COORDINATOR,)
LINE_DECIDERS = (Role.DONOR_LIAISON,)
CLAIMERS = (Role.DONOR_LIAISON, Role.COORDINATOR)


def may_start_runs(actor: Reader) -> bool:
    return has_role(actor, *RUN_STARTERS)


def may_cancel(actor: Reader, run: AllocationRun) -> bool:
    return may_start_runs(actor) and workflow.run_may_cancel(run.status)


def may_retry(actor: Reader, run: AllocationRun) -> bool:
    return may_start_runs(actor) and workflow.run_may_retry(run.status)


def sees_own_proposals_only(actor: Reader) -> bool:
    """A liaison reads and decides the proposals to its own nation; the pages call them "my proposals"."""
    return has_role(actor, *LINE_DECIDERS)


def decides_for(actor: Reader, line: PlanLine) -> bool:
    """Only a liaison of the donor the proposal is addressed to decides on it."""
    return has_role(actor, *LINE_DECIDERS) and actor is not None and actor.party_id == line.owner_id


def may_decide(actor: Reader, line: PlanLine) -> bool:
    return decides_for(actor, line) and workflow.line_is_open(line.state)


def may_claim(actor: Reader) -> bool:
    return has_role(actor, *CLAIMERS)


def claims_for_any_donor(actor: Reader) -> bool:
    """The command claims in a donor's name; a liaison claims for its own nation only."""
    return has_role(actor, Role.COORDINATOR)


def claims_own_nation_only(actor: Reader) -> bool:
    return has_role(actor, Role.DONOR_LIAISON)


def may_release(actor: Reader, claim: Claim) -> bool:
    if claims_for_any_donor(actor):
        return True
    return claims_own_nation_only(actor) and actor is not None and actor.party_id == claim.donor_id
