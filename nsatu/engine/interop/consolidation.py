"""Consolidation: which types to standardise on, and which offers add a type for few units.

Standardise on, per group: the fielded types, largest fleet first, up to the smallest set that holds
CORE_SHARE of the group's units, plus every fielded type a requirement asks for by name. The others are
not to be added to: no new units, phased out as they wear.

An offered type is a candidate to redirect or swap when it is not fielded in its group and all open offers
of it together bring fewer than FEW_UNITS units (a battery or a company: too few to be worth its own chain of
ammunition, spares and training). Alternatives are the fielded types of its group that fire the same
ammunition, stand in for it or have its calibre, else the group's core; swap partners are the donors with
open offers of an alternative (the small offer could go to another recipient, its donor fund theirs instead).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nsatu.engine.coverage import CoverageResult, RequirementCoverage
from nsatu.engine.interop.fleet import Item
from nsatu.engine.interop.fragmentation import (
    Grouping,
    OfferEffect,
    by_area,
    fragmentation,
    offer_effect,
)

CORE_SHARE = 0.8
FEW_UNITS = 12


@dataclass(frozen=True)
class FleetType:
    item_id: int
    name: str
    units: int
    share: float


@dataclass(frozen=True)
class Standardise:
    group: str
    core: tuple[FleetType, ...]
    others: tuple[FleetType, ...]

    @property
    def core_share(self) -> float:
        return sum(t.share for t in self.core)


def standardise_on(
    quantities: Mapping[int, int],
    items: Mapping[int, Item],
    *,
    requested: Iterable[int] = (),
    grouping: Grouping = by_area,
    core_share: float = CORE_SHARE,
) -> list[Standardise]:
    asked = set(requested)
    result = []
    for row in fragmentation(quantities, items, grouping):
        if row.units == 0:
            continue
        core: list[FleetType] = []
        others: list[FleetType] = []
        reached = 0.0
        for item_id, name, units in row.types:
            entry = FleetType(item_id, name, units, units / row.units)
            if reached < core_share - 1e-12 or item_id in asked:
                core.append(entry)
                reached += entry.share
            else:
                others.append(entry)
        result.append(Standardise(row.group, tuple(core), tuple(others)))
    return result


@dataclass(frozen=True)
class Offer:
    pledge_id: int
    donor: str
    item_id: int
    units: int
    firm: bool


@dataclass(frozen=True)
class OfferReview:
    item_id: int
    name: str
    offers: tuple[Offer, ...]
    units: int
    effect: OfferEffect
    alternatives: tuple[FleetType, ...]
    swap_donors: tuple[str, ...]


def _alternatives(
    item: Item,
    group: str,
    quantities: Mapping[int, int],
    items: Mapping[int, Item],
    grouping: Grouping,
    core: Mapping[str, Standardise],
) -> tuple[FleetType, ...]:
    units_in_group = sum(
        q
        for i, q in quantities.items()
        if i in items and not items[i].munition and q > 0 and grouping(items[i]) == group
    )
    fitting = []
    for other_id, q in quantities.items():
        other = items.get(other_id)
        if (
            other is None
            or other.munition
            or q <= 0
            or other_id == item.id
            or grouping(other) != group
        ):
            continue
        same_calibre = item.calibre_mm is not None and other.calibre_mm == item.calibre_mm
        if (
            set(other.families) & set(item.families)
            or other_id in item.substitutes
            or item.id in other.substitutes
            or same_calibre
        ):
            fitting.append(
                FleetType(other_id, other.name, q, q / units_in_group if units_in_group else 0.0)
            )
    if fitting:
        return tuple(sorted(fitting, key=lambda t: (-t.units, t.name)))
    return core[group].core if group in core else ()


def offers_adding_types(
    offers: Iterable[Offer],
    quantities: Mapping[int, int],
    items: Mapping[int, Item],
    *,
    few_units: int = FEW_UNITS,
    grouping: Grouping = by_area,
) -> list[OfferReview]:
    by_item: dict[int, list[Offer]] = defaultdict(list)
    for offer in offers:
        if offer.units > 0 and offer.item_id in items and not items[offer.item_id].munition:
            by_item[offer.item_id].append(offer)
    core = {s.group: s for s in standardise_on(quantities, items, grouping=grouping)}
    reviews = []
    for item_id, group_offers in by_item.items():
        units = sum(o.units for o in group_offers)
        if quantities.get(item_id, 0) > 0 or units >= few_units:
            continue
        effect = offer_effect(quantities, items, item_id=item_id, units=units, grouping=grouping)
        if effect is None or not effect.new_type:
            continue
        item = items[item_id]
        alternatives = _alternatives(item, effect.after.group, quantities, items, grouping, core)
        wanted = {a.item_id for a in alternatives}
        swap = sorted(
            {o.donor for other_id, os in by_item.items() if other_id in wanted for o in os}
            - {o.donor for o in group_offers}
        )
        reviews.append(
            OfferReview(
                item_id,
                item.name,
                tuple(sorted(group_offers, key=lambda o: o.pledge_id)),
                units,
                effect,
                alternatives,
                tuple(swap),
            )
        )
    return sorted(reviews, key=lambda r: (r.units, r.name))


def over_covered(result: CoverageResult) -> list[RequirementCoverage]:
    """Requirements whose earmarked aid exceeds the quantity needed."""
    return [c for c in result.requirements if c.over > 0]
