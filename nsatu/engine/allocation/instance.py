"""An allocation instance: what is needed, what is offered, and the limits between them.

Months are whole numbers counted from the instance's `start` month (0 = start). The JSON file format is
these dataclasses as objects, with lists for tuples; docs/allocation-model.md documents it field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PRIORITIES = (1, 2, 3, 4, 5)


def priority_weight(priority: int) -> float:
    """Priority 1 (most pressing) weighs 16, each step down halves it, priority 5 weighs 1.

    Halving means one unit for a priority-1 need is worth two for priority 2: the plan never trades a more
    pressing unit for a single less pressing one.
    """
    if priority not in PRIORITIES:
        raise ValueError(f"priority {priority} is not one of 1..5")
    return float(2 ** (5 - priority))


@dataclass(frozen=True)
class ItemType:
    id: str
    name: str = ""
    capability_area: str = "other"
    unit_mass_t: float = 0.0
    unit_price_eur: float | None = None
    in_fleet: bool = True


@dataclass(frozen=True)
class Requirement:
    id: str
    quantity: int
    priority: int
    needed_by: int
    satisfied_by: tuple[str, ...]
    capability_area: str = "other"
    claimed_by: str | None = (
        None  # a donor holding a live claim: only its offers may serve this requirement
    )
    title: str = ""


@dataclass(frozen=True)
class Tranche:
    id: str
    donor: str
    item_type: str
    quantity: int
    available: int
    transit: int = 0
    hub: str | None = None
    earmark_areas: tuple[str, ...] = ()
    earmark_requirements: tuple[str, ...] = ()
    excluded_requirements: tuple[str, ...] = ()  # declined by the donor in an earlier run
    pledge_id: str | None = None
    announced: int = 0  # order of announcement, for the status-quo baseline


@dataclass(frozen=True)
class FundsOffer:
    id: str
    donor: str
    amount_eur: float
    available: int
    channel: str = "national"  # national procurement, fund, PURL…
    lead_time: int = 0
    item_types: tuple[str, ...] = ()  # what this channel can buy; empty = any priced item type
    hub: str | None = None
    earmark_areas: tuple[str, ...] = ()
    earmark_requirements: tuple[str, ...] = ()
    excluded_requirements: tuple[str, ...] = ()
    pledge_id: str | None = None
    announced: int = 0
    # A named producer (a joint-production project): the offer buys only from that producer's capacity,
    # and does not count against the capacity of the type's other producers.
    producer: str = ""


@dataclass(frozen=True)
class ProducerCapacity:
    """Units of a type funds can buy per month from `from_month` on, until the producer's next row.

    Rows of one (item type, producer) form a schedule; before its first row the producer makes nothing.
    `producer` "" stands for every producer not named, bought from by the funds offers without a producer.
    """

    item_type: str
    per_month: int
    producer: str = ""
    from_month: int = 0


@dataclass(frozen=True)
class Hub:
    id: str
    capacity_t: float  # tonnes per month


@dataclass(frozen=True)
class Parameters:
    horizon: int = 24
    start: str = "2026-01"
    lateness_decay: float = 0.8  # each month late multiplies a unit's value by this factor
    max_late: int = 12  # deliveries later than this many months after needed-by earn nothing
    new_type_penalty: float = 0.0  # > 0 makes it a MIP: a penalty per item type new to the fleet
    time_limit_s: float = 60.0
    # HiGHS's own default: a plan within 0.01 % of the bound is reported optimal (docs/allocation-model.md §6)
    mip_rel_gap: float = 1e-4


@dataclass(frozen=True)
class Instance:
    parameters: Parameters
    item_types: tuple[ItemType, ...]
    requirements: tuple[Requirement, ...]
    tranches: tuple[Tranche, ...] = ()
    funds: tuple[FundsOffer, ...] = ()
    capacities: tuple[ProducerCapacity, ...] = ()
    hubs: tuple[Hub, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
