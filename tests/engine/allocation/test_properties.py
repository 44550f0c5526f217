"""Property tests on small random instances: the objective of the aggregated model equals that of the naive
one, every plan keeps every rule, and the same input gives the same plan."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from nsatu.engine.allocation import Instance, baseline, plan_to_dict, solve
from tests.engine.allocation.instances import check_plan, instances
from tests.engine.allocation.naive import naive_objective

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(instances())
def test_objective_equals_the_naive_model(inst: Instance) -> None:
    plan = solve(inst)
    assert plan.stats.status == "optimal"
    expected = naive_objective(inst)
    assert plan.stats.objective is not None
    assert abs(plan.stats.objective - expected) <= 1e-6 * max(1.0, abs(expected)), (
        plan.stats,
        expected,
    )


@SETTINGS
@given(instances())
def test_plans_keep_every_rule(inst: Instance) -> None:
    plan = solve(inst)
    check_plan(inst, plan)
    covered = {}
    for line in plan.lines:
        covered[line.requirement_id] = covered.get(line.requirement_id, 0) + line.quantity
    short = {r.id for r in inst.requirements if covered.get(r.id, 0) < r.quantity}
    assert {s.requirement_id for s in plan.shortfalls} == short
    for shortfall in plan.shortfalls:
        assert shortfall.reasons, f"{shortfall.requirement_id} is short without a reason"
        assert all(reason.code != "unused_offer" for reason in shortfall.reasons), shortfall
    assert all(line.reason for line in plan.lines)


@SETTINGS
@given(instances())
def test_the_baseline_keeps_every_rule_and_never_beats_the_plan(inst: Instance) -> None:
    status_quo = baseline(inst)
    check_plan(inst, status_quo)
    assert status_quo.stats.status == "heuristic"
    optimal = solve(inst)
    assert (status_quo.stats.objective or 0.0) <= (optimal.stats.objective or 0.0) + 1e-6


def _without_timings(data: dict[str, object]) -> dict[str, object]:
    stats = dict(data["stats"])  # type: ignore[call-overload]
    for key in ("build_seconds", "solve_seconds"):
        stats.pop(key)
    extra = {k: v for k, v in dict(data["extra"]).items() if not k.endswith("_seconds")}  # type: ignore[call-overload]
    return {**data, "stats": stats, "extra": extra}


@settings(max_examples=60, deadline=None)
@given(instances())
def test_same_input_same_plan(inst: Instance) -> None:
    first = _without_timings(plan_to_dict(solve(inst)))
    second = _without_timings(plan_to_dict(solve(replace(inst))))
    assert first == second


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(requirements=8, offers=12))
def test_objective_equals_the_naive_model_with_merges(inst: Instance) -> None:
    # more offers per item type than requirements: pools merge, declined requirements take from the tree
    plan = solve(inst)
    check_plan(inst, plan)
    expected = naive_objective(inst)
    assert plan.stats.objective is not None
    assert abs(plan.stats.objective - expected) <= 1e-6 * max(1.0, abs(expected)), (
        plan.stats,
        expected,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(requirements=8, offers=12, types=1, declines=2))
def test_objective_equals_the_naive_model_with_many_declines(inst: Instance) -> None:
    # one item type, half the offers decline a requirement: the dirty pools form a tree of merges
    plan = solve(inst)
    check_plan(inst, plan)
    expected = naive_objective(inst)
    assert plan.stats.objective is not None
    assert abs(plan.stats.objective - expected) <= 1e-6 * max(1.0, abs(expected)), (
        plan.stats,
        expected,
    )
