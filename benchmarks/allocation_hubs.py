"""What the hub capacity rows cost the allocation LP, and three ways around them that were tried (issue #18).

Each variant works on the aggregated model of one instance (`solve.build_model`) and prints its time, simplex
iterations and objective:

- `whole`: the LP with every capacity row, from scratch (the reference);
- `load-columns`: the same LP with each hub row's entries gathered per (hub month, item type) into a load
  column and a row of its own, so the hub row holds a few dozen entries instead of hundreds;
- `no-hubs`, `no-producers`, `no-capacity`: the LP without those rows (an upper bound on the objective);
- `shares`: the LP without hub rows, then each overflowing hub month's capacity handed to its columns as upper
  bounds in proportion to their flow, re-solved until no hub month overflows, then made whole as the engine's
  dive does (every whole-unit column fixed at its value rounded down; the generated instances have no
  new-type switch, which the engine would round up): a plan that keeps every hub, and its distance to the
  bound;
- `greedy`: as `shares`, but the capacity goes first to the columns whose units are worth most per tonne
  (by the duals of the LP last solved: at first the LP without hub rows).
- `restricted`: what the engine does first (docs/allocation-model.md §5): the LP without hub rows, then an
  LP with every row over the columns that LP uses and those through a hub with a zero reduced cost, then
  whole units as above; its plan keeps every row, and its distance to the bound decides whether it stands.

    python benchmarks/allocation_hubs.py --instance var/bench/national.json --variant whole --variant no-hubs

Figures and what they mean: benchmarks/RESULTS.md, "Allocation at scale".
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import highspy
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nsatu.engine.allocation import load_instance
from nsatu.engine.allocation.aggregate import Prepared
from nsatu.engine.allocation.lp import highs_for, loads
from nsatu.engine.allocation.model import BUY, SEND, SHIP, FloatArray, Model
from nsatu.engine.allocation.solve import build_model

VARIANTS = (
    "whole",
    "load-columns",
    "no-hubs",
    "no-producers",
    "no-capacity",
    "shares",
    "greedy",
    "restricted",
)


def _hub_rows(model: Model) -> set[int]:
    return {row for (name, _), row in model.capacity.items() if name.startswith("hub:")}


def _item_of(prep: Prepared, model: Model, j: int) -> int:
    if model.kind[j] in (SHIP, BUY):
        return prep.pools[int(model.b[j])].item_type
    if model.kind[j] == SEND:
        return prep.pools[model.shape.origins[int(model.a[j])].pool].item_type
    return -1


def _lp(
    model: Model, prep: Prepared, *, drop: set[int], load_columns: bool
) -> tuple[highspy.Highs, int, int]:
    """The model as one LP without the rows in drop; with load_columns, hub rows through load columns."""
    cols = np.repeat(np.arange(model.columns), np.diff(model.start))
    rows, vals = model.index.astype(np.int64), model.value.copy()
    keep = ~np.isin(rows, list(drop))
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    cost, upper, row_upper = list(model.cost), list(model.upper), list(model.row_upper)
    num_col, num_row = model.columns, model.rows
    if load_columns:
        hubs = _hub_rows(model)
        on_hub = np.isin(rows, list(hubs))
        groups: dict[tuple[int, int, float], list[int]] = defaultdict(list)
        for e in np.flatnonzero(on_hub):
            j = int(cols[e])
            groups[(int(rows[e]), _item_of(prep, model, j), float(vals[e]))].append(j)
        extra_r: list[int] = []
        extra_c: list[int] = []
        extra_v: list[float] = []
        for (hub_row, _, mass), members in sorted(groups.items()):
            load, link = num_col, num_row
            num_col, num_row = num_col + 1, num_row + 1
            cost.append(0.0)
            upper.append(np.inf)
            row_upper.append(0.0)
            for j in members:  # units through the hub month <= its load column
                extra_r.append(link)
                extra_c.append(j)
                extra_v.append(1.0)
            extra_r += [link, hub_row]
            extra_c += [load, load]
            extra_v += [-1.0, mass]
        rows = np.concatenate([rows[~on_hub], np.array(extra_r)])
        cols = np.concatenate([cols[~on_hub], np.array(extra_c)])
        vals = np.concatenate([vals[~on_hub], np.array(extra_v)])
    order = np.lexsort((rows, cols))
    rows, cols, vals = rows[order], cols[order], vals[order]
    start = np.searchsorted(cols, np.arange(num_col + 1)).astype(np.int32)
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.passModel(
        num_col,
        num_row,
        len(rows),
        int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMaximize),
        0.0,
        np.array(cost),
        np.zeros(num_col),
        np.array(upper),
        np.full(num_row, -np.inf),
        np.array(row_upper),
        start,
        rows.astype(np.int32),
        vals.astype(np.float64),
        np.zeros(num_col, dtype=np.int32),
    )
    return h, num_col, num_row


def _timed_run(h: highspy.Highs) -> tuple[float, int]:
    started = time.perf_counter()
    h.run()
    return time.perf_counter() - started, int(h.getInfo().simplex_iteration_count)


def _solved(h: highspy.Highs, what: str) -> None:
    """Stop loudly when a re-solve did not reach its optimum: its plan would mean nothing."""
    _timed_run(h)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise SystemExit(f"{what}: {h.modelStatusToString(h.getModelStatus())}")


def _repair(model: Model, prep: Prepared, *, greedy: bool) -> dict[str, float]:
    """Hub capacity as per-column upper bounds on the LP without hub rows; then whole units as the engine."""
    started = time.perf_counter()
    hubs = np.array(sorted(_hub_rows(model)), dtype=np.int64)
    kept = np.setdiff1d(np.arange(model.rows), hubs).astype(np.int32)
    h = highs_for(model, np.arange(model.columns, dtype=np.int32), kept, integer=False)
    _solved(h, "the LP without hub rows")
    x = np.asarray(h.getSolution().col_value)
    bound = float(model.cost @ x)
    segment = np.zeros(model.rows, dtype=bool)
    for o in model.shape.origins:
        segment[o.row0 : o.row0 + len(o.ready)] = True
    on_hub = np.isin(model.cap_row, hubs)
    upper = model.upper.copy()
    rounds = 0
    while True:
        activity = loads(model, x)
        over = [r for r in hubs if activity[r] > model.row_upper[r] * (1 + 1e-9) + 1e-7]
        if not over:
            break
        rounds += 1
        dual = np.zeros(model.rows)
        dual[kept] = np.asarray(h.getSolution().row_dual)
        for row in over:
            hit = on_hub & (model.cap_row == row)
            js, mass = model.cap_col[hit], model.cap_val[hit]
            if not greedy:
                upper[js] = np.minimum(upper[js], x[js] * model.row_upper[row] / activity[row])
                continue
            worth = np.array([_worth(model, int(j), dual, segment, hubs) for j in js])
            room = float(model.row_upper[row])
            for n in np.argsort(-worth / mass, kind="stable"):
                take = min(float(x[js[n]]), max(0.0, room / float(mass[n])))
                upper[js[n]] = min(float(upper[js[n]]), take)
                room -= take * float(mass[n])
        idx = np.flatnonzero(upper < model.upper).astype(np.int32)
        h.changeColsBounds(len(idx), idx, np.zeros(len(idx)), upper[idx])
        _solved(h, f"round {rounds} of hub bounds")
        x = np.asarray(h.getSolution().col_value)
    objective, broken = _whole_units(model, h, x)
    return {
        "seconds": time.perf_counter() - started,
        "rounds": rounds,
        "bound": bound,
        "objective": objective,
        "gap_to_bound": (bound - objective) / max(1.0, abs(bound)),
        "capacity_rows_broken": broken,
    }


def _whole_units(model: Model, h: highspy.Highs, values: FloatArray) -> tuple[float, int]:
    """Whole-unit columns fixed at values rounded down, the rest solved again: (objective, capacity rows
    the plan breaks)."""
    whole = np.flatnonzero(model.integer == 1).astype(np.int32)
    target = np.floor(values + 1e-6)
    h.changeColsBounds(len(whole), whole, target[whole], target[whole])
    _solved(h, "the plan in whole units")
    plan = np.asarray(h.getSolution().col_value)
    activity = loads(model, plan)
    broken = sum(
        1
        for row in model.capacity.values()
        if activity[row] > model.row_upper[row] * (1 + 1e-9) + 1e-7
    )
    return float(model.cost @ plan), broken


def _restricted(model: Model) -> dict[str, float]:
    """The LP without hub rows, an LP with every row over the columns it uses, then whole units."""
    started = time.perf_counter()
    hubs = np.array(sorted(_hub_rows(model)), dtype=np.int64)
    kept = np.setdiff1d(np.arange(model.rows), hubs).astype(np.int32)
    h = highs_for(model, np.arange(model.columns, dtype=np.int32), kept, integer=False)
    _solved(h, "the LP without hub rows")
    relaxed = time.perf_counter() - started
    x = np.asarray(h.getSolution().col_value)
    bound = float(model.cost @ x)
    reduced = np.asarray(h.getSolution().col_dual)
    used = (x > 1e-6) | ((reduced >= -1e-6) & (model.hub_of_col >= 0))
    cols = np.flatnonzero(used).astype(np.int32)
    sub = highs_for(model, cols, np.arange(model.rows, dtype=np.int32), integer=False)
    took = time.perf_counter()
    _solved(sub, "the restricted LP")
    restricted = time.perf_counter() - took
    values = np.zeros(model.columns)
    values[cols] = sub.getSolution().col_value
    objective, broken = _whole_units(model, h, values)
    return {
        "seconds": time.perf_counter() - started,
        "relaxed": relaxed,
        "restricted": restricted,
        "columns": len(cols),
        "bound": bound,
        "lp_gap": (bound - float(model.cost @ values)) / max(1.0, abs(bound)),
        "objective": objective,
        "gap_to_bound": (bound - objective) / max(1.0, abs(bound)),
        "capacity_rows_broken": broken,
    }


def _worth(model: Model, j: int, dual: np.ndarray, segment: np.ndarray, hubs: np.ndarray) -> float:
    """A unit's value where column j takes it: its cost less the duals of the flow rows it enters."""
    a, b = model.start[j], model.start[j + 1]
    idx, val = model.index[a:b], model.value[a:b]
    flow = ~segment[idx] & (np.abs(val) == 1.0) & ~np.isin(idx, hubs)
    return float(model.cost[j] - val[flow] @ dual[idx[flow]])


def run(instance_path: Path, variant: str) -> str:
    prep, model = build_model(load_instance(instance_path.read_text(encoding="utf-8")))
    hubs = _hub_rows(model)
    producers = set(model.capacity.values()) - hubs
    if variant == "restricted":
        got = _restricted(model)
        return (
            f"restricted: {got['seconds']:.2f} s (LP without hub rows {got['relaxed']:.2f} s, restricted LP "
            f"{got['restricted']:.2f} s over {got['columns']:,.0f} columns, {got['lp_gap']:.2e} below the "
            f"bound), objective {got['objective']:,.1f} against the bound {got['bound']:,.1f} "
            f"(gap {got['gap_to_bound']:.2e}), capacity rows broken: {got['capacity_rows_broken']:.0f}"
        )
    if variant in ("shares", "greedy"):
        got = _repair(model, prep, greedy=variant == "greedy")
        return (
            f"{variant}: {got['seconds']:.2f} s, {got['rounds']:.0f} rounds, objective "
            f"{got['objective']:,.1f} against the bound {got['bound']:,.1f} without hub rows "
            f"(gap {got['gap_to_bound']:.2e}), capacity rows broken: {got['capacity_rows_broken']:.0f}"
        )
    drop = {
        "whole": set(),
        "load-columns": set(),
        "no-hubs": hubs,
        "no-producers": producers,
        "no-capacity": hubs | producers,
    }[variant]
    h, num_col, num_row = _lp(model, prep, drop=drop, load_columns=variant == "load-columns")
    seconds, iterations = _timed_run(h)
    rows = num_row - len(drop)  # the dropped rows stay in the LP, empty
    return (
        f"{variant}: {num_col:,} columns x {rows:,} rows, {seconds:.2f} s, {iterations:,} iterations, "
        f"objective {h.getInfo().objective_function_value:,.1f} ({h.modelStatusToString(h.getModelStatus())})"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=Path, required=True)
    parser.add_argument("--variant", action="append", choices=VARIANTS)
    args = parser.parse_args(argv)
    for variant in args.variant or VARIANTS:
        print(run(args.instance, variant), flush=True)


if __name__ == "__main__":
    main()
