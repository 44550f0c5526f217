"""Who may write which pledges and which of their fields: nsatu.pledges.services enforces these, the pages and
the API ask them (to offer a button, a field, a status move)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nsatu.core.actors import Reader, Role, has_role, require_role
from nsatu.core.errors import PermissionDenied
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.workflow import next_statuses

# The command records pledges of any donor; a liaison those of its own party.
WRITERS = (Role.COORDINATOR, Role.DONOR_LIAISON)
# Deliveries are what the recipient accepted on receipt, confirmed by its planners or the command.
DELIVERY_CONFIRMERS = (Role.RECIPIENT_PLANNER, Role.COORDINATOR)

EDITABLE_FIELDS = (
    "item_type",
    "description",
    "quantity",
    "amount",
    "currency",
    "announced_on",
    "requirement",
    "mechanism",
    "notes",
    "releasability",
    "kind",
)
# A pledge imported from a dataset carries the source's own figures; users may earmark and annotate it.
IMPORTED_EDITABLE_FIELDS = ("requirement", "notes")


def may_create(actor: Reader) -> bool:
    return has_role(actor, *WRITERS)


def pledges_for_own_party_only(actor: Reader) -> bool:
    """A liaison pledges in its own party's name; the command in anyone's."""
    return has_role(actor, Role.DONOR_LIAISON)


def may_write(actor: Reader, *, donor_id: int) -> bool:
    if not may_create(actor) or actor is None:
        return False
    return actor.role == Role.COORDINATOR or actor.party_id == donor_id


def check_may_write(actor: Reader, donor: Party) -> None:
    """Refuse, saying why, an actor who may not write pledges of `donor`."""
    require_role(actor, *WRITERS, action=_("record pledges"))
    if actor is not None and not may_write(actor, donor_id=donor.pk):
        raise PermissionDenied(
            _("A liaison of %(own)s may not write pledges of %(other)s.")
            % {"own": actor.party, "other": donor}
        )


def may_set_releasability(actor: Reader, pledge: Pledge) -> bool:
    # Only the owner decides who may read its data; the command cannot widen or narrow it on its behalf.
    return actor is not None and actor.party_id == pledge.owner_id


def editable_fields(actor: Reader, pledge: Pledge) -> tuple[str, ...]:
    """The fields this actor's edit form offers."""
    editable: tuple[str, ...] = IMPORTED_EDITABLE_FIELDS if pledge.dataset_id else EDITABLE_FIELDS
    if not may_set_releasability(actor, pledge):
        editable = tuple(name for name in editable if name != "releasability")
    return editable


def status_moves(actor: Reader, pledge: Pledge) -> list[str]:
    """The status buttons to offer; pledge_set_status remains the authority and refuses anything else."""
    if not may_write(actor, donor_id=pledge.donor_id):
        return []
    return next_statuses(pledge.status)


def may_add_tranche(actor: Reader, pledge: Pledge) -> bool:
    return may_write(actor, donor_id=pledge.donor_id) and pledge.status != PledgeStatus.WITHDRAWN


def check_may_confirm_delivery(actor: Reader) -> None:
    require_role(actor, *DELIVERY_CONFIRMERS, action=_("confirm deliveries"))
