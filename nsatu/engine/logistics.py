"""Hub throughput against capacity, and late shipments.

A shipment's mass counts in the month it passes its hub: the month it actually reached the hub, or the planned
month while it has not. A hub is over capacity in a month when that mass exceeds its stated tonnes per month;
a hub without a stated capacity is never flagged (no figure is invented for it).

A shipment is late when a milestone's planned date has passed and the milestone is not reached (overdue), or
when it was reached after the planned date (arrived late). Cancelled and fully received shipments are not
overdue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

MILESTONES = ("dispatched", "at_hub", "handed_over")
CLOSED = frozenset({"received", "cancelled"})


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


@dataclass(frozen=True)
class HubPassage:
    shipment_id: int
    hub: str
    planned_at_hub: dt.date
    at_hub_on: dt.date | None
    mass_t: Decimal
    status: str = "planned"
    lines_without_mass: int = (
        0  # lines whose item type states no unit mass: not in the tonnes, counted apart
    )

    @property
    def month(self) -> dt.date:
        return month_of(self.at_hub_on or self.planned_at_hub)


@dataclass(frozen=True)
class HubMonth:
    hub: str
    month: dt.date
    tonnes: Decimal
    capacity_t: Decimal | None
    shipments: int
    lines_without_mass: int = 0

    @property
    def over(self) -> bool:
        return self.capacity_t is not None and self.tonnes > self.capacity_t

    @property
    def utilisation(self) -> Decimal | None:
        if self.capacity_t is None or self.capacity_t <= 0:
            return None
        return self.tonnes / self.capacity_t


def throughput(
    passages: Iterable[HubPassage], capacities: dict[str, Decimal | None]
) -> list[HubMonth]:
    """Tonnes through each hub per month, sorted by hub then month; cancelled shipments carry nothing."""
    tonnes: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
    count: dict[tuple[str, dt.date], int] = defaultdict(int)
    unknown: dict[tuple[str, dt.date], int] = defaultdict(int)
    for p in passages:
        if p.status == "cancelled":
            continue
        key = (p.hub, p.month)
        tonnes[key] += p.mass_t
        count[key] += 1
        unknown[key] += p.lines_without_mass
    return [
        HubMonth(
            hub,
            month,
            tonnes[(hub, month)],
            capacities.get(hub),
            count[(hub, month)],
            unknown[(hub, month)],
        )
        for hub, month in sorted(tonnes)
    ]


@dataclass(frozen=True)
class Timing:
    shipment_id: int
    status: str
    planned: dict[str, dt.date]  # milestone -> planned date
    actual: dict[str, dt.date | None]  # milestone -> actual date, None while not reached


@dataclass(frozen=True)
class Lateness:
    shipment_id: int
    milestone: str
    planned: dt.date
    actual: dt.date | None  # None: overdue, not reached yet
    days: int

    @property
    def overdue(self) -> bool:
        return self.actual is None


def lateness(timing: Timing, *, today: dt.date) -> Lateness | None:
    """The first milestone missed, overdue or reached late; None when the shipment is on time."""
    if timing.status == "cancelled":
        return None
    for milestone in MILESTONES:
        planned = timing.planned[milestone]
        actual = timing.actual.get(milestone)
        if actual is None:
            if timing.status in CLOSED or planned >= today:
                continue
            return Lateness(timing.shipment_id, milestone, planned, None, (today - planned).days)
        if actual > planned:
            return Lateness(timing.shipment_id, milestone, planned, actual, (actual - planned).days)
    return None


def fleet_available(fleet: dict[int, int], under_repair: dict[int, int]) -> dict[int, int]:
    """Units of each item type available to the recipient: fielded minus those away for repair (never below 0)."""
    return {item: max(units - under_repair.get(item, 0), 0) for item, units in fleet.items()}
