"""Who may register and edit parties; the services enforce it, the pages and the API ask it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nsatu.core.actors import Reader, Role, has_role, require_role

# Parties are the reference every record is owned by: the command registers and names them.
EDITORS = (Role.COORDINATOR,)
EDITABLE_FIELDS = ("name", "kind")  # not the code: it is the party's key in every import and export


def may_create_party(actor: Reader) -> bool:
    return has_role(actor, *EDITORS)


def may_edit_party(actor: Reader) -> bool:
    return has_role(actor, *EDITORS)


def check_may_create_party(actor: Reader) -> None:
    """Refuse, saying why, an actor who may not register parties."""
    require_role(actor, *EDITORS, action=_("register parties"))


def check_may_edit_party(actor: Reader) -> None:
    require_role(actor, *EDITORS, action=_("edit parties"))


# --- coalitions ---------------------------------------------------------------------------------

# Membership of a coalition is reference data the command keeps: coordinators add and remove members and leads.
COALITION_EDITORS = (Role.COORDINATOR,)


def may_edit_coalition(actor: Reader) -> bool:
    return has_role(actor, *COALITION_EDITORS)


def check_may_edit_coalition(actor: Reader) -> None:
    require_role(actor, *COALITION_EDITORS, action=_("edit the membership of coalitions"))
