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

from nsatu.engine.allocation.aggregate import CapKey, Prepared
from nsatu.engine.allocation.columns import Columns, UnionFind
from nsatu.engine.allocation.network import MERGE, POOL, Chain, Origin, Shape, shape

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


def build(
    prep: Prepared, hub_months: dict[str, set[int]], producer_months: dict[CapKey, set[int]]
) -> Model:
    asm = _Assembly(prep, shape(prep, hub_months, producer_months), hub_months, producer_months)
    # Rows, then columns, always in this order: it fixes the indices the solver sees, and with them
    # the plan a tie between optima resolves to.
    asm.chain_rows()
    asm.direct_supply_rows()
    asm.origin_rows()
    asm.class_rows()
    asm.new_type_rows()
    asm.origin_columns()
    asm.buy_columns()
    asm.chain_columns()
    asm.deliver_columns()
    asm.new_type_columns()
    return asm.model()


class _Assembly:
    """The rows and columns of one model, and the component (union-find entity) of each."""

    def __init__(
        self,
        prep: Prepared,
        net: Shape,
        hub_months: dict[str, set[int]],
        producer_months: dict[CapKey, set[int]],
    ) -> None:
        self.prep = prep
        self.inst = prep.instance
        self.net = net
        self.hub_months = hub_months
        self.producer_months = producer_months
        self.hub_no = {h: n for n, h in enumerate(prep.hub_capacity)}
        self.penalty = prep.instance.parameters.new_type_penalty
        self.cols = Columns()
        self.uf = uf = UnionFind()
        self.ent_pool = {p: uf.new() for p in net.months}
        self.ent_class = [uf.new() for _ in prep.classes]
        self.ent_funds = [uf.new() for _ in prep.instance.funds]
        self.ent_type: dict[int, int] = {}
        self.ent_merge = {c: uf.new() for c in net.merges}
        self.base_load: dict[tuple[str, int], float] = {}
        self.class_row: dict[int, int] = {}
        # item type new to the fleet -> row: units leaving its pools <= bound x used
        self.newtype: dict[int, int] = {}
        self.bound: dict[int, float] = {}
        self.side_row: dict[tuple[str, int], int] = {}
        self.budget_row: dict[int, int] = {}

    def owner(self, c: int) -> int:
        chain = self.net.chains[c]
        return self.ent_pool[chain.pool] if chain.pool >= 0 else self.ent_merge[c]

    def source_owner(self, source: tuple[int, int]) -> int:
        if source[0] == POOL:
            return self.ent_pool[source[1]]
        return self.ent_merge[self.net.merges[source[1]]]

    # rows: chain nodes (with the supply arriving without waiting), origin segments, classes, new types

    def chain_rows(self) -> None:
        for c, chain in enumerate(self.net.chains):
            chain.row0 = self.cols.rows(len(chain.months), 0.0, self.owner(c))
            for source in chain.feeders:
                self.uf.union(self.owner(c), self.source_owner(source))

    def direct_supply_rows(self) -> None:
        inst, net = self.inst, self.net
        for p, by_month in net.direct.items():
            chain = net.chains[net.chained[p]]
            mass = self.prep.mass[self.prep.pools[p].item_type]
            for m, ts in by_month.items():
                units = sum(inst.tranches[t].quantity for t in ts)
                self.cols.row_upper[chain.row0 + chain.pos[m]] += units
                for t in ts:
                    hub = inst.tranches[t].hub
                    if hub is not None:
                        self.base_load[(hub, m)] = (
                            self.base_load.get((hub, m), 0.0) + inst.tranches[t].quantity * mass
                        )

    def origin_rows(self) -> None:
        for o in self.net.origins:
            o.row0 = self.cols.rows(len(o.ready), 0.0, self.ent_pool[o.pool])
            for j, units in enumerate(o.units):
                self.cols.row_upper[o.row0 + j] = units

    def class_rows(self) -> None:
        classes = self.prep.classes
        self.class_row = {
            k: self.cols.rows(1, classes[k].quantity, self.ent_class[k])
            for k in sorted(self.net.sources)
        }

    def new_type_rows(self) -> None:
        if not self.penalty > 0:
            return
        for p in sorted(self.net.months):
            item = self.prep.pools[p].item_type
            if self.inst.item_types[item].in_fleet:
                continue
            if item not in self.newtype:
                self.ent_type[item] = self.uf.new()
                self.newtype[item] = self.cols.rows(1, 0.0, self.ent_type[item])
            self.uf.union(self.ent_pool[p], self.ent_type[item])
            self.bound[item] = self.bound.get(item, 0.0) + self._units_of(p, item)

    def _units_of(self, p: int, item: int) -> int:
        """All the units a pool could ever pass: its tranches and what its funds could buy."""
        inst, pool = self.inst, self.prep.pools[p]
        units = sum(
            inst.tranches[t].quantity
            for by in pool.origins.values()
            for ts in by.values()
            for t in ts
        )
        units += sum(
            math.floor(inst.funds[f].amount_eur / (self.prep.price[item] or INF) + 1e-9)
            for f in pool.funds
        )
        return units

    # Capacity rows (a hub in a month, the producers of a type in a month) belong to no component: the
    # solver adds them only when a solution breaks them, and merges the components they link then.

    def side(self, key: tuple[str, int], capacity: float) -> int:
        row = self.side_row.get(key)
        if row is None:
            row = self.side_row[key] = self.cols.rows(1, capacity, -1)
        return row

    def hub_entry(
        self, hub: str | None, m: int, mass: float, rows: list[int], values: list[float]
    ) -> bool:
        if hub is None or mass <= 0 or m not in self.hub_months.get(hub, ()):
            return False
        rows.append(self.side(("hub:" + hub, m), self.prep.hub_capacity[hub]))
        values.append(mass)
        return True

    # columns

    def origin_columns(self) -> None:
        targets = self._send_targets()
        for n, o in enumerate(self.net.origins):
            self._origin_columns(n, o, targets.get(o.pool, []))

    def _send_targets(self) -> dict[int, list[tuple[int, int]]]:
        """Per unchained pool, where its origins' units go: (merge chain or -1, class or -1)."""
        net = self.net
        targets: dict[int, list[tuple[int, int]]] = {}
        for c in net.merges:
            for what, p in net.chains[c].feeders:
                if what == POOL and p not in net.chained:
                    targets.setdefault(p, []).append((c, -1))
        for k in sorted(net.sources):
            for what, ident in net.sources[k]:
                if what == POOL and ident not in net.chained:
                    targets.setdefault(ident, []).append((-1, k))
        return targets

    def _origin_columns(self, n: int, o: Origin, targets: list[tuple[int, int]]) -> None:
        item = self.prep.pools[o.pool].item_type
        mass = self.prep.mass[item]
        own = self.ent_pool[o.pool]
        hub_i = -1 if o.hub is None else self.hub_no[o.hub]
        extra = self.newtype.get(item)
        chain_no = self.net.chained.get(o.pool)
        for m in o.months:
            seg = o.row0 + o.segment(m)
            if chain_no is not None:
                chain = self.net.chains[chain_no]
                rows, values = [seg, chain.row0 + chain.pos[m]], [1.0, -1.0]
                whole = self.hub_entry(o.hub, m, mass, rows, values)
                self.cols.col(
                    SHIP, n, o.pool, m, own, rows, values, integer=whole, hub=hub_i, mass=mass
                )
                continue
            for c, k in targets:
                send = self._send(seg, m, c, k, own)
                if send is None:
                    continue
                rows, values, cost, target = send
                if extra is not None:
                    rows.append(extra)
                    values.append(1.0)
                whole = self.hub_entry(o.hub, m, mass, rows, values)
                self.cols.col(
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
            self.cols.col(
                HOLD_O, n, o.pool, o.ready[j], own, [o.row0 + j, o.row0 + j + 1], [1.0, -1.0]
            )

    def _send(
        self, seg: int, m: int, c: int, k: int, own: int
    ) -> tuple[list[int], list[float], float, int] | None:
        """The entries, value and target of units sent in month m to merge chain c or to class k."""
        if c >= 0:
            chain = self.net.chains[c]
            if m not in chain.pos:
                return None
            return [seg, chain.row0 + chain.pos[m]], [1.0, -1.0], 0.0, c
        if m > self.prep.classes[k].last:
            return None
        self.uf.union(own, self.ent_class[k])
        return [seg, self.class_row[k]], [1.0, 1.0], self.prep.value(k, m), -k - 1

    def buy_columns(self) -> None:
        for p, windows in sorted(self.net.buys.items()):
            for f, first, last in windows:
                self._buy(p, f, first, last)

    def _buy(self, p: int, f: int, first: int, last: int) -> None:
        prep, offer = self.prep, self.inst.funds[f]
        item = prep.pools[p].item_type
        chain = self.net.chains[self.net.chained[p]]
        own = self.ent_pool[p]
        price = prep.price[item] or INF
        key = prep.cap_key(f, item)
        cap = None if key is None else prep.capacity[key]
        mass = prep.mass[item]
        self.uf.union(own, self.ent_funds[f])
        if f not in self.budget_row:
            self.budget_row[f] = self.cols.rows(1, offer.amount_eur, self.ent_funds[f])
        most = math.floor(offer.amount_eur / price + 1e-9)
        hub_i = -1 if offer.hub is None else self.hub_no[offer.hub]
        for m in range(first, last + 1):
            upper = most if cap is None else min(most, cap[m])
            rows, values = [chain.row0 + chain.pos[m], self.budget_row[f]], [-1.0, price]
            if key is not None and cap is not None and m in self.producer_months.get(key, ()):
                rows.append(self.side((f"type:{key[0]}:{key[1]}", m), cap[m]))
                values.append(1.0)
            self.hub_entry(offer.hub, m, mass, rows, values)
            self.cols.col(
                BUY, f, p, m, own, rows, values, upper=upper, integer=True, hub=hub_i, mass=mass
            )

    def chain_columns(self) -> None:
        for c, chain in enumerate(self.net.chains):
            self._hold(c, chain)
            self._feeds(c, chain)

    def _hold(self, c: int, chain: Chain) -> None:
        for j in range(len(chain.months) - 1):
            self.cols.col(
                HOLD,
                c,
                c,
                chain.months[j],
                self.owner(c),
                [chain.row0 + j, chain.row0 + j + 1],
                [1.0, -1.0],
            )

    def _feeds(self, c: int, chain: Chain) -> None:
        net = self.net
        for what, ident in chain.feeders:
            if what == POOL and ident not in net.chained:
                continue  # its origins SEND into the merge
            s_c = net.chained[ident] if what == POOL else net.merges[ident]
            src_chain = net.chains[s_c]
            extra = self.newtype.get(self.prep.pools[ident].item_type) if what == POOL else None
            for j, m in enumerate(src_chain.months):
                if m in chain.pos:
                    rows, values = [src_chain.row0 + j, chain.row0 + chain.pos[m]], [1.0, -1.0]
                    if extra is not None:
                        rows.append(extra)
                        values.append(1.0)
                    self.cols.col(FEED, s_c, c, m, self.owner(c), rows, values)

    def deliver_columns(self) -> None:
        net = self.net
        for k in sorted(net.sources):
            for what, ident in net.sources[k]:
                if what == POOL and ident not in net.chained:
                    continue  # its origins SEND to the class
                self._deliver(k, net.merges[ident] if what == MERGE else net.chained[ident])

    def _deliver(self, k: int, c: int) -> None:
        c_k = self.prep.classes[k]
        chain = self.net.chains[c]
        self.uf.union(self.ent_class[k], self.owner(c))
        extra = self.newtype.get(self.prep.pools[chain.pool].item_type) if chain.pool >= 0 else None
        on_time = chain.by(c_k.needed_by)
        nodes = [on_time] if on_time >= 0 else []
        nodes += [j for j in range(on_time + 1, len(chain.months)) if chain.months[j] <= c_k.last]
        for j in nodes:
            m = chain.months[j]
            rows, values = [chain.row0 + j, self.class_row[k]], [1.0, 1.0]
            if extra is not None:
                rows.append(extra)
                values.append(1.0)
            self.cols.col(DELIVER, k, c, m, self.owner(c), rows, values, cost=self.prep.value(k, m))

    def new_type_columns(self) -> None:
        for item, row in sorted(self.newtype.items()):
            self.cols.col(
                NEWTYPE,
                item,
                -1,
                -1,
                self.ent_type[item],
                [row],
                [-self.bound[item]],
                cost=-self.penalty,
                upper=1.0,
                integer=True,
            )

    def model(self) -> Model:
        cols, uf = self.cols, self.uf
        roots = np.array([uf.find(x) for x in range(len(uf.parent))], dtype=np.int32)
        owner_row = np.array(cols.owner_row, dtype=np.int32)
        meta = np.array(cols.meta, dtype=np.int32).reshape(-1, 6)
        kind = meta[:, 0].astype(np.int8)
        type_of_col = np.full(len(meta), -1, dtype=np.int32)
        buy = np.flatnonzero(kind == BUY)
        type_of_col[buy] = [self.prep.pools[p].item_type for p in meta[buy, 2]]
        start = np.array(cols.start, dtype=np.int32)
        index = np.array(cols.index, dtype=np.int32)
        value = np.array(cols.value, dtype=np.float64)
        is_cap = np.zeros(len(cols.row_upper), dtype=bool)
        is_cap[list(self.side_row.values())] = True
        entries = np.flatnonzero(is_cap[index]) if len(index) else np.zeros(0, np.int64)
        entry_col = (np.searchsorted(start, entries, side="right") - 1).astype(np.int32)
        return Model(
            cost=np.array(cols.cost, dtype=np.float64),
            upper=np.array(cols.upper, dtype=np.float64),
            integer=np.array(cols.integer, dtype=np.int8),
            row_upper=np.array(cols.row_upper, dtype=np.float64),
            start=start,
            index=index,
            value=value,
            kind=kind,
            a=meta[:, 1].copy(),
            b=meta[:, 2].copy(),
            month=meta[:, 3].copy(),
            owner_col=roots[meta[:, 4]] if len(meta) else np.zeros(0, np.int32),
            owner_row=np.where(owner_row >= 0, roots[np.maximum(owner_row, 0)], -1).astype(
                np.int32
            ),
            shape=self.net,
            base_load=self.base_load,
            capacity=self.side_row,
            capacity_series=_series(self.side_row, self.prep.horizon),
            cap_col=entry_col,
            cap_row=index[entries],
            cap_val=value[entries],
            hub_of_col=meta[:, 5].copy(),
            mass_of_col=np.array(cols.mass, dtype=np.float64),
            type_of_col=type_of_col,
        )


def _series(rows: dict[tuple[str, int], int], horizon: int) -> list[list[int]]:
    by_name: dict[str, list[int]] = {}
    for (name, month), row in sorted(rows.items()):
        by_name.setdefault(name, [-1] * horizon)[month] = row
    return [by_name[name] for name in sorted(by_name)]
