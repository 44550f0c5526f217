"""Who may write meetings, decisions and actions: the services enforce these, the pages and the API ask them."""

from __future__ import annotations

from django.utils.translation import gettext

from nsatu.core.actors import Reader, Role, has_role, require_role

REGISTRARS = (Role.COORDINATOR,)
# The party an action tasks reports its progress; the command may move any action.
REPORTERS = (Role.COORDINATOR, Role.DONOR_LIAISON, Role.RECIPIENT_PLANNER)


def may_register(actor: Reader) -> bool:
    return has_role(actor, *REGISTRARS)


def may_report(actor: Reader, owner_id: int | None) -> bool:
    if not has_role(actor, *REPORTERS) or actor is None:
        return False
    return actor.role == Role.COORDINATOR or (owner_id is not None and owner_id == actor.party_id)


def check_register(actor: Reader) -> None:
    require_role(actor, *REGISTRARS, action=gettext("register Council records"))
