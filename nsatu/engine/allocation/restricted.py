"""A plan within the gap of the LP without hub rows, found without adding them to it (docs §5, step 3):
one LP with every row over the few columns that relaxation uses, made whole by the dive, priced a few times
when it misses narrowly."""

from __future__ import annotations

import time

import highspy
import numpy as np

from nsatu.engine.allocation.lp import (
    INTEGRAL,
    BoolArray,
    HighsFailure,
    Live,
    _broken,
    _dive,
    _lp,
    highs_for,
)
from nsatu.engine.allocation.model import NEWTYPE, FloatArray, IntArray, Model

PRICING_ROUNDS = 3  # re-solves of the restricted LP with priced columns before the rounds take over

PRICED_COLUMNS = 1000  # columns a pricing adds: the best few move it most, and it stays small

# Pricing only closes a small gap: this far from the bound, the hub rows themselves cost value (2 x national,
# seed 1: the LP with them is 9e-4 below the one without; three pricings took the plan from 2.1e-3 to 1.4e-3).
HOPELESS = 10.0


def _hub_rows(model: Model) -> BoolArray:
    hub = np.zeros(model.rows, dtype=bool)
    hub[[row for (name, _), row in model.capacity.items() if name.startswith("hub:")]] = True
    return hub


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
