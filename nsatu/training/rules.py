"""Who may write courses and cohorts: the services enforce this, the pages and the API may ask it."""

from __future__ import annotations

from nsatu.core.actors import Reader, Role, has_role

WRITERS = (Role.COORDINATOR, Role.DONOR_LIAISON)


def may_write_for_host(actor: Reader, host_id: int) -> bool:
    """Courses and cohorts belong to their host nation; a liaison writes only its own nation's."""
    if not has_role(actor, *WRITERS) or actor is None:
        return False
    return actor.role != Role.DONOR_LIAISON or actor.party_id == host_id
