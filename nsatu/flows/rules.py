"""Who may record flows: nsatu.flows.services enforces these, the pages and the API ask them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nsatu.core.actors import Reader, Role, has_role, require_role
from nsatu.core.errors import PermissionDenied

WRITERS = (Role.COORDINATOR, Role.DONOR_LIAISON)


def may_create(actor: Reader) -> bool:
    return has_role(actor, *WRITERS)


def sends_for_own_party_only(actor: Reader) -> bool:
    """A flow is owned by its source: a liaison records what its own party sends, the command any flow."""
    return has_role(actor, Role.DONOR_LIAISON)


def check_may_record(actor: Reader, *, source_id: int) -> None:
    """Refuse, saying why, an actor who may not record a flow from `source_id`."""
    require_role(actor, *WRITERS, action=_("record flows"))
    if sends_for_own_party_only(actor) and actor is not None and actor.party_id != source_id:
        # A liaison may not create records owned by another nation.
        raise PermissionDenied(_("A liaison records only flows that its own party sends."))
