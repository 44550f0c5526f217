"""From the aggregated solution back to offers and requirements, deterministically (docs §6).

1. Per origin (a pool's units at one hub), the units passing it in month m are taken from its tranches
   earliest-ready first, then in instance order. Tranches of a chained pool that cannot wait arrive whole.
2. Per chain (a pool's arrivals, then the merge chains), months ascending, units are used oldest first
   (arrival month, then tranches before funds, then instance order): first by the deliveries of that month
   in class order, then by the feeds into merge chains.
3. Per class, the pieces (ordered by arrival month, kind, offer) fill its requirements in instance order.

The plan's value is computed from its lines (each unit valued at its arrival month), which is never less
than what the LP credited; at an optimum the two are equal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nsatu.engine.allocation.aggregate import Prepared
from nsatu.engine.allocation.model import (
    BUY,
    DELIVER,
    FEED,
    SEND,
    SHIP,
    FloatArray,
    IntArray,
    Model,
)
from nsatu.engine.allocation.network import Shape

TRANCHE, FUNDS = 0, 1
Batch = list[int]  # [arrival month, kind, source, item type, units]


@dataclass
class Line:
    kind: int  # TRANCHE or FUNDS
    source: int  # tranche or funds index
    requirement: int
    item_type: int
    month: int
    quantity: int


def _take(queue: list[Batch], units: int, where: str) -> list[Batch]:
    taken: list[Batch] = []
    for batch in queue:
        if units == 0:
            break
        share = min(units, batch[4])
        if share:
            batch[4] -= share
            units -= share
            taken.append([*batch[:4], share])
    if units:
        raise AssertionError(f"{where}: the solution uses more units than arrived")
    queue[:] = [b for b in queue if b[4] > 0]
    return taken


@dataclass
class _Used:
    """The columns the solution uses, with their whole units."""

    kinds: npt.NDArray[np.int8]
    a: IntArray
    b: IntArray
    months: IntArray
    qty: npt.NDArray[np.int64]

    @classmethod
    def of(cls, model: Model, x: FloatArray) -> _Used:
        nz = np.flatnonzero(x > 0.5)
        return cls(
            model.kind[nz],
            model.a[nz],
            model.b[nz],
            model.month[nz],
            np.rint(x[nz]).astype(np.int64),
        )


Arrivals = dict[int, dict[int, list[Batch]]]  # chain -> month -> batches
Pieces = dict[int, list[Batch]]  # class -> what it received


def split(prep: Prepared, model: Model, x: FloatArray) -> list[Line]:
    used = _Used.of(model, x)
    net = model.shape
    arrivals = _direct_arrivals(prep, net)
    pieces: Pieces = defaultdict(list)
    _pass_origins(prep, net, used, arrivals, pieces)
    _buy_arrivals(prep, net, used, arrivals)
    _drain_chains(net, used, arrivals, pieces)
    return _fill_requirements(prep, pieces)


def _direct_arrivals(prep: Prepared, net: Shape) -> Arrivals:
    inst = prep.instance
    arrivals: Arrivals = defaultdict(lambda: defaultdict(list))
    for p, by_month in net.direct.items():
        item = prep.pools[p].item_type
        for m, ts in by_month.items():
            arrivals[net.chained[p]][m].extend(
                [m, TRANCHE, t, item, inst.tranches[t].quantity] for t in ts
            )
    return arrivals


def _pass_origins(
    prep: Prepared, net: Shape, used: _Used, arrivals: Arrivals, pieces: Pieces
) -> None:
    """Step 1: the units passing each origin, into chains (SHIP, SEND to a merge) or classes."""
    inst = prep.instance
    passing: dict[int, list[tuple[int, int, int]]] = defaultdict(
        list
    )  # origin -> (month, target, units)
    kinds = used.kinds
    for n in np.flatnonzero((kinds == SHIP) | (kinds == SEND)):
        target = net.chained[int(used.b[n])] if kinds[n] == SHIP else int(used.b[n])
        passing[int(used.a[n])].append((int(used.months[n]), target, int(used.qty[n])))
    for o, moves in sorted(passing.items()):
        origin = net.origins[o]
        item = prep.pools[origin.pool].item_type
        ready = [
            [e, TRANCHE, t, item, inst.tranches[t].quantity]
            for e, ts in zip(origin.ready, origin.tranches, strict=True)
            for t in ts
        ]
        for m, target, units in sorted(moves):
            for batch in _take([e for e in ready if e[0] <= m], units, f"origin {o} month {m}"):
                batch[0] = m
                if target >= 0:
                    arrivals[target][m].append(batch)
                else:
                    pieces[-target - 1].append(batch)
            ready = [e for e in ready if e[4] > 0]


def _buy_arrivals(prep: Prepared, net: Shape, used: _Used, arrivals: Arrivals) -> None:
    for n in np.flatnonzero(used.kinds == BUY):
        p, m = int(used.b[n]), int(used.months[n])
        arrivals[net.chained[p]][m].append(
            [m, FUNDS, int(used.a[n]), prep.pools[p].item_type, int(used.qty[n])]
        )


def _drain_chains(net: Shape, used: _Used, arrivals: Arrivals, pieces: Pieces) -> None:
    """Step 2: per chain, months ascending, the oldest units leave first."""
    outflows: dict[int, dict[int, list[tuple[int, int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for n in np.flatnonzero(used.kinds == DELIVER):
        outflows[int(used.b[n])][int(used.months[n])].append((0, int(used.a[n]), int(used.qty[n])))
    for n in np.flatnonzero(used.kinds == FEED):
        outflows[int(used.a[n])][int(used.months[n])].append((1, int(used.b[n]), int(used.qty[n])))
    for c, chain in enumerate(net.chains):  # pool chains come before the merge chains they feed
        if c not in outflows:
            continue
        queue: list[Batch] = []
        for m in chain.months:
            queue.extend(arrivals.get(c, {}).get(m, []))
            queue.sort(key=lambda e: (e[0], e[1], e[2]))
            for what, target, units in sorted(outflows[c].get(m, [])):
                taken = _take(queue, units, f"chain {c} month {m}")
                if what == 0:
                    pieces[target].extend(taken)
                else:
                    arrivals[target][m].extend(taken)


def _fill_requirements(prep: Prepared, pieces: Pieces) -> list[Line]:
    """Step 3: per class, its pieces fill its requirements in instance order."""
    lines: dict[tuple[int, int, int, int, int], int] = {}
    for k in sorted(pieces):
        members = prep.classes[k].members
        open_ = [prep.instance.requirements[r].quantity for r in members]
        at = 0
        for m, kind, source, item, units in sorted(pieces[k]):
            while units:
                while open_[at] == 0:
                    at += 1
                share = min(units, open_[at])
                open_[at] -= share
                units -= share
                key = (members[at], m, kind, source, item)
                lines[key] = lines.get(key, 0) + share
    return [
        Line(kind, source, r, item, m, q) for (r, m, kind, source, item), q in sorted(lines.items())
    ]
