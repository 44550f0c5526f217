"""A scenario applied to an allocation instance, so that the plan can be recomputed under it.

The same rules as for coverage (nsatu.engine.interop.scenario), in the instance's months: a tranche arrives in
month `available + transit`, a funds offer is usable from `available`. Delay moves `available`; an offer moved
to or past the horizon leaves the instance. Withdraw drops offers arriving in or after the month of the date.
Cap keeps offers in arrival order while the running total fits (tranches valued at the type's unit price;
tranches of unpriced types are kept and not counted, as in the coverage rule).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from nsatu.engine.allocation.instance import FundsOffer, Instance, Tranche
from nsatu.engine.allocation.result import Plan
from nsatu.engine.interop.scenario import CAP, DELAY, KINDS, UNITS, WITHDRAW, Rule, check_rules


def _month(start: str, day: dt.date) -> int:
    return (day.year - int(start[:4])) * 12 + day.month - int(start[5:7])


def _cap_offers(
    tranches: list[Tranche], funds: list[FundsOffer], rule: Rule, price: dict[str, float | None]
) -> tuple[list[Tranche], list[FundsOffer]]:
    assert rule.amount is not None
    left = float(rule.amount)
    kept_t: list[Tranche] = []
    kept_f: list[FundsOffer] = []
    # In arrival order, in kind before funds in the same month.
    entries: list[tuple[int, int, str, Tranche | FundsOffer]] = [
        (t.available + t.transit, 0, t.id, t) for t in tranches
    ]
    entries += [(f.available, 1, f.id, f) for f in funds]
    for *_key, offer in sorted(entries, key=lambda e: e[:3]):
        if isinstance(offer, Tranche):
            unit = 1.0 if rule.unit == UNITS else price.get(offer.item_type)
            if unit is None or unit <= 0:
                kept_t.append(offer)
                continue
            take = min(offer.quantity, max(math.floor(left / unit + 1e-9), 0))
            left -= take * unit
            if take > 0:
                kept_t.append(replace(offer, quantity=take))
        elif rule.unit == UNITS:
            kept_f.append(offer)
        else:
            amount = min(offer.amount_eur, max(left, 0.0))
            left -= amount
            if amount > 0:
                kept_f.append(replace(offer, amount_eur=amount))
    return kept_t, kept_f


def scenario_instance(instance: Instance, rules: Sequence[Rule]) -> Instance:
    check_rules(rules)
    p = instance.parameters
    price = {it.id: it.unit_price_eur for it in instance.item_types}
    by_donor: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_donor[rule.donor].append(rule)
    tranches = [t for t in instance.tranches if t.donor not in by_donor]
    funds = [f for f in instance.funds if f.donor not in by_donor]
    for donor, donor_rules in by_donor.items():
        ts = [t for t in instance.tranches if t.donor == donor]
        fs = [f for f in instance.funds if f.donor == donor]
        for rule in sorted(donor_rules, key=lambda r: KINDS.index(r.kind)):
            if rule.kind == DELAY:
                ts = [
                    replace(t, available=t.available + rule.months)
                    for t in ts
                    if t.available + rule.months < p.horizon
                ]
                fs = [
                    replace(f, available=f.available + rule.months)
                    for f in fs
                    if f.available + rule.months < p.horizon
                ]
            elif rule.kind == WITHDRAW:
                assert rule.start is not None
                stop = _month(p.start, rule.start)
                ts = [t for t in ts if t.available + t.transit < stop]
                fs = [f for f in fs if f.available < stop]
            elif rule.kind == CAP:
                ts, fs = _cap_offers(ts, fs, rule, price)
        tranches.extend(ts)
        funds.extend(fs)
    order_t = {t.id: n for n, t in enumerate(instance.tranches)}
    order_f = {f.id: n for n, f in enumerate(instance.funds)}
    return replace(
        instance,
        tranches=tuple(sorted(tranches, key=lambda t: order_t[t.id])),
        funds=tuple(sorted(funds, key=lambda f: order_f[f.id])),
    )


@dataclass(frozen=True)
class PlanDelta:
    requirement_id: str
    capability_area: str
    quantity: int
    base: int
    scenario: int

    @property
    def change(self) -> int:
        return self.scenario - self.base


def plan_deltas(instance: Instance, base: Plan, scenario: Plan) -> list[PlanDelta]:
    """Units each requirement of the instance gets in each plan, side by side."""
    served: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for n, plan in enumerate((base, scenario)):
        for line in plan.lines:
            served[line.requirement_id][n] += line.quantity
    return [
        PlanDelta(r.id, r.capability_area, r.quantity, served[r.id][0], served[r.id][1])
        for r in instance.requirements
    ]
