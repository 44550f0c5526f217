"""Who may do what to joint production projects: the services enforce these, the pages and the API ask them.

The command registers projects. A project is kept by its lead nation (its owner): that nation's liaison
edits it (status, partners, capacity, funding) as the coordinator may; no other nation's liaison, even a
partner's, since one nation's changes would otherwise move another's figures in the plan.
"""

from __future__ import annotations

from nsatu.core.actors import Reader, Role, has_role
from nsatu.production.models import JointProject

REGISTRARS = (Role.COORDINATOR,)
KEEPERS = (Role.COORDINATOR, Role.DONOR_LIAISON)


def may_create(actor: Reader) -> bool:
    return has_role(actor, *REGISTRARS)


def may_edit(actor: Reader, project: JointProject) -> bool:
    if actor is None or not has_role(actor, *KEEPERS):
        return False
    if has_role(actor, Role.COORDINATOR):
        return True
    return actor.party_id is not None and actor.party_id == project.owner_id
