"""The shape of the aggregated network for one set of capacity rows (docs/allocation-model.md §4).

- An *origin* holds tranches of one pool through one hub (or none) that pass it in the same months: ready
  in a month without a hub row, they pass in that month (waiting could only lose value); ready inside a run
  of consecutive months with hub rows, they may pass in any month of the run or the month after it.
- A pool with funds, or with more than two origins, gets a *chain* of arrival months (its units arrive,
  wait at no cost, and leave); the units of a smaller pool go straight from its origins to where they are
  used (SEND), which keeps the model small: most earmarked and declined offers are single tranches.
- A *merge* chain gathers pools that every unclaimed class of one (item types, area) may use, so that each
  such class has one source instead of one per pool (see `sources`).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from nsatu.engine.allocation.aggregate import CapKey, Prepared

POOL, MERGE = 0, 1
Source = tuple[int, int]  # (POOL, pool) or (MERGE, merge index)


@dataclass
class Origin:
    pool: int
    hub: str | None
    ready: list[int]  # segments: the distinct ready months, ascending
    units: list[int]
    tranches: list[list[int]]  # per segment, in instance order
    end: int  # the last month its units may pass
    row0: int = -1

    def segment(self, month: int) -> int:
        return bisect.bisect_right(self.ready, month) - 1

    @property
    def months(self) -> range:
        return range(self.ready[0], self.end + 1)


@dataclass
class Chain:
    months: list[int]
    pool: int  # the pool whose arrivals these are, or -1 for a merge chain
    feeders: list[tuple[int, int]] = field(default_factory=list)  # sources feeding a merge chain
    row0: int = -1
    pos: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pos = {m: j for j, m in enumerate(self.months)}

    def by(self, month: int) -> int:
        return bisect.bisect_right(self.months, month) - 1


@dataclass
class Shape:
    origins: list[Origin]  # origins of chained pools (SHIP) and of the others (SEND)
    chained: dict[int, int]  # pool -> its chain
    direct: dict[
        int, dict[int, list[int]]
    ]  # chained pool -> month -> tranches arriving without waiting
    buys: dict[
        int, list[tuple[int, int, int]]
    ]  # chained pool -> (funds offer, first month, last month)
    months: dict[int, set[int]]  # pool -> months its units may arrive
    chains: list[Chain]  # pool chains, then merge chains
    merges: list[int]  # chain index of each merge
    sources: dict[int, list[Source]]  # class -> where it takes units from


def _runs_of(months: set[int]) -> dict[int, int]:
    """Each active month -> the last month of the run of consecutive active months holding it."""
    out: dict[int, int] = {}
    last = -2
    for m in sorted(months, reverse=True):
        if m != last - 1:
            end = m
        out[m] = end
        last = m
    return out


def shape(
    prep: Prepared, hub_months: dict[str, set[int]], producer_months: dict[CapKey, set[int]]
) -> Shape:
    inst = prep.instance
    pools = prep.pools
    horizon = prep.horizon
    run_end = {h: _runs_of(hub_months.get(h, set())) for h in prep.hub_capacity}
    out = Shape([], {}, {}, {}, {}, [], [], {})
    for p, pool in enumerate(pools):
        if not pool.classes or pool.first > pool.last:
            continue
        groups: list[
            tuple[str | None, list[int], int, bool]
        ] = []  # hub, ready months, end, waits for a hub row
        for hub, by_month in sorted(pool.origins.items(), key=lambda kv: kv[0] or ""):
            runs: dict[int, list[int]] = {}
            for e in sorted(m for m in by_month if m <= pool.last):
                end = run_end[hub].get(e) if hub is not None else None
                if end is None:
                    groups.append((hub, [e], e, False))
                else:
                    runs.setdefault(min(end + 1, horizon - 1, pool.last), []).append(e)
            groups.extend((hub, ready, end, True) for end, ready in sorted(runs.items()))
        buys = []
        for f in pool.funds:
            e = prep.funds_ready[f]
            price = prep.price[pool.item_type]
            if e > pool.last or price is None or inst.funds[f].amount_eur < price:
                continue
            hub = inst.funds[f].hub
            key = prep.cap_key(f, pool.item_type)
            busy = (producer_months.get(key, set()) if key else set()) | (
                hub_months.get(hub, set()) if hub else set()
            )
            end = e
            while end in busy and end < pool.last:
                end += 1
            buys.append((f, e, end))
        if not groups and not buys:
            continue
        months: set[int] = {m for f, e, end in buys for m in range(e, end + 1)}
        chained = bool(buys) or len(groups) > 2
        for hub, ready, end, waits in groups:
            by_month = pool.origins[hub]
            months.update(range(ready[0], end + 1))
            if chained and not waits:
                out.direct.setdefault(p, {}).setdefault(end, []).extend(by_month[end])
                continue
            units = [sum(inst.tranches[t].quantity for t in by_month[e]) for e in ready]
            out.origins.append(Origin(p, hub, ready, units, [by_month[e] for e in ready], end))
        out.months[p] = months
        if chained:
            out.chained[p] = len(out.chains)
            out.chains.append(Chain(sorted(months), p))
            if buys:
                out.buys[p] = buys
    out.sources = _sources(prep, out)
    return out


def _sources(prep: Prepared, out: Shape) -> dict[int, list[Source]]:
    """Where each requirement class takes units from; adds the merge chains it needs.

    Per (item types, area) of the unclaimed classes, the pools that serve every such class of that area
    (no requirement earmark, an area earmark that allows it) are *clean* when they decline none of them
    and *dirty* otherwise. The clean pools feed one merge chain. The dirty pools are the leaves of a
    binary tree of merge chains: a class no dirty pool declined takes from its root, one that some declined
    takes from the few subtrees that cover the others. Every class also takes straight from any other pool
    it is eligible for (requirement earmarks). A claimed class takes straight from its claimant's pools. A
    merge is made only where two sources or more serve two classes or more.
    """
    classes = prep.classes
    eligible: dict[int, list[int]] = {}
    for p in sorted(out.months):
        for k in prep.pools[p].classes:
            eligible.setdefault(k, []).append(p)
    groups: dict[tuple[tuple[int, ...], str], list[int]] = {}
    sources: dict[int, list[Source]] = {}
    for k in sorted(eligible):
        if classes[k].rep.claimed_by is None:
            groups.setdefault((classes[k].types, classes[k].rep.capability_area), []).append(k)
        else:
            sources[k] = [(POOL, p) for p in eligible[k]]
    for (types, area), ks in sorted(groups.items()):
        sources.update(_group_sources(prep, out, eligible, types, area, ks))
    return sources


def _group_sources(
    prep: Prepared,
    out: Shape,
    eligible: dict[int, list[int]],
    types: tuple[int, ...],
    area: str,
    ks: list[int],
) -> dict[int, list[Source]]:
    """The sources of the unclaimed classes ks of one (item types, area)."""
    pools, classes = prep.pools, prep.classes
    ids = {classes[k].rep.id for k in ks}
    last = max(classes[k].last for k in ks)
    serving = [
        p
        for p in sorted({p for k in ks for p in eligible[k]})
        if pools[p].item_type in types
        and not pools[p].group.requirements
        and (not pools[p].group.areas or area in pools[p].group.areas)
    ]
    dirty = [p for p in serving if pools[p].group.excluded & ids]
    clean = [(POOL, p) for p in serving if p not in dirty]

    def merge(feeders: list[Source], last: int) -> Source:
        return _merge(out, feeders, last)

    from_clean = [merge(clean, last)] if len(clean) >= 2 and len(ks) >= 2 else clean
    tree = (
        _Tree([(POOL, p) for p in dirty], merge, last) if len(dirty) >= 2 and len(ks) >= 2 else None
    )
    taken = set(serving)
    sources: dict[int, list[Source]] = {}
    for k in ks:
        rid = classes[k].rep.id
        skip = [n for n, p in enumerate(dirty) if rid in pools[p].group.excluded]
        own = (
            [(POOL, p) for n, p in enumerate(dirty) if n not in skip]
            if tree is None
            else tree.all_but(skip)
        )
        sources[k] = [*from_clean, *own, *((POOL, p) for p in eligible[k] if p not in taken)]
    return sources


def _merge(out: Shape, feeders: list[Source], last: int) -> Source:
    """A new merge chain over the months its feeders' units may arrive, up to `last`."""
    months = sorted({m for f in feeders for m in _months_of(out, f) if m <= last})
    out.merges.append(len(out.chains))
    out.chains.append(Chain(months, -1, feeders))
    return (MERGE, len(out.merges) - 1)


def _months_of(out: Shape, source: Source) -> set[int] | list[int]:
    return out.months[source[1]] if source[0] == POOL else out.chains[out.merges[source[1]]].months


class _Tree:
    """Merge chains over ranges of leaves, so that "every leaf but these" is a few sources."""

    def __init__(
        self, leaves: list[Source], merge: Callable[[list[Source], int], Source], last: int
    ) -> None:
        self.leaves = leaves
        self.merge = merge
        self.last = last
        self.nodes: dict[tuple[int, int], Source] = {}
        self._node(0, len(leaves))

    def _node(self, lo: int, hi: int) -> Source:
        if hi - lo == 1:
            node = self.leaves[lo]
        else:
            mid = (lo + hi) // 2
            node = self.merge([self._node(lo, mid), self._node(mid, hi)], self.last)
        self.nodes[(lo, hi)] = node
        return node

    def _cover(self, lo: int, hi: int, want_lo: int, want_hi: int) -> list[Source]:
        if want_hi <= lo or hi <= want_lo:
            return []
        if want_lo <= lo and hi <= want_hi:
            return [self.nodes[(lo, hi)]]
        mid = (lo + hi) // 2
        return self._cover(lo, mid, want_lo, want_hi) + self._cover(mid, hi, want_lo, want_hi)

    def all_but(self, skip: list[int]) -> list[Source]:
        out: list[Source] = []
        edges = [-1, *sorted(skip), len(self.leaves)]
        for a, b in itertools.pairwise(edges):
            out.extend(self._cover(0, len(self.leaves), a + 1, b))
        return out
