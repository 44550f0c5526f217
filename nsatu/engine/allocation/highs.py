"""HiGHS on the model's arrays: one Highs per independent component, the LP, the rounding dive, the MIP."""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np

from nsatu.engine.allocation.model import NEWTYPE, FloatArray, IntArray, Model

INTEGRAL = 1e-6
MS = highspy.HighsModelStatus


class HighsFailure(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def components(model: Model) -> list[tuple[IntArray, IntArray]]:
    """(columns, rows) of each independent component, in order of its first column."""
    if model.columns == 0:
        return []
    col_order = np.argsort(model.owner_col, kind="stable").astype(np.int32)
    col_ids, col_first = np.unique(model.owner_col[col_order], return_index=True)
    row_order = np.argsort(model.owner_row, kind="stable").astype(np.int32)
    row_ids, row_first = np.unique(model.owner_row[row_order], return_index=True)
    row_end = np.append(row_first[1:], len(row_order))
    rows_of = {int(c): row_order[row_first[n] : row_end[n]] for n, c in enumerate(row_ids)}
    col_end = np.append(col_first[1:], len(col_order))
    parts = [
        (np.sort(col_order[col_first[n] : col_end[n]]), np.sort(rows_of.get(int(c), np.zeros(0, np.int32))))
        for n, c in enumerate(col_ids)
    ]
    parts.sort(key=lambda part: int(part[0][0]))
    return parts


def highs_for(
    model: Model, cols: IntArray | None = None, rows: IntArray | None = None, *, integer: bool = True
) -> highspy.Highs:
    """A Highs object holding the model, or the component given by cols and rows, maximising."""
    if cols is None or rows is None:
        start, index, value = model.start[:-1], model.index, model.value
        cost, upper, kinds, row_upper = model.cost, model.upper, model.integer, model.row_upper
    else:
        lengths = model.start[cols + 1] - model.start[cols]
        new_start = np.zeros(len(cols) + 1, dtype=np.int32)
        np.cumsum(lengths, out=new_start[1:])
        take = np.repeat(model.start[cols] - new_start[:-1], lengths) + np.arange(int(new_start[-1]), dtype=np.int32)
        row_map = np.full(model.rows, -1, dtype=np.int32)
        row_map[rows] = np.arange(len(rows), dtype=np.int32)
        index = row_map[model.index[take]]
        value = model.value[take]
        start = new_start[:-1]
        cost, upper, kinds, row_upper = model.cost[cols], model.upper[cols], model.integer[cols], model.row_upper[rows]
    h = highspy.Highs()  # type: ignore[no-untyped-call]
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


@dataclass
class Result:
    x: FloatArray
    bound: float  # the LP optimum: no plan can be better
    objective: float
    status: str  # optimal | time_limit
    integral: bool
    solve_seconds: float
    parts: int
    mip_parts: int


def _run(h: highspy.Highs, deadline: float) -> tuple[float, bool]:
    h.setOptionValue("time_limit", max(deadline - time.perf_counter(), 1e-6))
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    status = h.getModelStatus()
    if status == MS.kOptimal:
        return seconds, True
    if status in (MS.kTimeLimit, MS.kInterrupt, MS.kSolutionLimit):
        feasible = h.getInfo().primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
        return seconds, feasible and h.getInfo().mip_node_count >= 0
    if status in (MS.kInfeasible, MS.kUnboundedOrInfeasible, MS.kUnbounded):
        raise HighsFailure("infeasible", h.modelStatusToString(status))
    raise HighsFailure("error", h.modelStatusToString(status))


def solve_lp(model: Model, deadline: float, mip_rel_gap: float) -> Result:
    """LP per component; a rounding dive makes it whole; a MIP closes any gap above mip_rel_gap."""
    x = np.zeros(model.columns)
    seconds, bound, objective = 0.0, 0.0, 0.0
    status, mip_parts = "optimal", 0
    parts = components(model)
    for cols, rows in parts:
        h = highs_for(model, cols, rows, integer=False)
        took, _ = _run(h, deadline)
        seconds += took
        if h.getModelStatus() != MS.kOptimal:
            raise HighsFailure("time_limit", "the time limit passed before the LP was solved")
        values = np.asarray(h.getSolution().col_value)
        part_bound = float(model.cost[cols] @ values)
        whole = model.integer[cols] == 1
        dived, took = _dive(h, values, whole, model.kind[cols] == NEWTYPE, deadline)
        seconds += took
        if dived is None:
            raise HighsFailure("time_limit", "the time limit passed before a plan in whole units was found")
        values = dived
        part_objective = float(model.cost[cols] @ values)
        if part_bound - part_objective > mip_rel_gap * max(1.0, abs(part_bound)):
            mip_parts += 1
            mip = highs_for(model, cols, rows, integer=True)
            mip.setOptionValue("mip_rel_gap", mip_rel_gap)
            start = highspy.HighsSolution()
            start.col_value = list(values)
            start.value_valid = True
            mip.setSolution(start)
            took, feasible = _run(mip, deadline)
            seconds += took
            if mip.getModelStatus() == MS.kOptimal:
                part_bound = min(part_bound, float(mip.getInfo().mip_dual_bound))
            else:
                status = "time_limit"
            if feasible:
                found = np.asarray(mip.getSolution().col_value)
                fixed, took = _dive(h, found, whole, model.kind[cols] == NEWTYPE, deadline, fix_all=True)
                seconds += took
                if fixed is not None and float(model.cost[cols] @ fixed) > part_objective:
                    values = fixed
                    part_objective = float(model.cost[cols] @ values)
        x[cols] = values
        bound += part_bound
        objective += part_objective
    return Result(x, bound, objective, status, True, seconds, len(parts), mip_parts)


def _dive(
    h: highspy.Highs,
    values: FloatArray,
    whole: np.ndarray,
    up: np.ndarray,
    deadline: float,
    *,
    fix_all: bool = False,
) -> tuple[FloatArray | None, float]:
    """Fix fractional whole-unit columns (down; new-type switches up) and re-solve until all are whole.

    With every whole-unit column fixed, what is left is a network LP whose vertices are integral (docs §5).
    With fix_all, every whole-unit column is fixed at once to its rounded value (a MIP solution's completion).
    """
    seconds = 0.0
    fixed = np.zeros(len(values), dtype=bool)
    first = True
    while True:
        off = np.abs(values - np.round(values)) > INTEGRAL
        if not off.any() and not (fix_all and first):
            return np.round(values), seconds
        if fix_all and first:
            fractional = whole.copy()
        else:
            fractional = off & whole & ~fixed
            if not fractional.any():
                fractional = whole & ~fixed  # only network columns are off: fix the rest, re-solve to a vertex
                if not fractional.any():
                    return None, seconds
        first = False
        idx = np.flatnonzero(fractional).astype(np.int32)
        if fix_all:
            target = np.round(values[idx])
        else:
            target = np.where(up[idx], np.ceil(values[idx] - INTEGRAL), np.floor(values[idx] + INTEGRAL))
        h.changeColsBounds(len(idx), idx, target, target)
        fixed[idx] = True
        took, _ = _run(h, deadline)
        seconds += took
        if h.getModelStatus() != MS.kOptimal:
            return None, seconds
        values = np.asarray(h.getSolution().col_value)
