"""Fragmentation of the fleet per group (a capability area, or an area and calibre).

For a group with fielded platform types i of q_i units (munitions excluded, they are consumed):
    types            = number of types with q_i > 0
    HHI              = sum of (q_i / sum q)^2
    effective types  = 1 / HHI   (n equal fleets give n; one dominant type gives close to 1)
    ammunition       = distinct ammunition families the fielded types fire
    maintenance      = distinct maintenance (spare-part) families among them
    burden           = ammunition + maintenance: the supply chains of rounds, spares, tools and training
                       the group needs. A type that shares its ammunition and its maintenance family with
                       a fielded type adds no burden; a type that shares neither adds 2.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from nsatu.engine.interop.fleet import Item
from nsatu.engine.interop.indices import effective_number, hhi

type Grouping = Callable[[Item], str | None]


def by_area(item: Item) -> str | None:
    return item.capability_area


def by_area_and_calibre(item: Item) -> str | None:
    if item.calibre_mm is None:
        return f"{item.capability_area} · ?"
    return f"{item.capability_area} · {item.calibre_mm.normalize():f} mm"


@dataclass(frozen=True)
class Fragmentation:
    group: str
    units: int
    types: tuple[tuple[int, str, int], ...]  # (item id, name, units), largest fleet first
    hhi: float
    effective_types: float
    ammunition_families: tuple[str, ...]
    maintenance_families: tuple[str, ...]
    unrecorded_families: tuple[
        str, ...
    ]  # fielded types whose ammunition family the catalogue lacks

    @property
    def type_count(self) -> int:
        return len(self.types)

    @property
    def burden(self) -> int:
        return len(self.ammunition_families) + len(self.maintenance_families)


def _fragmentation(
    group: str, quantities: Mapping[int, int], items: Mapping[int, Item]
) -> Fragmentation:
    fielded = sorted(
        ((i, q) for i, q in quantities.items() if q > 0 and i in items),
        key=lambda iq: (-iq[1], items[iq[0]].name),
    )
    chosen = [items[i] for i, _q in fielded]
    return Fragmentation(
        group=group,
        units=sum(q for _i, q in fielded),
        types=tuple((i, items[i].name, q) for i, q in fielded),
        hhi=hhi(q for _i, q in fielded),
        effective_types=effective_number(q for _i, q in fielded),
        ammunition_families=tuple(sorted({f for it in chosen for f in it.families})),
        maintenance_families=tuple(sorted({it.maintenance_family for it in chosen})),
        unrecorded_families=tuple(sorted(it.name for it in chosen if not it.families)),
    )


def fragmentation(
    quantities: Mapping[int, int], items: Mapping[int, Item], grouping: Grouping = by_area
) -> list[Fragmentation]:
    """One row per group with fielded platforms; quantities by item id, items the caller may see."""
    groups: dict[str, dict[int, int]] = defaultdict(dict)
    for item_id, q in quantities.items():
        item = items.get(item_id)
        if item is None or item.munition or q <= 0:
            continue
        key = grouping(item)
        if key is not None:
            groups[key][item_id] = groups[key].get(item_id, 0) + q
    return [_fragmentation(key, groups[key], items) for key in sorted(groups)]


def fragmentation_of(
    group: str,
    quantities: Mapping[int, int],
    items: Mapping[int, Item],
    grouping: Grouping = by_area,
) -> Fragmentation:
    rows = {f.group: f for f in fragmentation(quantities, items, grouping)}
    return rows.get(group) or _fragmentation(group, {}, items)


@dataclass(frozen=True)
class OfferEffect:
    item_id: int
    units: int
    before: Fragmentation
    after: Fragmentation

    @property
    def new_type(self) -> bool:
        return self.after.type_count > self.before.type_count

    @property
    def burden_added(self) -> int:
        return self.after.burden - self.before.burden

    @property
    def effective_types_change(self) -> float:
        return self.after.effective_types - self.before.effective_types


def offer_effect(
    quantities: Mapping[int, int],
    items: Mapping[int, Item],
    *,
    item_id: int,
    units: int,
    grouping: Grouping = by_area,
) -> OfferEffect | None:
    """How fielding `units` more of `item_id` would change its group; None for munitions and unknown types."""
    item = items.get(item_id)
    if item is None or item.munition or units <= 0:
        return None
    group = grouping(item)
    if group is None:
        return None
    after = dict(quantities)
    after[item_id] = after.get(item_id, 0) + units
    return OfferEffect(
        item_id,
        units,
        fragmentation_of(group, quantities, items, grouping),
        fragmentation_of(group, after, items, grouping),
    )
