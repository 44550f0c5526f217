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
# A new pledge is announced or committed; it climbs the ladder after.
CREATE_STATUSES = (PledgeStatus.ANNOUNCED, PledgeStatus.COMMITTED)


def next_step(status: str) -> str | None:
    """The one step up the ladder from `status`; None at the top or off the ladder (withdrawn)."""
    if status not in LADDER:
        return None
    step = LADDER.index(status) + 1
    return LADDER[step] if step < len(LADDER) else None


def may_withdraw(status: str) -> bool:
    return status != PledgeStatus.DELIVERED


def next_statuses(status: str) -> list[str]:
    """Where a pledge at `status` may go: the next step, then withdrawal; nothing once withdrawn."""
    if status not in LADDER:
        return []
    step = next_step(status)
    return [
        *([step] if step else []),
        *([PledgeStatus.WITHDRAWN] if may_withdraw(status) else []),
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
