"""Who may write courses and cohorts: the services enforce this, the pages and the API may ask it."""

from __future__ import annotations

from nsatu.core.actors import Reader, Role, has_role

WRITERS = (Role.COORDINATOR, Role.DONOR_LIAISON)


def may_write_for_host(actor: Reader, host_id: int) -> bool:
    """Courses and cohorts belong to their host nation; a liaison writes only its own nation's."""
    if not has_role(actor, *WRITERS) or actor is None:
        return False
    return actor.role != Role.DONOR_LIAISON or actor.party_id == host_id


# What a course's page may change; the host (its owner) and the prerequisites stay as created.
COURSE_EDITABLE: tuple[str, ...] = (
    "name",
    "site",
    "skill",
    "item_type",
    "duration_weeks",
    "seats_per_cohort",
    "concurrent_cohorts",
    "per_unit",
    "notes",
)


def may_create(actor: Reader) -> bool:
    return has_role(actor, *WRITERS)


def host_limited_to(actor: Reader) -> int | None:
    """The one host a liaison writes for (its own nation); None for the command, which writes for every host."""
    if actor is not None and actor.role == Role.DONOR_LIAISON:
        return actor.party_id or 0
    return None
