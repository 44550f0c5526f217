"""The coverage of requirements: one definition, read by every page, export, API, briefing and plan.

CONTRACT (written first; the implementation fills the function bodies and keeps these names and fields).

Stages, each counting the units that reached it *or a later one* (so announced >= committed >= allocated >=
shipped >= delivered >= in_service for every requirement):
    announced   any aid line not withdrawn;
    committed   firm aid: committed, allocated or delivered lines;
    allocated   earmarked for the requirement, or accepted in a plan (which earmarks), or shipped; earmarks
                never raise a line above its firm figure, and a line only announced earmarks nothing;
    shipped     on a shipment dispatched or further on (nsatu's logistics), or delivered;
    delivered   received (a receipt in nsatu) or reported delivered by a register (SIPRI, Oryx): the
                larger of the two, never their sum (both may report the same units);
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
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from nsatu.engine.ledger import AidLine

STAGES = ("announced", "committed", "allocated", "shipped", "delivered", "in_service")
ZERO = Decimal(0)
ONE = Decimal(1)
FIRM_TIERS = 5  # pool tiers 0..4 are firm (in service .. committed); tier 5 is announced only


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

    def as_tuple(self) -> tuple[Decimal, ...]:
        return tuple(getattr(self, s) for s in STAGES)

    @classmethod
    def of(cls, values: Sequence[Decimal]) -> Stages:
        return cls(*(Decimal(v) for v in values))

    def __add__(self, other: Stages) -> Stages:
        return Stages.of([a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)])

    def capped(self, limit: Decimal) -> Stages:
        return Stages.of([min(v, limit) for v in self.as_tuple()])


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
    unit_kind: str = ""  # engine.units.UnitKind of the line's item type ("": not stated)


@dataclass(frozen=True)
class Parcel:
    line_id: str
    donor: str
    item_id: int | None
    requirement_id: int | None  # earmark; None: pooled by item type
    stages: Stages
    arrives: dt.date | None = None  # when its undelivered units arrive; None: undated (counts)
    illustrative: bool = False
    kind: str = (
        "in_kind"  # "in_kind" | "funds", from its aid line: a missing item type is not money
    )
    unit_kind: str = ""  # engine.units.UnitKind of its units ("": not stated); funds count in euros


def _share(part: Decimal, whole: Decimal) -> Decimal:
    if whole <= 0:
        return ZERO
    return min(part / whole, ONE)


@dataclass(frozen=True)
class RequirementCoverage:
    need: Need
    stages: Stages
    by_line: tuple[tuple[str, str, Stages], ...]  # (line id, donor, stages) that make it up

    @property
    def covered_share(self) -> Decimal:
        return _share(self.stages.committed, self.need.quantity)

    @property
    def gap(self) -> Decimal:
        return max(self.need.quantity - self.stages.committed, ZERO)

    @property
    def over(self) -> Decimal:
        return max(self.stages.committed - self.need.quantity, ZERO)


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
        return _share(self.stages.committed, self.needed)

    @property
    def fully_covered_share(self) -> Decimal:
        return _share(Decimal(self.fully_covered), Decimal(self.requirements))


@dataclass(frozen=True)
class CoverageResult:
    requirements: tuple[RequirementCoverage, ...]  # in the order needs were ranked
    areas: tuple[AreaCoverage, ...]  # by area, then unit kind
    unused: tuple[tuple[int, Stages], ...]  # item id -> pooled units no requirement took
    beyond: Decimal  # units arriving after the horizon, not counted
    weighted_share: Decimal  # priority-weighted covered share over all requirements
    _index: dict[int, RequirementCoverage] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        self._index.update({r.need.requirement_id: r for r in self.requirements})

    def of(self, requirement_id: int) -> RequirementCoverage:
        return self._index[requirement_id]

    def get(self, requirement_id: int) -> RequirementCoverage | None:
        return self._index.get(requirement_id)


# --- an aid line cut into parcels -------------------------------------------------------------


def _withdrawn(line: AidLine) -> bool:
    return bool(line.attestations) and all(a.status == "withdrawn" for a in line.attestations)


def _apportion(total: int, weights: Sequence[int]) -> list[int]:
    """`total` split in whole units in proportion to `weights` (largest remainder, ties to the earlier
    weight, so the split is deterministic); no part exceeds its weight when total <= sum(weights)."""
    whole = sum(weights)
    if whole <= 0 or total <= 0:
        return [0 for _ in weights]
    parts = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def line_parcels(line: AidLine, progress: LineProgress) -> list[Parcel]:
    """A line cut into parcels: one per earmarked requirement, and the pooled rest.

    A register (SIPRI, Oryx) and nsatu's receipts may report the same units, so they are never added:
    delivered = max(line.delivered, progress.received); shipped = max(delivered, progress.received +
    progress.shipped). The line's firm figure is max(line.committed, line.delivered); earmarks never
    raise a line above it: when they exceed it, the firm figure is apportioned across them (whole units,
    largest remainder, ties by requirement id), and a line that is only announced (firm figure 0) earmarks
    nothing. allocated = max(shipped, min(line.delivered + earmarked, firm)); committed =
    max(line.committed, allocated); announced = max(line.announced, committed); in_service = delivered
    (reduced later for repairs). An earmarked parcel gets its earmarked units at every stage from
    allocated up and its share of shipped/delivered in proportion (whole units); the pooled rest keeps
    what is left (never below 0). A withdrawn line gives no parcel."""
    if _withdrawn(line):
        return []
    firm = max(line.committed, line.delivered)
    asked = sorted((r, u) for r, u in progress.earmarked.items() if u > 0)
    weights = [u for _, u in asked]
    granted = _apportion(firm, weights) if sum(weights) > firm else weights
    earmarks = [(r, g) for (r, _), g in zip(asked, granted, strict=True) if g > 0]
    earmarked = sum(u for _, u in earmarks)
    delivered = max(line.delivered, progress.received)
    shipped = max(delivered, progress.received + progress.shipped)
    allocated = max(shipped, min(line.delivered + earmarked, firm))
    committed = max(line.committed, allocated)
    announced = max(line.announced, committed)
    shipped_parts = _apportion(shipped, [u for _, u in earmarks] + [allocated - earmarked])
    delivered_parts = _apportion(delivered, shipped_parts)

    def parcel(requirement_id: int | None, values: Sequence[int]) -> Parcel:
        return Parcel(
            line_id=line.id,
            donor=line.donor,
            item_id=line.item_id,
            requirement_id=requirement_id,
            stages=Stages.of([Decimal(v) for v in values]),
            arrives=progress.arrives,
            illustrative=line.illustrative,
            kind=line.kind,
            unit_kind=progress.unit_kind,
        )

    parcels = [
        parcel(req, (units, units, units, s, d, d))
        for (req, units), s, d in zip(earmarks, shipped_parts, delivered_parts, strict=False)
    ]
    rest = (
        announced - earmarked,
        committed - earmarked,
        allocated - earmarked,
        shipped_parts[-1],
        delivered_parts[-1],
        delivered_parts[-1],
    )
    if rest[0] > 0:
        parcels.append(parcel(None, rest))
    return parcels


# --- coverage ---------------------------------------------------------------------------------


def _counts_in(parcel: Parcel, unit_kind: str) -> bool:
    """Whether a parcel's units are of the requirement's kind: money only for funds, and an in-kind
    parcel (typed or not) never as euros; a parcel's unstated unit kind is taken on trust."""
    if (parcel.kind == "funds") != (unit_kind == "funds"):
        return False
    return parcel.kind == "funds" or not parcel.unit_kind or parcel.unit_kind == unit_kind


def _rank(need: Need) -> tuple[int, dt.date, str]:
    return (need.priority, need.needed_by or dt.date.max, need.reference)


def _within_horizon(parcel: Parcel, horizon: dt.date | None) -> tuple[Parcel, Decimal]:
    """The parcel as counted by the horizon, and the units it leaves beyond."""
    if horizon is None or parcel.arrives is None or parcel.arrives <= horizon:
        return parcel, ZERO
    s = parcel.stages
    cut = Stages(s.delivered, s.delivered, s.delivered, s.delivered, s.delivered, s.in_service)
    return replace(parcel, stages=cut), s.announced - s.delivered


def _take_out_of_service(parcels: list[Parcel], out_of_service: Mapping[int, Decimal]) -> None:
    """Units under repair or written off leave in_service of their type: pooled parcels first (so
    the most pressing requirements keep the working units), then earmarked ones."""
    left = {item: Decimal(units) for item, units in out_of_service.items() if units > 0}
    order = sorted(range(len(parcels)), key=lambda i: parcels[i].requirement_id is not None)
    for i in order:
        p = parcels[i]
        if p.item_id is None or left.get(p.item_id, ZERO) <= 0:
            continue
        cut = min(left[p.item_id], p.stages.in_service)
        left[p.item_id] -= cut
        parcels[i] = replace(p, stages=replace(p.stages, in_service=p.stages.in_service - cut))


@dataclass
class _PoolEntry:
    line_id: str
    donor: str
    tiers: list[Decimal]  # units whose furthest stage is in_service, delivered, ..., announced


def _tiers(stages: Stages) -> list[Decimal]:
    values = stages.as_tuple()
    return [values[5]] + [values[i] - values[i + 1] for i in range(4, -1, -1)]


def _cumulative(amount: Decimal, tier: int) -> list[Decimal]:
    """Stages that `amount` units of a tier add (a unit in service also counts at every earlier stage)."""
    top = len(STAGES) - 1 - tier
    return [amount if i <= top else ZERO for i in range(len(STAGES))]


class _Tally:
    """Per requirement: stages by line, in the order lines joined."""

    def __init__(self) -> None:
        self.lines: dict[str, tuple[str, list[Decimal]]] = {}

    def add(self, line_id: str, donor: str, values: Sequence[Decimal]) -> None:
        _, acc = self.lines.setdefault(line_id, (donor, [ZERO] * len(STAGES)))
        for i, v in enumerate(values):
            acc[i] += v

    def total(self) -> Stages:
        sums = [ZERO] * len(STAGES)
        for _, acc in self.lines.values():
            sums = [a + b for a, b in zip(sums, acc, strict=True)]
        return Stages.of(sums)

    def by_line(self) -> tuple[tuple[str, str, Stages], ...]:
        return tuple((lid, donor, Stages.of(acc)) for lid, (donor, acc) in self.lines.items())


def _draw(
    tally: _Tally,
    pools: Mapping[int, list[_PoolEntry]],
    eligible: Iterable[int],
    tiers: range,
    want: Decimal,
) -> Decimal:
    """Takes up to `want` units from the pools of `eligible` types, own type first, the most advanced
    tier first within a type; returns what it took."""
    taken = ZERO
    for item in dict.fromkeys(eligible):
        for tier in tiers:
            for entry in pools.get(item, ()):
                if want - taken <= 0:
                    return taken
                amount = min(want - taken, entry.tiers[tier])
                if amount <= 0:
                    continue
                entry.tiers[tier] -= amount
                taken += amount
                tally.add(entry.line_id, entry.donor, _cumulative(amount, tier))
    return taken


def _requirement(
    need: Need, earmarked: list[Parcel], pools: Mapping[int, list[_PoolEntry]]
) -> RequirementCoverage:
    tally = _Tally()
    for p in earmarked:
        tally.add(p.line_id, p.donor, p.stages.as_tuple())
    firm = tally.total().committed
    firm += _draw(tally, pools, need.eligible, range(FIRM_TIERS), max(need.quantity - firm, ZERO))
    _draw(
        tally,
        pools,
        need.eligible,
        range(FIRM_TIERS, FIRM_TIERS + 1),
        max(need.quantity - firm, ZERO),
    )
    return RequirementCoverage(need=need, stages=tally.total(), by_line=tally.by_line())


def _areas(requirements: Iterable[RequirementCoverage]) -> tuple[AreaCoverage, ...]:
    groups: dict[tuple[str, str], list[RequirementCoverage]] = defaultdict(list)
    for rc in requirements:
        groups[(rc.need.capability_area, rc.need.unit_kind)].append(rc)
    areas = []
    for (area, kind), members in sorted(groups.items()):
        stages = Stages()
        for rc in members:
            stages = stages + rc.stages.capped(rc.need.quantity)
        areas.append(
            AreaCoverage(
                capability_area=area,
                unit_kind=kind,
                requirements=len(members),
                needed=sum((rc.need.quantity for rc in members), ZERO),
                stages=stages,
                fully_covered=sum(1 for rc in members if rc.covered_share >= ONE),
            )
        )
    return tuple(areas)


def weighted_share(requirements: Iterable[RequirementCoverage]) -> Decimal:
    """Each requirement's capped covered share weighted by (6 - priority): priority 1 counts five times
    as much as priority 5."""
    weights = ZERO
    total = ZERO
    for rc in requirements:
        weight = Decimal(max(6 - rc.need.priority, 0))
        weights += weight
        total += weight * rc.covered_share
    return total / weights if weights > 0 else ZERO


def _pooled_leftovers(pools: Mapping[int, list[_PoolEntry]]) -> tuple[tuple[int, Stages], ...]:
    unused = []
    for item in sorted(pools):
        sums = [ZERO] * len(STAGES)
        for entry in pools[item]:
            for tier, amount in enumerate(entry.tiers):
                sums = [a + b for a, b in zip(sums, _cumulative(amount, tier), strict=True)]
        if sums[0] > 0:
            unused.append((item, Stages.of(sums)))
    return tuple(unused)


def coverage_compute(
    needs: Iterable[Need],
    parcels: Iterable[Parcel],
    *,
    out_of_service: Mapping[int, Decimal]
    | None = None,  # item id -> units under repair/written off
    horizon: dt.date | None = None,
) -> CoverageResult:
    ranked = sorted(needs, key=_rank)
    kinds = {n.requirement_id: n.unit_kind for n in ranked}
    counted: list[Parcel] = []
    beyond = ZERO
    for parcel in parcels:
        rid = parcel.requirement_id
        if rid is not None and (rid not in kinds or not _counts_in(parcel, kinds[rid])):
            # an earmark for a requirement outside this computation (closed, or not visible to the
            # reader), or for one counted in other units (money for items, rounds for systems),
            # serves its item type like any other firm aid, without the earmark's stage
            s = parcel.stages
            parcel = replace(parcel, requirement_id=None, stages=replace(s, allocated=s.shipped))
        kept, lost = _within_horizon(parcel, horizon)
        beyond += lost
        counted.append(kept)
    _take_out_of_service(counted, out_of_service or {})

    earmarked: dict[int, list[Parcel]] = defaultdict(list)
    pools: dict[int, list[_PoolEntry]] = defaultdict(list)
    for parcel in sorted(counted, key=lambda p: (p.line_id, p.requirement_id or 0)):
        if parcel.requirement_id is not None:
            earmarked[parcel.requirement_id].append(parcel)
        elif parcel.item_id is not None:
            pools[parcel.item_id].append(
                _PoolEntry(parcel.line_id, parcel.donor, _tiers(parcel.stages))
            )

    results = tuple(_requirement(n, earmarked[n.requirement_id], pools) for n in ranked)
    return CoverageResult(
        requirements=results,
        areas=_areas(results),
        unused=_pooled_leftovers(pools),
        beyond=beyond,
        weighted_share=weighted_share(results),
    )
