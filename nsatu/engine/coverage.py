"""The coverage of requirements: one definition, read by every page, export, API, briefing and plan.

CONTRACT (written first; the implementation fills the function bodies and keeps these names and fields).

Stages, each counting the units that reached it *or a later one* (so announced >= committed >= allocated >=
shipped >= delivered >= in_service for every requirement):
    announced   any aid line not withdrawn;
    committed   firm aid: committed, allocated or delivered lines;
    allocated   earmarked for the requirement, or accepted in a plan (which earmarks), or shipped;
    shipped     on a shipment dispatched or further on (nsatu's logistics), or delivered;
    delivered   received (a receipt in nsatu) or reported delivered by a register (SIPRI, Oryx);
    in_service  delivered, less units of the item type under repair or written off.

What counts toward which requirement (Parcel = a part of an aid line with one destination):
    1. a parcel earmarked for a requirement counts there, all of it (the excess is shown as over-coverage);
    2. every other parcel is pooled by item type; requirements, most pressing first (priority, needed-by,
       reference), take from the pools of the types that serve them: their own type first, then its
       substitutes; for an ammunition family, every type that provides it. They take the most advanced
       units first (in service, delivered, shipped, allocated, committed) up to their need; then announced
       units fill what firm aid left open. So a requirement is never at 0 when firm aid of its type exists
       and is not needed by a more pressing requirement.
    3. only parcels delivered, or arriving on or before the horizon, count (the rest is `beyond`).
The covered share of a requirement is committed / needed, capped at 1. Area totals are kept per unit
kind (never adding rounds to howitzers): needed, each stage capped at each requirement's need, and the
share of requirements fully covered; the priority-weighted share weights each requirement's capped share
by (6 - priority).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from nsatu.engine.ledger import AidLine

STAGES = ("announced", "committed", "allocated", "shipped", "delivered", "in_service")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Stages:
    announced: Decimal = ZERO
    committed: Decimal = ZERO
    allocated: Decimal = ZERO
    shipped: Decimal = ZERO
    delivered: Decimal = ZERO
    in_service: Decimal = ZERO

    def as_dict(self) -> dict[str, Decimal]:
        return {s: getattr(self, s) for s in STAGES}


@dataclass(frozen=True)
class Need:
    requirement_id: int
    reference: str
    title: str
    capability_area: str
    unit_kind: str  # engine.units.UnitKind
    quantity: Decimal  # needed over the horizon (a rate already turned into a quantity)
    priority: int
    needed_by: dt.date | None
    eligible: tuple[
        int, ...
    ]  # item type ids that serve it: own type, then substitutes / family providers
    illustrative: bool = False


@dataclass(frozen=True)
class LineProgress:
    """What nsatu's own records add to a line: earmarks, plan acceptances, shipments and receipts."""

    earmarked: Mapping[int, int] = field(default_factory=dict)  # requirement id -> units earmarked
    shipped: int = 0  # units on shipments dispatched or further, not yet received
    received: int = 0  # units accepted on receipt
    arrives: dt.date | None = None  # when the undelivered rest is due (None: undated)


@dataclass(frozen=True)
class Parcel:
    line_id: str
    donor: str
    item_id: int | None
    requirement_id: int | None  # earmark; None: pooled by item type
    stages: Stages
    arrives: dt.date | None = None  # when its undelivered units arrive; None: undated (counts)
    illustrative: bool = False


@dataclass(frozen=True)
class RequirementCoverage:
    need: Need
    stages: Stages
    by_line: tuple[tuple[str, str, Stages], ...]  # (line id, donor, stages) that make it up

    @property
    def covered_share(self) -> Decimal:
        raise NotImplementedError

    @property
    def gap(self) -> Decimal:
        raise NotImplementedError

    @property
    def over(self) -> Decimal:
        raise NotImplementedError


@dataclass(frozen=True)
class AreaCoverage:
    capability_area: str
    unit_kind: str
    requirements: int
    needed: Decimal
    stages: Stages  # each stage capped at each requirement's need, then summed
    fully_covered: int  # requirements whose covered share is 1

    @property
    def covered_share(self) -> Decimal:
        raise NotImplementedError


@dataclass(frozen=True)
class CoverageResult:
    requirements: tuple[RequirementCoverage, ...]  # in the order needs were ranked
    areas: tuple[AreaCoverage, ...]  # by area, then unit kind
    unused: tuple[tuple[int, Stages], ...]  # item id -> pooled units no requirement took
    beyond: Decimal  # units arriving after the horizon, not counted
    weighted_share: Decimal  # priority-weighted covered share over all requirements

    def of(self, requirement_id: int) -> RequirementCoverage:
        raise NotImplementedError


def line_parcels(line: AidLine, progress: LineProgress) -> list[Parcel]:
    """A line cut into parcels: one per earmarked requirement, and the pooled rest.

    Stages of the whole line: delivered = line.delivered + progress.received; shipped = delivered +
    progress.shipped; allocated = max(shipped, line.delivered + earmarked units); committed =
    max(line.committed, shipped, allocated); announced = max(line.announced, committed);
    in_service = delivered (reduced later for repairs). An earmarked parcel gets its earmarked units at
    every stage from allocated up and its share of shipped/delivered in proportion; the pooled rest keeps
    what is left (never below 0). A withdrawn line gives no parcel."""
    raise NotImplementedError


def coverage_compute(
    needs: Iterable[Need],
    parcels: Iterable[Parcel],
    *,
    out_of_service: Mapping[int, Decimal]
    | None = None,  # item id -> units under repair/written off
    horizon: dt.date | None = None,
) -> CoverageResult:
    raise NotImplementedError
