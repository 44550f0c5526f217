"""Who may write milestones and their links: the services enforce these, the pages and the API ask them."""

from __future__ import annotations

from django.utils.translation import gettext

from nsatu.core.actors import Reader, Role, has_role, require_role

REGISTRARS = (Role.COORDINATOR,)
# Ukraine's planners keep the milestones their own party answers for up to date.
EDITORS = (Role.COORDINATOR, Role.RECIPIENT_PLANNER)


def may_register(actor: Reader) -> bool:
    return has_role(actor, *REGISTRARS)


def may_edit(actor: Reader, owner_id: int | None) -> bool:
    """The command edits any milestone; a planner only one owned by its own party."""
    if not has_role(actor, *EDITORS) or actor is None:
        return False
    return actor.role == Role.COORDINATOR or (owner_id is not None and owner_id == actor.party_id)


def check_register(actor: Reader) -> None:
    require_role(actor, *REGISTRARS, action=gettext("register milestones"))
