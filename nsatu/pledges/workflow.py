"""The pledge status ladder (as the Kiel tracker and OCHA FTS use it) and which moves along it are allowed."""

from __future__ import annotations

from nsatu.pledges.models import PledgeStatus

# The ladder only climbs; withdrawal is possible from any step before delivery.
LADDER: list[str] = [
    PledgeStatus.ANNOUNCED,
    PledgeStatus.COMMITTED,
    PledgeStatus.ALLOCATED,
    PledgeStatus.DELIVERED,
]


def ladder_steps(status: str) -> list[tuple[str, str, str]]:
    """The ladder as (step, label, done|current|todo) for display."""
    reached = LADDER.index(status) if status in LADDER else -1
    return [
        (
            step,
            str(PledgeStatus(step).label),
            "done" if i < reached else "current" if i == reached else "todo",
        )
        for i, step in enumerate(LADDER)
    ]
