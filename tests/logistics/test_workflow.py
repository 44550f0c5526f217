"""The shipment's status steps and the repair order's next steps. No database needed."""

from __future__ import annotations

import itertools

import pytest

from nsatu.logistics.models import RepairStatus, ShipmentStatus
from nsatu.logistics.workflow import (
    LIFECYCLE,
    is_next_step,
    next_step,
    repair_next_steps,
)

S = ShipmentStatus


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (S.PLANNED, S.DISPATCHED),
        (S.DISPATCHED, S.AT_HUB),
        (S.AT_HUB, S.HANDED_OVER),
        (S.HANDED_OVER, None),  # the recipient's receipt, not a step the donor side records
        (S.RECEIVED, None),
        (S.CANCELLED, None),
    ],
)
def test_the_donor_side_records_one_step_after_another(status, step):
    assert next_step(status) == step


def test_steps_only_move_forward_one_at_a_time():
    assert all(is_next_step(a, b) for a, b in itertools.pairwise(LIFECYCLE))
    assert not is_next_step(S.PLANNED, S.AT_HUB)
    assert not is_next_step(S.AT_HUB, S.DISPATCHED)
    assert not is_next_step(S.CANCELLED, S.DISPATCHED)


def test_a_repair_moves_on_until_it_is_closed():
    assert repair_next_steps(RepairStatus.SENT) == (
        RepairStatus.IN_REPAIR,
        RepairStatus.RETURNED,
        RepairStatus.WRITTEN_OFF,
    )
    assert repair_next_steps(RepairStatus.IN_REPAIR) == (
        RepairStatus.RETURNED,
        RepairStatus.WRITTEN_OFF,
    )
    assert repair_next_steps(RepairStatus.RETURNED) == ()
    assert repair_next_steps(RepairStatus.WRITTEN_OFF) == ()
