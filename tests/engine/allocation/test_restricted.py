"""Hub rows kept by a restricted LP (docs/allocation-model.md §5): its plan stands only within the gap of
the LP without hub rows; otherwise the exact rounds run, and either way the optimum is the naive model's."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from nsatu.engine.allocation import (
    Hub,
    Instance,
    ItemType,
    Parameters,
    Requirement,
    Tranche,
    solve,
)
from tests.engine.allocation.instances import check_plan, instances
from tests.engine.allocation.naive import naive_objective

SHORTCUT = "hub rows kept by an LP over"


def _queue(needed_by: int) -> Instance:
    """Four one-tonne units ready in month 0 through a hub that passes two a month."""
    return Instance(
        Parameters(horizon=4, lateness_decay=0.5, max_late=3, mip_rel_gap=0.0, time_limit_s=30),
        (ItemType("I0", unit_mass_t=1.0),),
        (Requirement("R0", 4, 1, needed_by, ("I0",)),),
        tuple(Tranche(f"T{n}", "D1", "I0", 1, 0, hub="H0") for n in range(4)),
        hubs=(Hub("H0", 2.0),),
    )


def test_units_that_wait_at_no_cost_keep_the_hub_without_the_rounds() -> None:
    inst = _queue(needed_by=3)
    plan = solve(inst)
    assert SHORTCUT in plan.stats.message
    assert (plan.stats.status, plan.stats.objective) == ("optimal", naive_objective(inst))
    assert plan.stats.objective == plan.extra["bound"]  # the bound without the hub row, met
    check_plan(inst, plan)
    months = [line.month for line in plan.lines for _ in range(line.quantity)]
    assert len(months) == 4 and max(months.count(m) for m in months) == 2  # two a month through H0


def test_when_waiting_costs_value_the_rounds_take_over_and_find_the_optimum() -> None:
    inst = _queue(needed_by=0)  # a unit a month late is worth half
    plan = solve(inst)
    assert SHORTCUT not in plan.stats.message
    # The bound is the LP's with the hub row (three units' worth), not the four the LP without it promised.
    assert plan.extra["bound"] == plan.stats.objective
    assert (plan.stats.status, plan.stats.objective) == ("optimal", naive_objective(inst))
    check_plan(inst, plan)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_with_a_gap_the_plan_is_within_it_of_the_naive_optimum(inst: Instance) -> None:
    inst = replace(inst, parameters=replace(inst.parameters, mip_rel_gap=1e-4))
    plan = solve(inst)
    expected = naive_objective(inst)
    assert plan.stats.status == "optimal"
    assert plan.stats.objective is not None and plan.stats.mip_gap is not None
    assert plan.stats.mip_gap <= 1e-4
    assert expected - 1e-4 * max(1.0, abs(expected)) - 1e-9 <= plan.stats.objective
    assert plan.stats.objective <= expected + 1e-6 * max(1.0, abs(expected))
    check_plan(inst, plan)
