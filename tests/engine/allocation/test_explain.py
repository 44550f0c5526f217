"""Hand-checked small cases: each reason a requirement can stay short, and the sentence of a plan line."""

from __future__ import annotations

from nsatu.engine.allocation import (
    FundsOffer,
    Hub,
    Instance,
    ItemType,
    Parameters,
    ProducerCapacity,
    Requirement,
    Tranche,
    solve,
)


def _instance(requirements, tranches=(), funds=(), **kw) -> Instance:  # type: ignore[no-untyped-def]
    params = kw.pop("parameters", Parameters(horizon=6, max_late=2, mip_rel_gap=0.0))
    types = kw.pop(
        "item_types", (ItemType("GUN", unit_mass_t=1.0, unit_price_eur=10.0), ItemType("SHELL"))
    )
    return Instance(params, types, tuple(requirements), tuple(tranches), tuple(funds), **kw)


def _reasons(inst: Instance, requirement: str) -> dict[str, object]:
    plan = solve(inst)
    shortfall = next(s for s in plan.shortfalls if s.requirement_id == requirement)
    return {reason.code: reason for reason in shortfall.reasons}


def test_no_compatible_offer() -> None:
    inst = _instance([Requirement("R1", 2, 1, 1, ("SHELL",))], [Tranche("T1", "DEU", "GUN", 5, 0)])
    reasons = _reasons(inst, "R1")
    assert list(reasons) == ["no_compatible_offer"]


def test_earmarked_elsewhere_counts_as_no_compatible_offer() -> None:
    inst = _instance(
        [Requirement("R1", 2, 1, 1, ("GUN",), capability_area="artillery")],
        [Tranche("T1", "DEU", "GUN", 5, 0, earmark_areas=("air_defence",))],
    )
    assert list(_reasons(inst, "R1")) == ["no_compatible_offer"]


def test_arrives_late_names_the_last_useful_month() -> None:
    inst = _instance(
        [Requirement("R1", 2, 1, 0, ("GUN",))], [Tranche("T1", "DEU", "GUN", 5, 3, transit=1)]
    )
    reason = _reasons(inst, "R1")["arrives_late"]
    assert reason.months == (2,)  # type: ignore[attr-defined]
    assert "after month 2" in reason.text and "month 4" in reason.text  # type: ignore[attr-defined]


def test_hub_capacity_names_the_full_months_and_hub() -> None:
    # 10 guns of 1 t through a 2 t/month hub, needed in month 0, worth something until month 2: 6 pass
    inst = _instance(
        [Requirement("R1", 10, 1, 0, ("GUN",))],
        [Tranche("T1", "DEU", "GUN", 10, 0, hub="RZE")],
        hubs=(Hub("RZE", 2.0),),
    )
    plan = solve(inst)
    assert sum(line.quantity for line in plan.lines) == 6
    reason = _reasons(inst, "R1")["hub_capacity"]
    assert reason.hubs == ("RZE",) and reason.months == (0, 1, 2)  # type: ignore[attr-defined]


def test_taken_by_higher_priority_names_them() -> None:
    inst = _instance(
        [Requirement("LOW", 3, 5, 1, ("GUN",)), Requirement("HIGH", 3, 1, 1, ("GUN",))],
        [Tranche("T1", "DEU", "GUN", 3, 0)],
    )
    reasons = _reasons(inst, "LOW")
    assert reasons["taken_by_higher_priority"].requirements == ("HIGH",)  # type: ignore[attr-defined]
    assert "HIGH" in reasons["taken_by_higher_priority"].text  # type: ignore[attr-defined]


def test_funds_exhausted_by_money_and_by_producers() -> None:
    money = _instance(
        [Requirement("R1", 5, 1, 2, ("GUN",))], funds=[FundsOffer("F1", "NOR", 30.0, 0)]
    )
    assert "F1 (money)" in _reasons(money, "R1")["funds_exhausted"].text  # type: ignore[attr-defined]
    producers = _instance(
        [Requirement("R1", 5, 1, 1, ("GUN",))],
        funds=[FundsOffer("F1", "NOR", 1000.0, 0)],
        capacities=(ProducerCapacity("GUN", 1),),
        parameters=Parameters(horizon=3, max_late=0, mip_rel_gap=0.0),
    )
    plan = solve(producers)
    assert [(line.month, line.quantity) for line in plan.lines] == [(0, 1), (1, 1)]
    assert "producers of GUN" in _reasons(producers, "R1")["funds_exhausted"].text  # type: ignore[attr-defined]


def test_not_enough_offered() -> None:
    inst = _instance([Requirement("R1", 5, 1, 1, ("GUN",))], [Tranche("T1", "DEU", "GUN", 2, 0)])
    assert list(_reasons(inst, "R1")) == ["not_enough_offered"]


def test_new_type_avoided_under_the_penalty() -> None:
    inst = _instance(
        [Requirement("R1", 2, 5, 1, ("NEW",))],
        [Tranche("T1", "DEU", "NEW", 2, 0)],
        item_types=(ItemType("NEW", in_fleet=False),),
        parameters=Parameters(horizon=4, new_type_penalty=100.0, mip_rel_gap=0.0),
    )
    plan = solve(inst)
    assert plan.lines == () and plan.new_types == ()
    assert list(_reasons(inst, "R1")) == ["new_type_avoided"]
    # the same with a penalty below the value: the type comes in, and the plan says so
    cheap = _instance(
        [Requirement("R1", 2, 5, 1, ("NEW",))],
        [Tranche("T1", "DEU", "NEW", 2, 0)],
        item_types=(ItemType("NEW", in_fleet=False),),
        parameters=Parameters(horizon=4, new_type_penalty=1.5, mip_rel_gap=0.0),
    )
    plan = solve(cheap)
    assert plan.new_types == ("NEW",) and plan.stats.objective == 2 * 1.0 - 1.5


def test_a_line_says_why_this_donor_and_month() -> None:
    inst = _instance(
        [Requirement("R1", 2, 1, 4, ("GUN",))],
        [Tranche("T-12", "DEU", "GUN", 2, 2, transit=1), Tranche("T-13", "POL", "GUN", 2, 5)],
    )
    (line,) = solve(inst).lines
    assert line.source_id == "T-12" and line.month == 3
    assert (
        line.reason
        == "earliest arrival (month 3, needed by month 4) from DEU's tranche T-12; no earlier eligible offer was free"
    )


def test_a_line_held_back_by_a_full_hub_says_so() -> None:
    inst = _instance(
        [Requirement("R1", 4, 1, 0, ("GUN",))],
        [Tranche("T1", "DEU", "GUN", 4, 0, hub="RZE")],
        hubs=(Hub("RZE", 2.0),),
    )
    lines = solve(inst).lines
    assert [(line.month, line.quantity) for line in lines] == [(0, 2), (1, 2)]
    assert lines[0].reason.startswith("earliest arrival (month 0")
    assert lines[1].reason.startswith(
        "arrival held back by hub RZE capacity (month 1, needed by month 0, 1 months late)"
    )
