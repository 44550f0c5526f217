"""solve(instance): the optimal plan, or SolveFailed — never an empty plan that pretends to be one."""

from __future__ import annotations

import time

import highspy

from nsatu.engine.allocation.aggregate import CapKey, Prepared, prepare
from nsatu.engine.allocation.explain import LineReasons
from nsatu.engine.allocation.highs import solve_lazy
from nsatu.engine.allocation.instance import Instance
from nsatu.engine.allocation.jsonio import validate_instance
from nsatu.engine.allocation.lp import HighsFailure, highs_for
from nsatu.engine.allocation.model import Model, build
from nsatu.engine.allocation.plan import assemble
from nsatu.engine.allocation.result import Plan, SolveFailed, SolveStats
from nsatu.engine.allocation.split import split


def capacity_months(prep: Prepared) -> tuple[dict[str, set[int]], dict[CapKey, set[int]]]:
    """The hub and producer months that some plan could fill: the others need no row and no waiting.

    A hub month can be full only if the tonnes of every unit ready by then through that hub (and all that
    its funds could buy) exceed its capacity; a producer month only if the funds ready by then could buy
    more units of the type than the producers make in a month.
    """
    inst = prep.instance
    horizon = prep.horizon
    potential = {h: [0.0] * horizon for h in prep.hub_capacity}
    bought: dict[CapKey, list[float]] = {k: [0.0] * horizon for k in prep.capacity}
    for pool in prep.pools:
        if not pool.classes:
            continue
        mass = prep.mass[pool.item_type]
        for hub, by_month in pool.origins.items():
            if hub is not None:
                for e, ts in by_month.items():
                    if e <= pool.last:
                        potential[hub][e] += mass * sum(inst.tranches[t].quantity for t in ts)
    for f, offer in enumerate(inst.funds):
        e = prep.funds_ready[f]
        types = [i for i, _ in prep.funds_types[f]]
        if e >= horizon or not types:
            continue
        if offer.hub is not None:
            potential[offer.hub][e] += offer.amount_eur * max(
                prep.mass[i] / (prep.price[i] or 1.0) for i in types
            )
        for i in types:
            key = prep.cap_key(f, i)
            if key is not None:
                bought[key][e] += offer.amount_eur // (prep.price[i] or 1.0)
    hubs: dict[str, set[int]] = {}
    for hub, tonnes in potential.items():
        total = 0.0
        for m, load in enumerate(tonnes):
            total += load
            if total > prep.hub_capacity[hub] * (1 + 1e-9):
                hubs.setdefault(hub, set()).add(m)
    producers: dict[CapKey, set[int]] = {}
    for key, units in bought.items():
        total = 0.0
        for m, load in enumerate(units):
            total += load
            if total > prep.capacity[key][m]:
                producers.setdefault(key, set()).add(m)
    return hubs, producers


def build_model(instance: Instance) -> tuple[Prepared, Model]:
    """The aggregated model with every capacity row that can bind, all components together."""
    validate_instance(instance)
    prep = prepare(instance)
    hubs, producers = capacity_months(prep)
    return prep, build(prep, hubs, producers)


def whole_model(instance: Instance) -> highspy.Highs:
    """The aggregated model in one Highs object (for writing an MPS file)."""
    _, model = build_model(instance)
    return highs_for(model)


def solve(instance: Instance) -> Plan:
    started = time.perf_counter()
    validate_instance(instance)
    p = instance.parameters
    deadline = started + p.time_limit_s
    prep = prepare(instance)
    hubs, producers = capacity_months(prep)
    model = build(prep, hubs, producers)
    build_seconds = time.perf_counter() - started
    try:
        result = solve_lazy(model, deadline, p.mip_rel_gap)
    except HighsFailure as exc:
        raise SolveFailed(
            SolveStats(
                status=exc.status,
                objective=None,
                mip_gap=None,
                build_seconds=build_seconds,
                solve_seconds=time.perf_counter() - started - build_seconds,
                columns=model.columns,
                rows=model.rows,
                components=0,
                message=exc.message,
            )
        ) from exc
    post = time.perf_counter()
    lines = split(prep, model, result.x)
    gap = max(result.bound - result.objective, 0.0) / max(1.0, abs(result.bound))
    stats = SolveStats(
        status=result.status,
        objective=result.objective,
        mip_gap=gap,
        build_seconds=build_seconds,
        solve_seconds=result.solve_seconds,
        columns=model.columns,
        rows=model.rows,
        components=result.components,
        message=(
            f"{result.components} component(s) solved apart; {result.capacity_rows} capacity row(s) added in "
            f"{result.rounds - 1} round(s), leaving {result.parts} part(s); {result.mip_parts} part(s) by MIP"
            + (
                f"; hub rows kept by an LP over {result.restricted} column(s), within the gap of the LP "
                "without them"
                if result.restricted
                else ""
            )
        ),
    )
    plan = assemble(prep, lines, stats, lambda u: LineReasons(prep, u))
    plan.extra.update(
        {
            "solver_objective": result.objective,
            "bound": result.bound,
            "rounds": float(result.rounds),
            "capacity_rows": float(result.capacity_rows),
            "integer_columns": float(int(model.integer.sum())),
            "mip_parts": float(result.mip_parts),
            "chains": float(len(model.shape.chains)),
            "classes": float(len(prep.classes)),
            "post_seconds": time.perf_counter() - post,
            "total_seconds": time.perf_counter() - started,
        }
    )
    return plan
