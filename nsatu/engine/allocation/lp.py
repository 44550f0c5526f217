"""HiGHS objects over the model's arrays: built for some columns and rows, run against a deadline, checked
for broken capacity rows, and made whole by a dive. The solving strategy is highs.py's; the shortcut around
the hub rows is restricted.py's."""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt

from nsatu.engine.allocation.model import FloatArray, IntArray, Model

BoolArray = npt.NDArray[np.bool_]
INTEGRAL = 1e-6

MS = highspy.HighsModelStatus

BASIC = highspy.HighsBasisStatus.kBasic


class HighsFailure(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


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


def _lp(live: Live, deadline: float) -> float:
    seconds, _ = _run(live.h, deadline)
    if live.h.getModelStatus() != MS.kOptimal:
        raise HighsFailure("time_limit", "the time limit passed before the LP was solved")
    return seconds


def _unfix(model: Model, live: Live) -> None:
    idx = np.flatnonzero(model.integer[live.cols] == 1).astype(np.int32)
    live.h.changeColsBounds(len(idx), idx, np.zeros(len(idx)), model.upper[live.cols][idx])


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
