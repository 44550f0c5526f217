"""solve(instance): the optimal plan, or SolveFailed — never an empty plan that pretends to be one.

The capacity rows (a hub in a month, the producers of an item type in a month) are added lazily: the model
starts with the hub months that the offers alone would overfill, is solved, and every row that its solution
breaks is added (with the months after it that the overflow would spill into) until none is broken. The
final model is a relaxation of the full one whose solution keeps every capacity, so it is optimal for the
full one (docs §4.3).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from nsatu.engine.allocation.aggregate import Prepared, prepare
from nsatu.engine.allocation.explain import LineReasons
from nsatu.engine.allocation.highs import HighsFailure, highs_for, solve_lp
from nsatu.engine.allocation.instance import Instance
from nsatu.engine.allocation.jsonio import validate_instance
from nsatu.engine.allocation.model import BUY, SEND, SHIP, Model, build
from nsatu.engine.allocation.plan import assemble
from nsatu.engine.allocation.result import Plan, SolveFailed, SolveStats
from nsatu.engine.allocation.split import split

TOLERANCE = 1e-6


@dataclass
class Active:
    hubs: dict[str, set[int]]
    producers: dict[int, set[int]]

    def count(self) -> int:
        return sum(map(len, self.hubs.values())) + sum(map(len, self.producers.values()))


def _spill(loads: list[float], capacity: float, active: set[int]) -> set[int]:
    """Months where the load, with what earlier full months push on, exceeds the capacity."""
    out: set[int] = set()
    carry = 0.0
    for m, load in enumerate(loads):
        if m in active:
            carry = 0.0
            continue
        total = load + carry
        if total > capacity * (1 + TOLERANCE) + TOLERANCE:
            out.add(m)
            carry = total - capacity
        else:
            carry = 0.0
    return out


def initial_rows(prep: Prepared) -> Active:
    horizon = prep.horizon
    loads = {h: [0.0] * horizon for h in prep.hub_capacity}
    for pool in prep.pools:
        if not pool.classes:
            continue
        mass = prep.mass[pool.item_type]
        for hub, by_month in pool.origins.items():
            if hub is None:
                continue
            for e, ts in by_month.items():
                if e <= pool.last:
                    loads[hub][e] += mass * sum(prep.instance.tranches[t].quantity for t in ts)
    hubs = {h: _spill(loads[h], prep.hub_capacity[h], set()) for h in loads}
    return Active({h: months for h, months in hubs.items() if months}, {})


def broken_rows(prep: Prepared, model: Model, x: np.ndarray, active: Active) -> Active:
    """The capacity rows that x (with every unit ready in a month without a row passing then) breaks."""
    horizon = prep.horizon
    hubs = list(prep.hub_capacity)
    hub_load = np.zeros((len(hubs), horizon))
    for (hub, m), load in model.base_load.items():
        hub_load[hubs.index(hub), m] += load
    moving = np.flatnonzero(np.isin(model.kind, (SHIP, SEND, BUY)) & (model.hub_of_col >= 0) & (x > 0))
    np.add.at(hub_load, (model.hub_of_col[moving], model.month[moving]), model.mass_of_col[moving] * x[moving])
    out = Active({}, {})
    for n, hub in enumerate(hubs):
        months = _spill(list(hub_load[n]), prep.hub_capacity[hub], active.hubs.get(hub, set()))
        if months:
            out.hubs[hub] = months
    bought = np.flatnonzero((model.kind == BUY) & (x > 0))
    produced = np.zeros((len(prep.type_ids), horizon))
    np.add.at(produced, (model.type_of_col[bought], model.month[bought]), x[bought])
    for item, cap in prep.capacity.items():
        months = _spill(list(produced[item]), float(cap), active.producers.get(item, set()))
        if months:
            out.producers[item] = months
    return out


def build_model(instance: Instance) -> tuple[Prepared, Model]:
    """The aggregated model with every hub and producer row that can bind (for writing an MPS file)."""
    validate_instance(instance)
    prep = prepare(instance)
    every = set(range(prep.horizon))
    active = Active({h: set(every) for h in prep.hub_capacity}, {i: set(every) for i in prep.capacity})
    return prep, build(prep, active.hubs, active.producers)


def whole_model(instance: Instance) -> highspy.Highs:
    """The aggregated model with all capacity rows in one Highs object, all components together."""
    _, model = build_model(instance)
    return highs_for(model)


def solve(instance: Instance) -> Plan:
    started = time.perf_counter()
    validate_instance(instance)
    p = instance.parameters
    deadline = started + p.time_limit_s
    prep = prepare(instance)
    active = initial_rows(prep)
    build_seconds, solve_seconds = time.perf_counter() - started, 0.0
    rounds = 0
    model: Model | None = None
    try:
        while True:
            rounds += 1
            t0 = time.perf_counter()
            model = build(prep, active.hubs, active.producers)
            build_seconds += time.perf_counter() - t0
            result = solve_lp(model, deadline, p.mip_rel_gap)
            solve_seconds += result.solve_seconds
            broken = broken_rows(prep, model, result.x, active)
            if not broken.count():
                break
            if time.perf_counter() > deadline:
                raise HighsFailure("time_limit", "the time limit passed while capacity rows were still being added")
            for hub, months in broken.hubs.items():
                active.hubs.setdefault(hub, set()).update(months)
            for item, months in broken.producers.items():
                active.producers.setdefault(item, set()).update(months)
    except HighsFailure as exc:
        raise SolveFailed(
            SolveStats(
                status=exc.status,
                objective=None,
                mip_gap=None,
                build_seconds=build_seconds,
                solve_seconds=solve_seconds,
                columns=model.columns if model else 0,
                rows=model.rows if model else 0,
                components=0,
                message=exc.message,
            )
        ) from exc
    assert model is not None
    post = time.perf_counter()
    lines = split(prep, model, result.x)
    gap = (result.bound - result.objective) / max(1.0, abs(result.bound))
    stats = SolveStats(
        status=result.status,
        objective=result.objective,
        mip_gap=max(gap, 0.0),
        build_seconds=build_seconds,
        solve_seconds=solve_seconds,
        columns=model.columns,
        rows=model.rows,
        components=result.parts,
        message=(
            f"{rounds} round(s) of capacity rows; {active.count()} capacity rows; {result.mip_parts} part(s) by MIP"
        ),
    )
    plan = assemble(prep, lines, stats, lambda u: LineReasons(prep, u))
    plan.extra.update(
        {
            "solver_objective": result.objective,
            "bound": result.bound,
            "rounds": float(rounds),
            "capacity_rows": float(active.count()),
            "integer_columns": float(int(model.integer.sum())),
            "mip_parts": float(result.mip_parts),
            "chains": float(len(model.shape.chains)),
            "classes": float(len(prep.classes)),
            "post_seconds": time.perf_counter() - post,
            "total_seconds": time.perf_counter() - started,
        }
    )
    return plan
