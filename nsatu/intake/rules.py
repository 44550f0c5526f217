"""Who may store documents and review the claims read from them: the services enforce these, the pages and
the API ask them."""

from __future__ import annotations

from nsatu.core.actors import Reader, Role, has_role
from nsatu.intake.models import Claim

INGEST_ROLES = (Role.COORDINATOR, Role.DONOR_LIAISON, Role.ANALYST, Role.RECIPIENT_PLANNER)
REVIEWERS = (Role.COORDINATOR, Role.DONOR_LIAISON)
# What a reviewer may correct of what was read; the rest is the text's own evidence.
EDITABLE_FIELDS = (
    "donor",
    "recipient",
    "kind",
    "item_type",
    "quantity",
    "amount",
    "currency",
    "mechanism",
    "date_announced",
)


def may_ingest(actor: Reader) -> bool:
    return has_role(actor, *INGEST_ROLES)


def may_review_claims(actor: Reader) -> bool:
    return has_role(actor, *REVIEWERS)


def reviews_any_donor(actor: Reader) -> bool:
    return has_role(actor, Role.COORDINATOR)


def reviews_own_nation_only(actor: Reader) -> bool:
    """A liaison reviews the claims about its own nation and the unassigned ones, and assigns them only to it."""
    return has_role(actor, Role.DONOR_LIAISON)


def reviews_donor(actor: Reader, donor_id: int | None) -> bool:
    if reviews_any_donor(actor):
        return True
    return (
        reviews_own_nation_only(actor) and actor is not None and donor_id in (None, actor.party_id)
    )


def may_review(actor: Reader, claim: Claim) -> bool:
    return claim.is_pending and reviews_donor(actor, claim.donor_id)
