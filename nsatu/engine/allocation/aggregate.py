"""Eligibility, and the aggregation of interchangeable offers and requirements (docs/allocation-model.md §4).

A *pool* holds the units of one item type whose offers admit exactly the same requirements: the same
earmarks, the same relevant exclusions and, where a requirement of that type is claimed, the same donor.
A *class* holds requirements that every pool treats alike: the same satisfying item types, needed-by
month, priority, capability area and claim, and not named by any earmark or exclusion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nsatu.engine.allocation.instance import (
    FundsOffer,
    Instance,
    Requirement,
    Tranche,
    priority_weight,
)

CapKey = tuple[int, str]  # (item type index, producer; "" = the type's producers not named)


@dataclass(frozen=True)
class Group:
    areas: frozenset[str]
    requirements: frozenset[str]
    excluded: frozenset[str]
    claim_donor: str | None


def admits(group: Group, req: Requirement) -> bool:
    if req.id in group.excluded:
        return False
    if group.requirements and req.id not in group.requirements:
        return False
    if group.areas and req.capability_area not in group.areas:
        return False
    return req.claimed_by is None or req.claimed_by == group.claim_donor


def source_admits(source: Tranche | FundsOffer, req: Requirement) -> bool:
    """The eligibility rule on the offer itself (item type aside), as the document states it."""
    if req.id in source.excluded_requirements:
        return False
    if source.earmark_requirements and req.id not in source.earmark_requirements:
        return False
    if source.earmark_areas and req.capability_area not in source.earmark_areas:
        return False
    return req.claimed_by is None or req.claimed_by == source.donor


@dataclass
class ReqClass:
    members: list[int]  # requirement indices in instance order
    quantity: int
    weight: float
    needed_by: int  # clipped to the last month: every arrival is on time for a later needed-by
    last: int  # the last month that still earns value
    types: tuple[int, ...]
    rep: Requirement
    standard: bool = (
        True  # unclaimed and declined by no offer: every pool that serves its area may serve it
    )


@dataclass
class Pool:
    item_type: int
    group: Group
    # hub (None = straight to Ukraine) -> ready month -> tranche indices, in instance order
    origins: dict[str | None, dict[int, list[int]]] = field(default_factory=dict)
    funds: list[int] = field(
        default_factory=list
    )  # funds offers that can buy this type for this group, in order
    unreachable: list[int] = field(
        default_factory=list
    )  # tranches that cannot arrive within the horizon
    classes: list[int] = field(default_factory=list)  # eligible requirement classes
    first: int = 0  # earliest arrival month of any unit
    last: int = -1  # latest month any eligible class still values


@dataclass
class Prepared:
    instance: Instance
    horizon: int
    type_ids: list[str]
    type_index: dict[str, int]
    mass: list[float]
    price: list[float | None]
    ready: list[int]  # tranche index -> earliest arrival month
    funds_ready: list[int]
    funds_types: list[list[tuple[int, int]]]  # funds index -> (item type, pool) it can buy
    classes: list[ReqClass]
    class_of: list[int]
    pools: list[Pool]
    tranche_pool: list[int]
    capacity: dict[CapKey, list[int]]  # (item type, producer) -> units funds can buy in each month
    hub_capacity: dict[str, float]

    def cap_key(self, f: int, item: int) -> CapKey | None:
        """The producer capacity that funds offer f buying `item` counts against, if it has one."""
        key = (item, self.instance.funds[f].producer)
        return key if key in self.capacity else None

    def value(self, k: int, month: int) -> float:
        c = self.classes[k]
        late = month - c.needed_by
        if late <= 0:
            return c.weight
        return c.weight * self.instance.parameters.lateness_decay**late


def _req_last(req: Requirement, horizon: int, max_late: int) -> int:
    return min(horizon - 1, req.needed_by + max_late)


def prepare(instance: Instance) -> Prepared:
    horizon = instance.parameters.horizon
    type_ids = [t.id for t in instance.item_types]
    type_index = {t: n for n, t in enumerate(type_ids)}
    accept = _accepting(instance, type_index)
    classes, class_of = _classes(instance, type_index)
    pools = _Pools(instance, accept)
    ready, tranche_pool = _place_tranches(instance, type_index, pools)
    price = [t.unit_price_eur for t in instance.item_types]
    funds_ready, funds_types = _place_funds(instance, type_index, price, accept, pools)
    _link_classes(pools.pools, classes, len(type_ids))
    return Prepared(
        instance=instance,
        horizon=horizon,
        type_ids=type_ids,
        type_index=type_index,
        mass=[t.unit_mass_t for t in instance.item_types],
        price=price,
        ready=ready,
        funds_ready=funds_ready,
        funds_types=funds_types,
        classes=classes,
        class_of=class_of,
        pools=pools.pools,
        tranche_pool=tranche_pool,
        capacity=_schedules(instance, type_index),
        hub_capacity={h.id: h.capacity_t for h in instance.hubs},
    )


def _schedules(instance: Instance, type_index: dict[str, int]) -> dict[CapKey, list[int]]:
    horizon = instance.parameters.horizon
    out: dict[CapKey, list[int]] = {}
    for c in sorted(instance.capacities, key=lambda c: c.from_month):
        months = out.setdefault((type_index[c.item_type], c.producer), [0] * horizon)
        for m in range(max(c.from_month, 0), horizon):
            months[m] = c.per_month
    return out


def _accepting(instance: Instance, type_index: dict[str, int]) -> list[list[int]]:
    """Per item type, the requirements it satisfies, in instance order."""
    accept: list[list[int]] = [[] for _ in instance.item_types]
    for n, r in enumerate(instance.requirements):
        for t in dict.fromkeys(r.satisfied_by):
            accept[type_index[t]].append(n)
    return accept


def _classes(instance: Instance, type_index: dict[str, int]) -> tuple[list[ReqClass], list[int]]:
    p = instance.parameters
    horizon = p.horizon
    mentioned, excluded_anywhere = _named_requirements(instance)
    classes: list[ReqClass] = []
    class_key: dict[tuple[object, ...], int] = {}
    class_of: list[int] = []
    for n, r in enumerate(instance.requirements):
        types = tuple(sorted({type_index[t] for t in r.satisfied_by}))
        needed_by = min(r.needed_by, horizon - 1)
        key = (
            types,
            needed_by,
            r.priority,
            r.capability_area,
            r.claimed_by,
            r.id if r.id in mentioned else "",
        )
        k = class_key.get(key)
        if k is None:
            k = class_key[key] = len(classes)
            last = _req_last(r, horizon, p.max_late)
            standard = r.claimed_by is None and r.id not in excluded_anywhere
            classes.append(
                ReqClass([], 0, priority_weight(r.priority), needed_by, last, types, r, standard)
            )
        classes[k].members.append(n)
        classes[k].quantity += r.quantity
        class_of.append(k)
    return classes, class_of


def _named_requirements(instance: Instance) -> tuple[set[str], set[str]]:
    """(requirements some offer earmarks or declines, those some offer declines)."""
    mentioned: set[str] = set()
    excluded_anywhere: set[str] = set()
    sources: list[Tranche | FundsOffer] = [*instance.tranches, *instance.funds]
    for source in sources:
        mentioned.update(source.earmark_requirements)
        excluded_anywhere.update(source.excluded_requirements)
    return mentioned | excluded_anywhere, excluded_anywhere


class _Pools:
    """The pools, made as offers come, each at its first offer of one item type and group."""

    def __init__(self, instance: Instance, accept: list[list[int]]) -> None:
        self.horizon = instance.parameters.horizon
        requirements = instance.requirements
        self.claimants = [{requirements[n].claimed_by for n in reqs} - {None} for reqs in accept]
        self.accept_ids = [{requirements[n].id for n in reqs} for reqs in accept]
        self.groups: dict[tuple[object, ...], Group] = {}
        self.pools: list[Pool] = []
        self.pool_key: dict[tuple[int, Group], int] = {}

    def pool_for(self, source: Tranche | FundsOffer, item: int) -> int:
        excluded = frozenset(source.excluded_requirements) & self.accept_ids[item]
        claim = source.donor if source.donor in self.claimants[item] else None
        gkey = (
            frozenset(source.earmark_areas),
            frozenset(source.earmark_requirements),
            excluded,
            claim,
        )
        group = self.groups.get(gkey)
        if group is None:
            group = self.groups[gkey] = Group(*gkey)
        key = (item, group)
        pid = self.pool_key.get(key)
        if pid is None:
            pid = self.pool_key[key] = len(self.pools)
            self.pools.append(Pool(item, group, first=self.horizon))
        return pid


def _place_tranches(
    instance: Instance, type_index: dict[str, int], pools: _Pools
) -> tuple[list[int], list[int]]:
    """(each tranche's ready month, its pool); files it in its pool by hub and ready month."""
    horizon = instance.parameters.horizon
    ready: list[int] = []
    tranche_pool: list[int] = []
    for n, tr in enumerate(instance.tranches):
        pid = pools.pool_for(tr, type_index[tr.item_type])
        tranche_pool.append(pid)
        e = tr.available + tr.transit
        ready.append(e)
        pool = pools.pools[pid]
        if e >= horizon:
            pool.unreachable.append(n)
            continue
        pool.origins.setdefault(tr.hub, {}).setdefault(e, []).append(n)
        pool.first = min(pool.first, e)
    return ready, tranche_pool


def _place_funds(
    instance: Instance,
    type_index: dict[str, int],
    price: list[float | None],
    accept: list[list[int]],
    pools: _Pools,
) -> tuple[list[int], list[list[tuple[int, int]]]]:
    """(each funds offer's ready month, the (item type, pool) it can buy); adds it to those pools."""
    horizon = instance.parameters.horizon
    funds_ready: list[int] = []
    funds_types: list[list[tuple[int, int]]] = []
    for n, f in enumerate(instance.funds):
        e = f.available + f.lead_time
        funds_ready.append(e)
        buyable = (
            [type_index[t] for t in dict.fromkeys(f.item_types)]
            if f.item_types
            else range(len(instance.item_types))
        )
        bought: list[tuple[int, int]] = []
        for item in buyable:
            if price[item] is None or not accept[item]:
                continue
            pid = pools.pool_for(f, item)
            bought.append((item, pid))
            pools.pools[pid].funds.append(n)
            if e < horizon:
                pools.pools[pid].first = min(pools.pools[pid].first, e)
        funds_types.append(bought)
    return funds_ready, funds_types


def _link_classes(pools: list[Pool], classes: list[ReqClass], types: int) -> None:
    """Each pool's eligible classes, and the last month any of them still values."""
    by_type: list[list[int]] = [[] for _ in range(types)]
    for pid, pool in enumerate(pools):
        by_type[pool.item_type].append(pid)
    for k, c in enumerate(classes):
        for item in c.types:
            for pid in by_type[item]:
                pool = pools[pid]
                if admits(pool.group, c.rep):
                    pool.classes.append(k)
                    pool.last = max(pool.last, c.last)
