"""Who may write requirements: asked by the pages and the API, enforced by nsatu.needs.services."""

from __future__ import annotations

from nsatu.core.actors import Actor, Reader, Role, has_role
from nsatu.needs.models import Requirement
from nsatu.needs.workflow import EDITABLE_STATUSES, allowed_targets

# Requirements are Ukraine's own statement of need: only its planners write them.
WRITERS = (Role.RECIPIENT_PLANNER,)
EDITABLE_FIELDS = (
    "title",
    "capability_area",
    "item_type",
    "ammunition_family",
    "description",
    "quantity",
    "unit",
    "unit_kind",
    "period",
    "priority",
    "needed_by",
    "releasability",
)


def may_create(actor: Reader) -> bool:
    return has_role(actor, *WRITERS)


def owns(actor: Actor, requirement: Requirement) -> bool:
    return requirement.owner_id == actor.party_id


def may_edit(actor: Reader, requirement: Requirement) -> bool:
    return (
        actor is not None
        and may_create(actor)
        and owns(actor, requirement)
        and requirement.status in EDITABLE_STATUSES
    )


def transitions(actor: Reader, requirement: Requirement) -> list[str]:
    """The statuses this actor may move the requirement to; requirement_transition still decides."""
    if actor is None:
        return []
    return allowed_targets(
        role=actor.role,
        actor_party_id=actor.party_id,
        owner_id=requirement.owner_id,
        status=requirement.status,
    )
