"""The shipment's status steps and the next steps of a repair order; who takes them is in rules.py."""

from __future__ import annotations

from nsatu.logistics.models import RepairStatus
from nsatu.logistics.models import ShipmentStatus as S

# The lifecycle only moves forward, one step at a time; a receipt (partial or whole) is what makes it received.
LIFECYCLE: list[str] = [S.PLANNED, S.DISPATCHED, S.AT_HUB, S.HANDED_OVER, S.RECEIVED]

# Only a shipment that has not left may be cancelled.
CANCELLABLE = frozenset({S.PLANNED})

# The milestone date each step the donor side records sets, and the one before it that date may not precede.
STEP_DATE: dict[str, str] = {
    S.DISPATCHED: "dispatched_on",
    S.AT_HUB: "at_hub_on",
    S.HANDED_OVER: "handed_over_on",
}
STEP_AFTER: dict[str, tuple[str, str]] = {
    S.AT_HUB: ("dispatched_on", "dispatched"),
    S.HANDED_OVER: ("at_hub_on", "at the hub"),
}

# Statuses in which the recipient counts what arrived.
RECEIVABLE = frozenset({S.HANDED_OVER, S.RECEIVED})

# While sent or in repair, the units are out of the fleet.
OPEN_REPAIR = (RepairStatus.SENT, RepairStatus.IN_REPAIR)
REPAIR_STEPS: dict[str, tuple[str, ...]] = {
    RepairStatus.SENT: (RepairStatus.IN_REPAIR, RepairStatus.RETURNED, RepairStatus.WRITTEN_OFF),
    RepairStatus.IN_REPAIR: (RepairStatus.RETURNED, RepairStatus.WRITTEN_OFF),
}


def next_step(status: str) -> str | None:
    """The milestone the donor side records next, None once the shipment is handed over or cancelled."""
    if status not in LIFECYCLE:
        return None
    following = LIFECYCLE[LIFECYCLE.index(status) + 1 :]
    return following[0] if following and following[0] in STEP_DATE else None


def is_next_step(status: str, to: str) -> bool:
    return (
        status in LIFECYCLE
        and to in LIFECYCLE
        and LIFECYCLE.index(to) == LIFECYCLE.index(status) + 1
    )


def repair_next_steps(status: str) -> tuple[str, ...]:
    """Where a repair order may go from `status`; nothing once it is returned or written off."""
    return REPAIR_STEPS.get(status, ())
