"""What a requirement's quantity counts, and how a rate becomes a quantity over a planning horizon.

A requirement states a quantity of one *unit kind* (items, rounds, funds) over a *period*: in total, or per
day / month / year. A rate is turned into the quantity needed between the day coverage is counted from and
the requirement's needed-by date (the horizon when it has none): per day x days, per month x whole months
begun, per year x days / 365. Quantities of different kinds are never added: every total is kept per kind.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class UnitKind(StrEnum):
    ITEMS = "items"  # systems, vehicles, aircraft, drones: countable items of equipment
    ROUNDS = "rounds"  # ammunition, missiles, shells
    FUNDS = "funds"  # money, in the requirement's currency


class Period(StrEnum):
    TOTAL = "total"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class UnitError(ValueError):
    pass


@dataclass(frozen=True)
class Stated:
    """A requirement as stated: `quantity` of `kind` per `period`."""

    quantity: Decimal
    kind: UnitKind
    period: Period = Period.TOTAL


def months_begun(start: dt.date, end: dt.date) -> int:
    """Calendar months from start's month to end's month, counting a begun month as whole (at least 1)."""
    return max((end.year - start.year) * 12 + end.month - start.month + (end.day > start.day), 1)


def horizon_quantity(stated: Stated, *, start: dt.date, end: dt.date) -> Decimal:
    """The quantity a rate adds up to from `start` to `end` (the total itself when the period is TOTAL)."""
    if stated.period == Period.TOTAL:
        return stated.quantity
    if end < start:
        raise UnitError(f"the horizon ends ({end}) before it starts ({start})")
    days = (end - start).days
    if stated.period == Period.DAY:
        return stated.quantity * max(days, 1)
    if stated.period == Period.MONTH:
        return stated.quantity * months_begun(start, end)
    return (stated.quantity * Decimal(max(days, 1)) / Decimal(365)).to_integral_value(
        rounding="ROUND_CEILING"
    )


def whole_units(value: Decimal) -> int:
    return math.ceil(value)
