"""HiGHS on the model's arrays: components solved apart, capacity rows added lazily, whole units by a dive.

1. Each component of the network (capacity rows left out) is one Highs object, solved as an LP.
2. The capacity rows that the solution breaks are added; the components they link are merged into one
   Highs object whose starting basis joins theirs (the new rows' slacks basic), and the dual simplex goes
   on from there. Producer rows first: the LP without hub rows bounds the optimum, and a restricted LP
   with every row over the few columns that LP uses often gives a plan within the gap of it (docs §5).
   Otherwise the hub rows are added too, until no capacity row is broken: the LP optimum of the whole model.
3. A dive makes it whole: fractional whole-unit columns are fixed (down; a new-type switch up) and the LP
   re-solved until every column is whole. Where the dive lost more than mip_rel_gap of the LP bound, the
   part is solved as a MIP from the dive's plan. Should the whole plan break a capacity row not yet
   present, the row is added and the rounds go on.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from nsatu.engine.allocation.lp import (
    BASIC,
    MS,
    BoolArray,
    HighsFailure,
    Live,
    _broken,
    _dive,
    _lp,
    _run,
    _unfix,
    highs_for,
)
from nsatu.engine.allocation.model import NEWTYPE, FloatArray, IntArray, Model
from nsatu.engine.allocation.restricted import _hub_rows, _restricted


def components(model: Model) -> list[tuple[IntArray, IntArray]]:
    """(columns, network rows) of each component, in order of its first column; capacity rows left out."""
    if model.columns == 0:
        return []
    col_order = np.argsort(model.owner_col, kind="stable").astype(np.int32)
    col_ids, col_first = np.unique(model.owner_col[col_order], return_index=True)
    row_order = np.argsort(model.owner_row, kind="stable").astype(np.int32)
    row_ids, row_first = np.unique(model.owner_row[row_order], return_index=True)
    row_end = np.append(row_first[1:], len(row_order))
    rows_of = {
        int(c): row_order[row_first[n] : row_end[n]] for n, c in enumerate(row_ids) if c >= 0
    }
    col_end = np.append(col_first[1:], len(col_order))
    parts = [
        (
            np.sort(col_order[col_first[n] : col_end[n]]),
            np.sort(rows_of.get(int(c), np.zeros(0, np.int32))),
        )
        for n, c in enumerate(col_ids)
    ]
    parts.sort(key=lambda part: int(part[0][0]))
    return parts


@dataclass
class Result:
    x: FloatArray
    bound: float  # no plan can be better (the LP optimum, or a MIP's bound)
    objective: float
    status: str  # optimal | time_limit
    solve_seconds: float
    components: int  # solved apart at the start
    parts: int  # left at the end, once capacity rows joined some
    capacity_rows: int
    rounds: int
    mip_parts: int
    restricted: int  # columns of the restricted LP whose plan was kept; 0 when the rounds ran


def solve_lazy(model: Model, deadline: float, mip_rel_gap: float) -> Result:
    seconds = 0.0
    x = np.zeros(model.columns)
    lives: list[Live] = []
    for cols, rows in components(model):
        live = Live(highs_for(model, cols, rows, integer=False), cols, [int(r) for r in rows])
        seconds += _lp(live, deadline)
        x[cols] = live.h.getSolution().col_value
        lives.append(live)
    started_with = len(lives)
    active: set[int] = set()
    hub = _hub_rows(model)
    lives, seconds, rounds = _settle(model, lives, x, active, hub, deadline, seconds)
    if any(hub[r] for r in _broken(model, x, active)):
        shortcut, took = _restricted(model, lives, x, deadline, mip_rel_gap)
        seconds += took
        if shortcut is not None:
            plan, bound, columns = shortcut
            objective = float(model.cost @ plan)
            return Result(
                plan,
                bound,
                objective,
                "optimal",
                seconds,
                started_with,
                len(lives),
                len(active),
                rounds,
                0,
                columns,
            )
        for live in lives:
            _unfix(model, live)
    while True:
        broken = _broken(model, x, active)
        if broken:  # the LP breaks capacity rows: add them and go on from the bases
            rounds += 1
            active.update(broken)
            lives, seconds = _rejoin(model, lives, broken, x, deadline, seconds)
            continue
        whole_x = x.copy()
        bound = objective = 0.0
        status, mip_parts = "optimal", 0
        for live in lives:
            part_x, part_bound, part, optimal, used_mip, took = _whole(
                model, live, x[live.cols], deadline, mip_rel_gap
            )
            seconds += took
            whole_x[live.cols] = part_x
            bound += part_bound
            objective += part
            mip_parts += used_mip
            if not optimal:
                status = "time_limit"
        broken = _broken(model, whole_x, active)
        if not broken:
            return Result(
                whole_x,
                bound,
                objective,
                status,
                seconds,
                started_with,
                len(lives),
                len(active),
                rounds,
                mip_parts,
                0,
            )
        rounds += 1  # the rounding moved units into a capacity row not yet present
        active.update(broken)
        for live in lives:
            _unfix(model, live)
        lives, seconds = _rejoin(model, lives, broken, x, deadline, seconds, every=True)


def _settle(
    model: Model,
    lives: list[Live],
    x: FloatArray,
    active: set[int],
    skip: BoolArray,
    deadline: float,
    seconds: float,
) -> tuple[list[Live], float, int]:
    """Add the broken capacity rows, except those in skip, until none is broken: (lives, seconds, rounds)."""
    rounds = 1
    while broken := [row for row in _broken(model, x, active) if not skip[row]]:
        rounds += 1
        active.update(broken)
        lives, seconds = _rejoin(model, lives, broken, x, deadline, seconds)
    return lives, seconds, rounds


def _rejoin(
    model: Model,
    lives: list[Live],
    broken: list[int],
    x: FloatArray,
    deadline: float,
    seconds: float,
    *,
    every: bool = False,
) -> tuple[list[Live], float]:
    joined, changed = _join(model, lives, broken)
    for live in joined:
        if every or id(live) in changed:
            seconds += _lp(live, deadline)
            x[live.cols] = live.h.getSolution().col_value
    return joined, seconds


def _join(model: Model, lives: list[Live], broken: list[int]) -> tuple[list[Live], set[int]]:
    """Add the broken capacity rows, merging the objects they link; each keeps its basis.

    Returns the objects, and the ids of those that changed.
    """
    owner = np.full(model.columns, -1, dtype=np.int64)
    for n, live in enumerate(lives):
        owner[live.cols] = n
    parent = list(range(len(lives)))

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    home: dict[int, int] = {}
    for row in broken:
        touched = sorted({int(n) for n in owner[model.cap_col[model.cap_row == row]] if n >= 0})
        for other in touched[1:]:
            parent[find(other)] = find(touched[0])
        home[row] = touched[0]
    groups: dict[int, list[int]] = {}
    for n in range(len(lives)):
        groups.setdefault(find(n), []).append(n)
    new_rows: dict[int, list[int]] = {}
    for row in broken:
        new_rows.setdefault(find(home[row]), []).append(row)
    out: list[Live] = []
    changed: set[int] = set()
    for root, members in sorted(groups.items()):
        if root not in new_rows:
            out.extend(lives[n] for n in members)
            continue
        if len(members) == 1:  # rows within one object: add them there, keeping its factorisation
            live = lives[members[0]]
            _add_rows(model, live, new_rows[root])
            out.append(live)
            changed.add(id(live))
            continue
        cols = np.concatenate([lives[n].cols for n in members])
        order = np.argsort(cols, kind="stable")
        rows = [r for n in members for r in lives[n].rows] + new_rows[root]
        h = highs_for(model, cols[order], np.array(rows, dtype=np.int32), integer=False)
        bases = [lives[n].h.getBasis() for n in members]
        col_status = [s for b in bases for s in b.col_status]
        basis = highspy.HighsBasis()
        basis.col_status = [col_status[int(i)] for i in order]
        basis.row_status = [s for b in bases for s in b.row_status] + [BASIC] * len(new_rows[root])
        basis.valid = True
        h.setBasis(basis)
        out.append(Live(h, cols[order], rows))
        changed.add(id(out[-1]))
    out.sort(key=lambda live: int(live.cols[0]))
    return out, changed


def _add_rows(model: Model, live: Live, rows: list[int]) -> None:
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []
    for row in rows:
        hit = model.cap_row == row
        starts.append(len(index))
        index.extend(np.searchsorted(live.cols, model.cap_col[hit]).tolist())
        value.extend(model.cap_val[hit].tolist())
    live.h.addRows(
        len(rows),
        np.full(len(rows), -np.inf),
        model.row_upper[rows],
        len(index),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value, dtype=np.float64),
    )
    live.rows.extend(rows)


def _whole(
    model: Model, live: Live, values: FloatArray, deadline: float, mip_rel_gap: float
) -> tuple[FloatArray, float, float, bool, int, float]:
    """(whole-unit values, bound, objective, proven within the gap, 1 if a MIP ran, seconds) for one part."""
    whole = model.integer[live.cols] == 1
    up = model.kind[live.cols] == NEWTYPE
    cost = model.cost[live.cols]
    bound = float(cost @ values)
    dived, seconds = _dive(live.h, values, whole, up, deadline)
    if dived is None:
        raise HighsFailure(
            "time_limit", "the time limit passed before a plan in whole units was found"
        )
    objective = float(cost @ dived)
    if bound - objective <= mip_rel_gap * max(1.0, abs(bound)):
        return dived, bound, objective, True, 0, seconds
    better, took, optimal, mip_bound = _mip(model, live, dived, whole, up, deadline, mip_rel_gap)
    seconds += took
    if optimal:
        bound = min(bound, mip_bound)
    if better is not None and float(cost @ better) > objective:
        dived, objective = better, float(cost @ better)
    # Proven only when the plan kept is within the gap of the bound: a MIP proven optimal whose plan was
    # lost on the way is not an optimal plan.
    optimal = optimal and bound - objective <= mip_rel_gap * max(1.0, abs(bound)) + 1e-9
    return dived, max(bound, objective), objective, optimal, 1, seconds


def _mip(
    model: Model,
    live: Live,
    values: FloatArray,
    whole: BoolArray,
    up: BoolArray,
    deadline: float,
    mip_rel_gap: float,
) -> tuple[FloatArray | None, float, bool, float]:
    mip, seconds, feasible = _mip_run(model, live, values, deadline, mip_rel_gap, start=True)
    solution = np.asarray(mip.getSolution().col_value)
    cost = model.cost[live.cols]
    claimed = float(mip.getInfo().objective_function_value)
    if feasible and float(cost @ solution) < claimed - 1e-6 * max(1.0, abs(claimed)):
        # HiGHS (1.16) can report the objective of its best plan yet hand back the start it was given;
        # solved again without a start, it hands back the plan it reports.
        mip, took, feasible = _mip_run(model, live, values, deadline, mip_rel_gap, start=False)
        seconds += took
        solution = np.asarray(mip.getSolution().col_value)
    optimal = mip.getModelStatus() == MS.kOptimal
    mip_bound = float(mip.getInfo().mip_dual_bound)
    if not feasible:
        return None, seconds, optimal, mip_bound
    completed, took = _dive(live.h, solution, whole, up, deadline, fix_all=True)
    return completed, seconds + took, optimal, mip_bound


def _mip_run(
    model: Model,
    live: Live,
    values: FloatArray,
    deadline: float,
    mip_rel_gap: float,
    *,
    start: bool,
) -> tuple[highspy.Highs, float, bool]:
    mip = highs_for(model, live.cols, np.array(live.rows, dtype=np.int32), integer=True)
    mip.setOptionValue("mip_rel_gap", mip_rel_gap)
    if start:
        given = highspy.HighsSolution()
        given.col_value = list(values)
        given.value_valid = True
        mip.setSolution(given)
    seconds, feasible = _run(mip, deadline)
    return mip, seconds, feasible
