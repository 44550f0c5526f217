"""The status quo: first come, first served (docs §8).

Offers are taken in order of announcement (then id). Each fills the first open requirement it is eligible
for, in the order the requirements are listed, at the earliest month its hub has room for, and goes on to
the next with what is left. Same eligibility, hub, producer and budget limits as the optimal plan.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from nsatu.engine.allocation.aggregate import CapKey, Prepared, prepare, source_admits
from nsatu.engine.allocation.explain import Usage
from nsatu.engine.allocation.instance import FundsOffer, Instance, Tranche
from nsatu.engine.allocation.jsonio import validate_instance
from nsatu.engine.allocation.plan import assemble
from nsatu.engine.allocation.result import Plan, SolveStats
from nsatu.engine.allocation.split import FUNDS, TRANCHE, Line


class _State:
    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        self.open = [r.quantity for r in prep.instance.requirements]
        self.hub_load: dict[tuple[str, int], float] = {}
        self.produced: dict[tuple[CapKey | None, int], int] = {}
        self.lines: list[Line] = []

    def hub_room(self, hub: str | None, month: int, item: int) -> float:
        mass = self.prep.mass[item]
        if hub is None or mass <= 0:
            return math.inf
        left = self.prep.hub_capacity[hub] - self.hub_load.get((hub, month), 0.0)
        return math.floor(left / mass + 1e-9)

    def give(
        self, kind: int, source: int, r: int, item: int, month: int, units: int, hub: str | None
    ) -> None:
        self.open[r] -= units
        if hub is not None:
            self.hub_load[(hub, month)] = (
                self.hub_load.get((hub, month), 0.0) + units * self.prep.mass[item]
            )
        if kind == FUNDS:
            key = (self.prep.cap_key(source, item), month)
            self.produced[key] = self.produced.get(key, 0) + units
        self.lines.append(Line(kind, source, r, item, month, units))


def _last(prep: Prepared, r: int) -> int:
    return prep.classes[prep.class_of[r]].last


def baseline(instance: Instance) -> Plan:
    started = time.perf_counter()
    validate_instance(instance)
    prep = prepare(instance)
    inst = instance
    accept: list[list[int]] = [[] for _ in prep.type_ids]
    for n, req in enumerate(inst.requirements):
        for t in dict.fromkeys(req.satisfied_by):
            accept[prep.type_index[t]].append(n)
    order = sorted(
        [(t.announced, t.id, TRANCHE, n) for n, t in enumerate(inst.tranches)]
        + [(f.announced, f.id, FUNDS, n) for n, f in enumerate(inst.funds)]
    )
    state = _State(prep)
    for _, _, kind, n in order:
        if kind == TRANCHE:
            _tranche(state, n, accept)
        else:
            _funds(state, n, accept)
    lines = sorted(
        state.lines,
        key=lambda line: (line.requirement, line.month, line.kind, line.source, line.item_type),
    )
    elapsed = time.perf_counter() - started
    stats = SolveStats(
        status="heuristic",
        objective=None,
        mip_gap=None,
        build_seconds=0.0,
        solve_seconds=elapsed,
        columns=0,
        rows=0,
        components=0,
        message="status quo: first come, first served",
    )
    return assemble(prep, lines, stats, lambda u: _reason(prep, u))


def _tranche(state: _State, n: int, accept: list[list[int]]) -> None:
    prep = state.prep
    tranche = prep.instance.tranches[n]
    item = prep.type_index[tranche.item_type]
    left = tranche.quantity
    ready = prep.ready[n]
    for r in accept[item]:
        if left == 0:
            return
        req = prep.instance.requirements[r]
        if state.open[r] == 0 or not source_admits(tranche, req):
            continue
        for m in range(ready, _last(prep, r) + 1):
            units = int(min(left, state.open[r], state.hub_room(tranche.hub, m, item)))
            if units > 0:
                state.give(TRANCHE, n, r, item, m, units, tranche.hub)
                left -= units
            if left == 0 or state.open[r] == 0:
                break


def _funds(state: _State, n: int, accept: list[list[int]]) -> None:
    prep = state.prep
    offer = prep.instance.funds[n]
    buyable = {item for item, _ in prep.funds_types[n]}
    budget = offer.amount_eur
    ready = prep.funds_ready[n]
    candidates = sorted({r for item in buyable for r in accept[item]})
    for r in candidates:
        req = prep.instance.requirements[r]
        if state.open[r] == 0 or not source_admits(offer, req):
            continue
        for type_id in dict.fromkeys(req.satisfied_by):
            item = prep.type_index[type_id]
            if item not in buyable:
                continue
            price = prep.price[item] or math.inf
            key = prep.cap_key(n, item)
            cap = None if key is None else prep.capacity[key]
            for m in range(ready, _last(prep, r) + 1):
                room = math.inf if cap is None else cap[m] - state.produced.get((key, m), 0)
                units = int(
                    min(
                        state.open[r],
                        math.floor(budget / price + 1e-9),
                        room,
                        state.hub_room(offer.hub, m, item),
                    )
                )
                if units > 0:
                    state.give(FUNDS, n, r, item, m, units, offer.hub)
                    budget -= units * price
                if state.open[r] == 0 or budget < price:
                    break
            if state.open[r] == 0:
                break


def _reason(prep: Prepared, u: Usage) -> Callable[[Line], str]:
    del u  # the status quo does not look at the rest of the plan: that is its weakness

    def why(line: Line) -> str:
        inst = prep.instance
        source: Tranche | FundsOffer
        if line.kind == TRANCHE:
            source = inst.tranches[line.source]
            who = f"{source.donor}'s tranche {source.id}"
        else:
            source = inst.funds[line.source]
            who = f"{source.donor}'s funds {source.id} buying {prep.type_ids[line.item_type]}"
        return (
            f"status quo: {who} (announced {source.announced}) filled the first open eligible requirement in "
            f"listed order, arriving in month {line.month}"
        )

    return why
