"""The aggregated model as arrays (docs/allocation-model.md §4), built on a network.Shape.

Columns (kind, and what a and b name):
  SHIP     origin a of a chained pool passes units in month m into the pool's chain
  SEND     origin a of an unchained pool passes units in month m straight to a merge chain (b >= 0) or to
           requirement class -b-1, valued at m
  HOLD_O   origin a keeps units waiting from one ready segment to the next
  BUY      funds offer a buys units for pool b arriving in month m (whole units, price in its budget row)
  HOLD     chain a keeps units from node m to the next node
  FEED     pool chain a passes units to merge chain b in month m
  DELIVER  chain b gives units to class a at node m: the last node by needed-by (on time) or a later one
  NEWTYPE  1 when item type a, new to the fleet, is used at all (binary, only with a new-type penalty)
Columns with a coefficient in a hub, producer or budget row are whole units; the rest form a network.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nsatu.engine.allocation.aggregate import Prepared
from nsatu.engine.allocation.network import MERGE, POOL, Shape, shape

SHIP, SEND, HOLD_O, BUY, HOLD, FEED, DELIVER, NEWTYPE = range(8)
INF = math.inf

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


@dataclass
class Model:
    cost: FloatArray
    upper: FloatArray
    integer: npt.NDArray[np.int8]
    row_upper: FloatArray
    start: IntArray  # CSC, length columns + 1
    index: IntArray
    value: FloatArray
    kind: npt.NDArray[np.int8]
    a: IntArray
    b: IntArray
    month: IntArray
    owner_col: IntArray  # the component of each column and row
    owner_row: IntArray
    shape: Shape
    base_load: dict[
        tuple[str, int], float
    ]  # tonnes of chained pools' units passing a hub row-free month
    capacity: dict[tuple[str, int], int]  # ("hub:" id or "type:" index, month) -> its row
    capacity_series: list[
        list[int]
    ]  # per hub and per producer type: its row in each month, -1 for none
    cap_col: IntArray  # the entries of the capacity rows: column, row, coefficient
    cap_row: IntArray
    cap_val: FloatArray
    hub_of_col: IntArray  # hub index of SHIP, SEND and BUY columns through a hub, else -1
    mass_of_col: FloatArray
    type_of_col: IntArray  # item type of BUY columns, else -1

    @property
    def columns(self) -> int:
        return len(self.cost)

    @property
    def rows(self) -> int:
        return len(self.row_upper)


class _Builder:
    def __init__(self) -> None:
        self.cost: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.start: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []
        self.meta: list[tuple[int, int, int, int, int, int]] = []  # kind, a, b, month, owner, hub
        self.mass: list[float] = []
        self.row_upper: list[float] = []
        self.owner_row: list[int] = []

    def rows(self, count: int, upper: float, owner: int) -> int:
        first = len(self.row_upper)
        self.row_upper.extend([upper] * count)
        self.owner_row.extend([owner] * count)
        return first

    def col(
        self,
        kind: int,
        a: int,
        b: int,
        month: int,
        owner: int,
        rows: list[int],
        values: list[float],
        cost: float = 0.0,
        upper: float = INF,
        integer: bool = False,
        hub: int = -1,
        mass: float = 0.0,
    ) -> None:
        self.cost.append(cost)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        self.index.extend(rows)
        self.value.extend(values)
        self.start.append(len(self.index))
        self.meta.append((kind, a, b, month, owner, hub))
        self.mass.append(mass)


class _Union:
    def __init__(self) -> None:
        self.parent: list[int] = []

    def new(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


def build(
    prep: Prepared, hub_months: dict[str, set[int]], producer_months: dict[int, set[int]]
) -> Model:
    inst = prep.instance
    pools, classes = prep.pools, prep.classes
    net = shape(prep, hub_months, producer_months)
    chains = net.chains
    hubs = list(prep.hub_capacity)
    hub_no = {h: n for n, h in enumerate(hubs)}
    penalty = inst.parameters.new_type_penalty
    uf = _Union()
    bld = _Builder()
    ent_pool = {p: uf.new() for p in net.months}
    ent_class = [uf.new() for _ in classes]
    ent_funds = [uf.new() for _ in inst.funds]
    ent_type: dict[int, int] = {}
    ent_merge = {c: uf.new() for c in net.merges}

    def owner(c: int) -> int:
        chain = chains[c]
        return ent_pool[chain.pool] if chain.pool >= 0 else ent_merge[c]

    # rows: chain nodes (with the supply arriving without waiting), origin segments, classes, new types
    base_load: dict[tuple[str, int], float] = {}

    def source_owner(source: tuple[int, int]) -> int:
        return ent_pool[source[1]] if source[0] == POOL else ent_merge[net.merges[source[1]]]

    for c, chain in enumerate(chains):
        chain.row0 = bld.rows(len(chain.months), 0.0, owner(c))
        for source in chain.feeders:
            uf.union(owner(c), source_owner(source))
    for p, by_month in net.direct.items():
        chain = chains[net.chained[p]]
        mass = prep.mass[pools[p].item_type]
        for m, ts in by_month.items():
            units = sum(inst.tranches[t].quantity for t in ts)
            bld.row_upper[chain.row0 + chain.pos[m]] += units
            for t in ts:
                hub = inst.tranches[t].hub
                if hub is not None:
                    base_load[(hub, m)] = (
                        base_load.get((hub, m), 0.0) + inst.tranches[t].quantity * mass
                    )
    for o in net.origins:
        o.row0 = bld.rows(len(o.ready), 0.0, ent_pool[o.pool])
        for j, units in enumerate(o.units):
            bld.row_upper[o.row0 + j] = units
    class_row = {k: bld.rows(1, classes[k].quantity, ent_class[k]) for k in sorted(net.sources)}
    newtype: dict[
        int, int
    ] = {}  # item type new to the fleet -> row: units leaving its pools <= bound x used
    bound: dict[int, float] = {}
    if penalty > 0:
        for p in sorted(net.months):
            item = pools[p].item_type
            if inst.item_types[item].in_fleet:
                continue
            if item not in newtype:
                ent_type[item] = uf.new()
                newtype[item] = bld.rows(1, 0.0, ent_type[item])
            uf.union(ent_pool[p], ent_type[item])
            units = sum(
                inst.tranches[t].quantity
                for by in pools[p].origins.values()
                for ts in by.values()
                for t in ts
            )
            units += sum(
                math.floor(inst.funds[f].amount_eur / (prep.price[item] or INF) + 1e-9)
                for f in pools[p].funds
            )
            bound[item] = bound.get(item, 0.0) + units
    # capacity rows (a hub in a month, the producers of a type in a month) belong to no component: the
    # solver adds them only when a solution breaks them, and merges the components they link then
    side_row: dict[tuple[str, int], int] = {}

    def side(key: tuple[str, int], capacity: float) -> int:
        row = side_row.get(key)
        if row is None:
            row = side_row[key] = bld.rows(1, capacity, -1)
        return row

    def hub_entry(
        hub: str | None, m: int, mass: float, rows: list[int], values: list[float]
    ) -> bool:
        if hub is None or mass <= 0 or m not in hub_months.get(hub, ()):
            return False
        rows.append(side(("hub:" + hub, m), prep.hub_capacity[hub]))
        values.append(mass)
        return True

    # units leaving an unchained pool's origin go to merges and classes; list them per pool
    targets: dict[int, list[tuple[int, int]]] = {}  # pool -> (merge chain or -1, class or -1)
    for c in net.merges:
        for what, p in chains[c].feeders:
            if what == POOL and p not in net.chained:
                targets.setdefault(p, []).append((c, -1))
    for k in sorted(net.sources):
        for what, ident in net.sources[k]:
            if what == POOL and ident not in net.chained:
                targets.setdefault(ident, []).append((-1, k))

    for n, o in enumerate(net.origins):
        item = pools[o.pool].item_type
        mass = prep.mass[item]
        own = ent_pool[o.pool]
        hub_i = -1 if o.hub is None else hub_no[o.hub]
        extra = newtype.get(item)
        for m in o.months:
            seg = o.row0 + o.segment(m)
            if o.pool in net.chained:
                chain = chains[net.chained[o.pool]]
                rows, values = [seg, chain.row0 + chain.pos[m]], [1.0, -1.0]
                whole = hub_entry(o.hub, m, mass, rows, values)
                bld.col(SHIP, n, o.pool, m, own, rows, values, integer=whole, hub=hub_i, mass=mass)
                continue
            for c, k in targets.get(o.pool, []):
                if c >= 0:
                    chain = chains[c]
                    if m not in chain.pos:
                        continue
                    rows, values, cost, target = (
                        [seg, chain.row0 + chain.pos[m]],
                        [1.0, -1.0],
                        0.0,
                        c,
                    )
                else:
                    if m > classes[k].last:
                        continue
                    rows, values, cost, target = (
                        [seg, class_row[k]],
                        [1.0, 1.0],
                        prep.value(k, m),
                        -k - 1,
                    )
                    uf.union(own, ent_class[k])
                if extra is not None:
                    rows.append(extra)
                    values.append(1.0)
                whole = hub_entry(o.hub, m, mass, rows, values)
                bld.col(
                    SEND,
                    n,
                    target,
                    m,
                    own,
                    rows,
                    values,
                    cost=cost,
                    integer=whole,
                    hub=hub_i,
                    mass=mass,
                )
        for j in range(len(o.ready) - 1):
            bld.col(HOLD_O, n, o.pool, o.ready[j], own, [o.row0 + j, o.row0 + j + 1], [1.0, -1.0])

    budget_row: dict[int, int] = {}
    for p, windows in sorted(net.buys.items()):
        item = pools[p].item_type
        chain = chains[net.chained[p]]
        own = ent_pool[p]
        price = prep.price[item] or INF
        cap = prep.capacity.get(item)
        mass = prep.mass[item]
        for f, first, last in windows:
            offer = inst.funds[f]
            uf.union(own, ent_funds[f])
            if f not in budget_row:
                budget_row[f] = bld.rows(1, offer.amount_eur, ent_funds[f])
            upper = math.floor(offer.amount_eur / price + 1e-9)
            if cap is not None:
                upper = min(upper, cap)
            hub_i = -1 if offer.hub is None else hub_no[offer.hub]
            for m in range(first, last + 1):
                rows, values = [chain.row0 + chain.pos[m], budget_row[f]], [-1.0, price]
                if cap is not None and m in producer_months.get(item, ()):
                    rows.append(side(("type:" + str(item), m), cap))
                    values.append(1.0)
                hub_entry(offer.hub, m, mass, rows, values)
                bld.col(
                    BUY, f, p, m, own, rows, values, upper=upper, integer=True, hub=hub_i, mass=mass
                )

    for c, chain_c in enumerate(chains):
        for j in range(len(chain_c.months) - 1):
            bld.col(
                HOLD,
                c,
                c,
                chain_c.months[j],
                owner(c),
                [chain_c.row0 + j, chain_c.row0 + j + 1],
                [1.0, -1.0],
            )
        for what, ident in chain_c.feeders:
            if what == POOL and ident not in net.chained:
                continue  # its origins SEND into the merge
            s_c = net.chained[ident] if what == POOL else net.merges[ident]
            src_chain = chains[s_c]
            extra = newtype.get(pools[ident].item_type) if what == POOL else None
            for j, m in enumerate(src_chain.months):
                if m in chain_c.pos:
                    rows, values = [src_chain.row0 + j, chain_c.row0 + chain_c.pos[m]], [1.0, -1.0]
                    if extra is not None:
                        rows.append(extra)
                        values.append(1.0)
                    bld.col(FEED, s_c, c, m, owner(c), rows, values)

    for k in sorted(net.sources):
        c_k = classes[k]
        for what, ident in net.sources[k]:
            if what == POOL and ident not in net.chained:
                continue  # its origins SEND to the class
            c = net.merges[ident] if what == MERGE else net.chained[ident]
            chain = chains[c]
            uf.union(ent_class[k], owner(c))
            extra = newtype.get(pools[chain.pool].item_type) if chain.pool >= 0 else None
            on_time = chain.by(c_k.needed_by)
            nodes = [on_time] if on_time >= 0 else []
            nodes += [
                j for j in range(on_time + 1, len(chain.months)) if chain.months[j] <= c_k.last
            ]
            for j in nodes:
                m = chain.months[j]
                rows, values = [chain.row0 + j, class_row[k]], [1.0, 1.0]
                if extra is not None:
                    rows.append(extra)
                    values.append(1.0)
                bld.col(DELIVER, k, c, m, owner(c), rows, values, cost=prep.value(k, m))
    for item, row in sorted(newtype.items()):
        bld.col(
            NEWTYPE,
            item,
            -1,
            -1,
            ent_type[item],
            [row],
            [-bound[item]],
            cost=-penalty,
            upper=1.0,
            integer=True,
        )

    roots = np.array([uf.find(x) for x in range(len(uf.parent))], dtype=np.int32)
    owner_row = np.array(bld.owner_row, dtype=np.int32)
    meta = np.array(bld.meta, dtype=np.int32).reshape(-1, 6)
    kind = meta[:, 0].astype(np.int8)
    type_of_col = np.full(len(meta), -1, dtype=np.int32)
    buy = np.flatnonzero(kind == BUY)
    type_of_col[buy] = [pools[p].item_type for p in meta[buy, 2]]
    start = np.array(bld.start, dtype=np.int32)
    index = np.array(bld.index, dtype=np.int32)
    value = np.array(bld.value, dtype=np.float64)
    is_cap = np.zeros(len(bld.row_upper), dtype=bool)
    is_cap[list(side_row.values())] = True
    entries = np.flatnonzero(is_cap[index]) if len(index) else np.zeros(0, np.int64)
    entry_col = (np.searchsorted(start, entries, side="right") - 1).astype(np.int32)
    return Model(
        cost=np.array(bld.cost, dtype=np.float64),
        upper=np.array(bld.upper, dtype=np.float64),
        integer=np.array(bld.integer, dtype=np.int8),
        row_upper=np.array(bld.row_upper, dtype=np.float64),
        start=start,
        index=index,
        value=value,
        kind=kind,
        a=meta[:, 1].copy(),
        b=meta[:, 2].copy(),
        month=meta[:, 3].copy(),
        owner_col=roots[meta[:, 4]] if len(meta) else np.zeros(0, np.int32),
        owner_row=np.where(owner_row >= 0, roots[np.maximum(owner_row, 0)], -1).astype(np.int32),
        shape=net,
        base_load=base_load,
        capacity=side_row,
        capacity_series=_series(side_row, prep.horizon),
        cap_col=entry_col,
        cap_row=index[entries],
        cap_val=value[entries],
        hub_of_col=meta[:, 5].copy(),
        mass_of_col=np.array(bld.mass, dtype=np.float64),
        type_of_col=type_of_col,
    )


def _series(rows: dict[tuple[str, int], int], horizon: int) -> list[list[int]]:
    by_name: dict[str, list[int]] = {}
    for (name, month), row in sorted(rows.items()):
        by_name.setdefault(name, [-1] * horizon)[month] = row
    return [by_name[name] for name in sorted(by_name)]
