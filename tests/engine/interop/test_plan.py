"""A scenario applied to an allocation instance (for recomputing the plan), by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.engine.allocation.instance import (
    FundsOffer,
    Instance,
    ItemType,
    Parameters,
    Requirement,
    Tranche,
)
from nsatu.engine.allocation.result import Plan, PlanLine, SolveStats
from nsatu.engine.interop.plan import plan_deltas, scenario_instance
from nsatu.engine.interop.scenario import Rule, ScenarioError

INSTANCE = Instance(
    parameters=Parameters(horizon=12, start="2026-11"),
    item_types=(ItemType("M777", unit_price_eur=100.0), ItemType("FH70")),
    requirements=(Requirement("R1", 10, 1, 5, ("M777", "FH70"), capability_area="artillery"),),
    tranches=(
        Tranche("t1", "USA", "M777", 4, available=0, transit=1),
        Tranche("t2", "USA", "M777", 4, available=2, transit=1),
        Tranche("t3", "USA", "FH70", 3, available=4),
        Tranche("t4", "DEU", "FH70", 5, available=9),
    ),
    funds=(FundsOffer("f1", "USA", 250.0, available=3),),
)


def _ids(instance: Instance) -> list[str]:
    return [t.id for t in instance.tranches] + [f.id for f in instance.funds]


def test_withdraw_drops_offers_arriving_in_or_after_the_month():
    # 2027-01 is month 2: t1 arrives in month 1 and stays; t2 (month 3), t3 (4) and f1 (3) go.
    assert _ids(
        scenario_instance(INSTANCE, [Rule("USA", "withdraw", start=dt.date(2027, 1, 15))])
    ) == ["t1", "t4"]


def test_delay_moves_availability_and_drops_what_passes_the_horizon():
    out = scenario_instance(
        INSTANCE, [Rule("DEU", "delay", months=2), Rule("USA", "delay", months=8)]
    )
    # USA: t1 0 -> 8, t2 2 -> 10, t3 4 -> 12 = the horizon: gone. DEU: t4 9 -> 11.
    assert {t.id: t.available for t in out.tranches} == {"t1": 8, "t2": 10, "t4": 11}
    assert [f.available for f in out.funds] == [11]


def test_cap_keeps_offers_in_arrival_order():
    out = scenario_instance(INSTANCE, [Rule("USA", "cap", amount=Decimal(600))])
    # t1 (month 1): 4 x 100 = 400; t2 (month 3): 2 more fit; f1 (month 3, after in kind) nothing; t3 unpriced: kept.
    assert {t.id: t.quantity for t in out.tranches} == {"t1": 4, "t2": 2, "t3": 3, "t4": 5}
    assert out.funds == ()
    units = scenario_instance(INSTANCE, [Rule("USA", "cap", amount=Decimal(5), unit="units")])
    assert {t.id: t.quantity for t in units.tranches} == {"t1": 4, "t2": 1, "t4": 5}
    assert [f.amount_eur for f in units.funds] == [250.0]


def test_bad_rules_refused():
    with pytest.raises(ScenarioError):
        scenario_instance(INSTANCE, [Rule("USA", "delay")])


def test_plan_deltas_side_by_side():
    stats = SolveStats("optimal", 0.0, 0.0, 0.0, 0.0, 0, 0, 0)

    def plan(*quantities: int) -> Plan:
        lines = tuple(
            PlanLine("tranche", f"t{n}", "USA", "R1", "M777", q, 1, None, 0.0, "")
            for n, q in enumerate(quantities)
        )
        return Plan(lines, (), stats, 0.0, 0.0)

    [delta] = plan_deltas(INSTANCE, plan(4, 4), plan(4))
    assert (delta.requirement_id, delta.quantity, delta.base, delta.scenario, delta.change) == (
        "R1",
        10,
        8,
        4,
        -4,
    )
