"""What a requirement's quantity counts, and how a rate becomes a quantity over a planning horizon.

A requirement states a quantity of one *unit kind* (items, rounds, funds) over a *period*: in total, or per
day / month / year. A rate is turned into the quantity needed between the day coverage is counted from and
the requirement's needed-by date, at the latest the horizon (aid after the horizon is not counted, so a need
counted past it would be under-covered by construction): per day x days, per month x elapsed months (a begun
month counted whole), per year x whole years plus the leftover days prorated by that year's length (rounded
up). A period that ends on or before its start counts exactly one period. Quantities of different kinds are
never added: every total is kept per kind.
"""

from __future__ import annotations

import calendar
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


@dataclass(frozen=True)
class Stated:
    """A requirement as stated: `quantity` of `kind` per `period`."""

    quantity: Decimal
    kind: UnitKind
    period: Period = Period.TOTAL


def months_begun(start: dt.date, end: dt.date) -> int:
    """Elapsed months from start to end, a begun month counted whole (at least 1): 15 January to
    15 March is 2, to 16 March 3."""
    return max((end.year - start.year) * 12 + end.month - start.month + (end.day > start.day), 1)


def horizon_quantity(stated: Stated, *, start: dt.date, end: dt.date) -> Decimal:
    """The quantity a rate adds up to from `start` to `end` (the total itself when the period is TOTAL)."""
    if stated.period == Period.TOTAL:
        return stated.quantity
    if end <= start:
        return stated.quantity
    if stated.period == Period.DAY:
        return stated.quantity * (end - start).days
    if stated.period == Period.MONTH:
        return stated.quantity * months_begun(start, end)
    return (stated.quantity * years_elapsed(start, end)).to_integral_value(rounding="ROUND_CEILING")


def years_elapsed(start: dt.date, end: dt.date) -> Decimal:
    """Whole years from start (anniversaries by add_months, so 29 February steps to 28 February), plus
    the leftover days as a share of the year they fall in (365 or 366 days)."""
    years = 0
    while add_months(start, 12 * (years + 1)) <= end:
        years += 1
    since = add_months(start, 12 * years)
    length = (add_months(start, 12 * (years + 1)) - since).days
    return Decimal(years) + Decimal((end - since).days) / Decimal(length)


def whole_units(value: Decimal) -> int:
    return math.ceil(value)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter): where a horizon ends."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def horizon_end(*, start: dt.date, needed_by: dt.date | None, horizon: dt.date) -> dt.date:
    """Until when a rate counts: min(needed-by, horizon), the horizon when there is no needed-by date.
    Aid arriving after the horizon is not counted, so the need is not counted past it either. A date
    already past gives `start` (one period is counted), never backwards."""
    end = horizon if needed_by is None else min(needed_by, horizon)
    return max(end, start)
