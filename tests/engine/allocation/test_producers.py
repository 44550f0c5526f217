"""Named producers with a monthly capacity schedule (docs/allocation-model.md §2, joint production)."""

from __future__ import annotations

import pytest

from nsatu.engine.allocation import (
    FundsOffer,
    Instance,
    ItemType,
    Parameters,
    ProducerCapacity,
    Requirement,
    solve,
)
from nsatu.engine.allocation.baseline import baseline
from nsatu.engine.allocation.jsonio import instance_from_dict
from nsatu.engine.allocation.result import InstanceError

GUN = ItemType("GUN", unit_mass_t=1.0, unit_price_eur=10.0)
PARAMS = Parameters(horizon=6, max_late=5, mip_rel_gap=0.0)


def _instance(funds: tuple[FundsOffer, ...], capacities: tuple[ProducerCapacity, ...]) -> Instance:
    req = Requirement("R1", 20, 1, 5, ("GUN",))
    return Instance(PARAMS, (GUN,), (req,), (), funds, capacities)


def _by_month(inst: Instance) -> dict[int, int]:
    out: dict[int, int] = {}
    for line in solve(inst).lines:
        out[line.month] = out.get(line.month, 0) + line.quantity
    return out


def test_a_schedule_limits_each_month_and_nothing_before_its_start() -> None:
    inst = _instance(
        (FundsOffer("F1", "DNK", 1000.0, 0, producer="P"),),
        (
            ProducerCapacity("GUN", 2, producer="P", from_month=2),
            ProducerCapacity("GUN", 4, producer="P", from_month=4),
        ),
    )
    assert _by_month(inst) == {2: 2, 3: 2, 4: 4, 5: 4}


def test_a_named_producer_does_not_limit_other_funds() -> None:
    inst = _instance(
        (
            FundsOffer("F1", "DNK", 1000.0, 0, producer="P"),
            FundsOffer("F2", "NOR", 50.0, 0),
        ),
        (ProducerCapacity("GUN", 1, producer="P", from_month=0),),
    )
    lines = solve(inst).lines
    assert sum(line.quantity for line in lines if line.source_id == "F2") == 5
    assert sum(line.quantity for line in lines if line.source_id == "F1") == 6


def test_the_baseline_keeps_the_schedule() -> None:
    inst = _instance(
        (FundsOffer("F1", "DNK", 1000.0, 0, producer="P"),),
        (ProducerCapacity("GUN", 3, producer="P", from_month=3),),
    )
    lines = baseline(inst).lines
    assert {line.month for line in lines} == {3, 4, 5}
    assert sum(line.quantity for line in lines) == 9


def test_the_file_refuses_an_unknown_producer() -> None:
    data = {
        "item_types": [{"id": "GUN", "unit_price_eur": 10}],
        "requirements": [
            {"id": "R1", "quantity": 1, "priority": 1, "needed_by": 0, "satisfied_by": ["GUN"]}
        ],
        "funds": [{"id": "F1", "donor": "DNK", "amount_eur": 10, "available": 0, "producer": "X"}],
    }
    with pytest.raises(InstanceError, match='no capacity names producer "X"'):
        instance_from_dict(data)
    data["capacities"] = [{"item_type": "GUN", "per_month": 1, "producer": "X", "from_month": 2}]
    assert instance_from_dict(data).capacities[0].from_month == 2
