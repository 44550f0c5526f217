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

import time
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt

from nsatu.engine.allocation.model import NEWTYPE, FloatArray, IntArray, Model

INTEGRAL = 1e-6
MS = highspy.HighsModelStatus
BASIC = highspy.HighsBasisStatus.kBasic
BoolArray = npt.NDArray[np.bool_]
PRICING_ROUNDS = 3  # re-solves of the restricted LP with priced columns before the rounds take over
PRICED_COLUMNS = 1000  # columns a pricing adds: the best few move it most, and it stays small
# Pricing only closes a small gap: this far from the bound, the hub rows themselves cost value (2 x national,
# seed 1: the LP with them is 9e-4 below the one without; three pricings took the plan from 2.1e-3 to 1.4e-3).
HOPELESS = 10.0


class HighsFailure(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


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


def highs_for(
    model: Model,
    cols: IntArray | None = None,
    rows: IntArray | None = None,
    *,
    integer: bool = True,
) -> highspy.Highs:
    """A Highs object holding the model, or the columns and rows given (rows in that order), maximising."""
    if cols is None or rows is None:
        start, index, value = model.start[:-1], model.index, model.value
        cost, upper, kinds, row_upper = model.cost, model.upper, model.integer, model.row_upper
    else:
        lengths = model.start[cols + 1] - model.start[cols]
        offsets = np.cumsum(lengths) - lengths
        take = np.repeat(model.start[cols] - offsets, lengths) + np.arange(
            int(lengths.sum()), dtype=np.int64
        )
        row_map = np.full(model.rows, -1, dtype=np.int32)
        row_map[rows] = np.arange(len(rows), dtype=np.int32)
        local = row_map[model.index[take]]
        keep = local >= 0  # capacity rows not (yet) in this object
        col_of = np.repeat(np.arange(len(cols), dtype=np.int32), lengths)[keep]
        index, value = local[keep], model.value[take][keep]
        start = np.searchsorted(col_of, np.arange(len(cols)), side="left").astype(np.int32)
        cost, upper, kinds, row_upper = (
            model.cost[cols],
            model.upper[cols],
            model.integer[cols],
            model.row_upper[rows],
        )
    h = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy ships no annotation for it
    h.setOptionValue("output_flag", False)
    num_col, num_row = len(cost), len(row_upper)
    integrality = np.ascontiguousarray(kinds if integer else np.zeros(num_col), dtype=np.int32)
    status = h.passModel(
        num_col,
        num_row,
        len(index),
        int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMaximize),
        0.0,
        np.ascontiguousarray(cost),
        np.zeros(num_col),
        np.ascontiguousarray(upper),
        np.full(num_row, -np.inf),
        np.ascontiguousarray(row_upper),
        np.ascontiguousarray(start, dtype=np.int32),
        np.ascontiguousarray(index, dtype=np.int32),
        np.ascontiguousarray(value),
        integrality,
    )
    if status == highspy.HighsStatus.kError:
        raise HighsFailure("error", "HiGHS rejected the model")
    return h


def _run(h: highspy.Highs, deadline: float) -> tuple[float, bool]:
    """Run to the deadline; (seconds, whether a feasible solution is at hand)."""
    h.setOptionValue("time_limit", max(deadline - time.perf_counter(), 1e-6))
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    status = h.getModelStatus()
    if status == MS.kOptimal:
        return seconds, True
    if status in (MS.kTimeLimit, MS.kInterrupt, MS.kSolutionLimit, MS.kIterationLimit):
        return (
            seconds,
            h.getInfo().primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible,
        )
    if status in (MS.kInfeasible, MS.kUnboundedOrInfeasible, MS.kUnbounded):
        raise HighsFailure("infeasible", h.modelStatusToString(status))
    raise HighsFailure("error", h.modelStatusToString(status))


@dataclass
class Live:
    h: highspy.Highs
    cols: IntArray
    rows: list[int]  # global row ids, in the object's order


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


def loads(model: Model, x: FloatArray) -> FloatArray:
    """Activity of every row under x, counting the capacity rows' entries only (other rows read zero)."""
    return np.bincount(
        model.cap_row, weights=model.cap_val * x[model.cap_col], minlength=model.rows
    )


def _broken(model: Model, x: FloatArray, active: set[int]) -> list[int]:
    """Capacity rows x breaks, and those the overflow would spill into once the solver delays it.

    Units that do not fit in a month pass in the next ones, so the excess of a broken month is carried
    forward until a month with room (or a row already present) absorbs it: fewer rounds.
    """
    activity = loads(model, x)
    out: list[int] = []
    for months in model.capacity_series:
        carry = 0.0
        for row in months:
            if row < 0 or row in active:
                carry = 0.0
                continue
            total = activity[row] + carry
            if total > model.row_upper[row] * (1 + 1e-9) + 1e-7:
                out.append(row)
                carry = total - model.row_upper[row]
            else:
                carry = 0.0
    return sorted(out)


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


def _hub_rows(model: Model) -> BoolArray:
    hub = np.zeros(model.rows, dtype=bool)
    hub[[row for (name, _), row in model.capacity.items() if name.startswith("hub:")]] = True
    return hub


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


def _restricted(
    model: Model, lives: list[Live], x: FloatArray, deadline: float, mip_rel_gap: float
) -> tuple[tuple[FloatArray, float, int] | None, float]:
    """A plan in whole units within the gap of the LP without hub rows, found without adding them there.

    Every row, hub rows included, goes into an LP over few columns: those the LP without hub rows uses,
    and the units through a hub that it finds worth as much in another month (reduced cost zero), where
    a full hub can send them. Small, so it solves fast whatever the hub rows do to the basis; its plan
    keeps every row, and the dive makes it whole. Within the gap of the bound x gives, it stands;
    otherwise, if not hopelessly far, the columns its duals price highest join and it is solved again, a
    few times, before the caller falls back on the rounds. ((plan, bound, columns) or None, seconds)
    """
    bound = float(model.cost @ x)
    reduced = np.zeros(model.columns)
    for live in lives:
        reduced[live.cols] = live.h.getSolution().col_dual
    through_hub = (reduced >= -INTEGRAL) & (model.hub_of_col >= 0)
    cols = np.flatnonzero((x > INTEGRAL) | through_hub).astype(np.int32)
    h = highs_for(model, cols, np.arange(model.rows, dtype=np.int32), integer=False)
    seconds = 0.0
    for _ in range(PRICING_ROUNDS + 1):
        seconds += _lp(Live(h, cols, []), deadline)
        values = np.zeros(model.columns)
        values[cols] = h.getSolution().col_value
        try:
            plan, took = _dive_lives(model, lives, values, deadline)
        except HighsFailure:
            if time.perf_counter() >= deadline:
                raise
            break  # a dive that found no plan here is no reason to fail: the exact rounds may
        seconds += took
        gap = bound - float(model.cost @ plan)
        allowed = mip_rel_gap * max(1.0, abs(bound))
        if gap <= allowed and not _broken(model, plan, set()):
            return (plan, bound, len(cols)), seconds
        if gap > HOPELESS * allowed:
            break
        priced = _priced(model, h, cols)
        if len(priced) == 0:
            break
        _add_cols(model, h, priced)
        cols = np.concatenate([cols, priced])
    return None, seconds


def _dive_lives(
    model: Model, lives: list[Live], values: FloatArray, deadline: float
) -> tuple[FloatArray, float]:
    """Every part's whole-unit columns fixed at values rounded down, the rest re-solved in its object.

    The objects lack the hub rows, but with the columns those rows weigh fixed, their load is fixed too.
    """
    plan = values.copy()
    seconds = 0.0
    for live in lives:
        whole = model.integer[live.cols] == 1
        up = model.kind[live.cols] == NEWTYPE
        dived, took = _dive(live.h, values[live.cols], whole, up, deadline)
        seconds += took
        if dived is None:
            raise HighsFailure(
                "time_limit", "the time limit passed before a plan in whole units was found"
            )
        plan[live.cols] = dived
    return plan, seconds


def _priced(model: Model, h: highspy.Highs, cols: IntArray) -> IntArray:
    """The columns outside cols that h's duals find worth more than they cost, the best first few."""
    dual = np.asarray(h.getSolution().row_dual)
    col_of = np.repeat(np.arange(model.columns), np.diff(model.start))
    reduced = model.cost - np.bincount(
        col_of, weights=model.value * dual[model.index], minlength=model.columns
    )
    reduced[cols] = 0.0
    gain = np.flatnonzero(reduced > INTEGRAL)
    best = gain[np.argsort(-reduced[gain], kind="stable")[:PRICED_COLUMNS]]
    return np.sort(best).astype(np.int32)


def _add_cols(model: Model, h: highspy.Highs, cols: IntArray) -> None:
    """Add columns to an object that holds every row of the model, in the model's order."""
    lengths = model.start[cols + 1] - model.start[cols]
    offsets = np.cumsum(lengths) - lengths
    take = np.repeat(model.start[cols] - offsets, lengths) + np.arange(
        int(lengths.sum()), dtype=np.int64
    )
    h.addCols(
        len(cols),
        model.cost[cols],
        np.zeros(len(cols)),
        model.upper[cols],
        len(take),
        offsets.astype(np.int32),
        model.index[take].astype(np.int32),
        model.value[take],
    )


def _lp(live: Live, deadline: float) -> float:
    seconds, _ = _run(live.h, deadline)
    if live.h.getModelStatus() != MS.kOptimal:
        raise HighsFailure("time_limit", "the time limit passed before the LP was solved")
    return seconds


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


def _unfix(model: Model, live: Live) -> None:
    idx = np.flatnonzero(model.integer[live.cols] == 1).astype(np.int32)
    live.h.changeColsBounds(len(idx), idx, np.zeros(len(idx)), model.upper[live.cols][idx])


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


def _dive(
    h: highspy.Highs,
    values: FloatArray,
    whole: BoolArray,
    up: BoolArray,
    deadline: float,
    *,
    fix_all: bool = False,
) -> tuple[FloatArray | None, float]:
    """Fix every whole-unit column (fractions down; a new-type switch up) and re-solve the rest.

    What is left is a network LP whose vertices are integral (docs §5), so one re-solve from the basis
    gives whole units. Fixing only the fractional columns and re-solving, round after round, gains little
    (the freed room goes to another fraction) and costs a re-solve per round. With fix_all the values
    are a MIP's solution, fixed rounded.
    """
    if not fix_all and not (np.abs(values - np.round(values)) > INTEGRAL).any():
        return np.round(values), 0.0
    target = (
        np.round(values)
        if fix_all
        else np.where(up, np.ceil(values - INTEGRAL), np.floor(values + INTEGRAL))
    )
    idx = np.flatnonzero(whole).astype(np.int32)
    h.changeColsBounds(len(idx), idx, target[idx], target[idx])
    seconds, _ = _run(h, deadline)
    if h.getModelStatus() != MS.kOptimal:
        return None, seconds
    solved = np.asarray(h.getSolution().col_value)
    if (np.abs(solved - np.round(solved)) > INTEGRAL).any():
        raise HighsFailure(
            "error", "the network left once whole-unit columns are fixed has a fractional vertex"
        )
    return np.round(solved), seconds


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
