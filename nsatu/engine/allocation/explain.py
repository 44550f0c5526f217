"""Why a requirement is not fully covered, and why each plan line has its donor and month (docs §7).

The reasons are checks on the finished plan, so the same code explains the optimal plan and the baseline:
- no_compatible_offer: no offer or fund is eligible at all;
- arrives_late: eligible offers can arrive only after the last month that still earns value;
- hub_capacity: eligible units left over could arrive in time only through a hub that is full in every
  month they could pass it (less room than one unit's mass);
- funds_exhausted: an eligible fund has less money left than one unit, or its producers are fully booked;
- taken_by_higher_priority: units of eligible offers that could have arrived in time went to requirements
  where they earn at least as much (weight x lateness factor), named;
- new_type_avoided: eligible units of an item type new to the fleet stay unused under the new-type penalty;
- not_enough_offered: every eligible offer that can arrive in time is used (by this requirement or by ones
  not named above): the offers are simply too few;
- unused_offer: eligible units are left that could have arrived in time (only a plan that is not optimal).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from nsatu.engine.allocation.aggregate import CapKey, Prepared
from nsatu.engine.allocation.instance import Requirement
from nsatu.engine.allocation.result import Reason, Shortfall
from nsatu.engine.allocation.split import FUNDS, TRANCHE, Line

TOL = 1e-9
MAX_NAMED = 5


@dataclass
class Usage:
    used: list[int]  # per tranche
    spent: list[float]  # per funds offer
    produced: dict[tuple[CapKey | None, int], int]  # (producer capacity, month) -> units bought
    hub_load: dict[tuple[str, int], float]
    covered: list[int]
    receivers: dict[tuple[int, int], list[tuple[int, int]]] = field(
        default_factory=dict
    )  # source -> (req, month)
    new_types: tuple[str, ...] = ()

    def hub_full(self, prep: Prepared, hub: str, month: int, mass: float) -> bool:
        return prep.hub_capacity[hub] - self.hub_load.get((hub, month), 0.0) < mass - TOL


def usage(prep: Prepared, lines: list[Line]) -> Usage:
    inst = prep.instance
    u = Usage(
        [0] * len(inst.tranches),
        [0.0] * len(inst.funds),
        defaultdict(int),
        defaultdict(float),
        [0] * len(inst.requirements),
        defaultdict(list),
    )
    for line in lines:
        u.covered[line.requirement] += line.quantity
        u.receivers[(line.kind, line.source)].append((line.requirement, line.month))
        mass = prep.mass[line.item_type] * line.quantity
        if line.kind == TRANCHE:
            u.used[line.source] += line.quantity
            hub = inst.tranches[line.source].hub
        else:
            u.spent[line.source] += (prep.price[line.item_type] or 0.0) * line.quantity
            u.produced[(prep.cap_key(line.source, line.item_type), line.month)] += line.quantity
            hub = inst.funds[line.source].hub
        if hub is not None:
            u.hub_load[(hub, line.month)] += mass
    used_types = sorted({line.item_type for line in lines})
    u.new_types = tuple(prep.type_ids[i] for i in used_types if not inst.item_types[i].in_fleet)
    return u


def _names(ids: list[str]) -> str:
    shown = ", ".join(ids[:MAX_NAMED])
    return shown if len(ids) <= MAX_NAMED else f"{shown} and {len(ids) - MAX_NAMED} more"


@dataclass
class _Survey:
    """What the eligible offers of one short requirement could still have given it, and why not."""

    pools: list[int]
    last: int  # the last month that still earns value
    late: list[int] = field(default_factory=list)  # ready months past `last`
    hub_months: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    spare: list[str] = field(default_factory=list)
    avoided: list[str] = field(default_factory=list)
    exhausted: list[str] = field(default_factory=list)
    timely: list[tuple[int, int]] = field(default_factory=list)  # (TRANCHE or FUNDS, source)
    funds_seen: set[int] = field(default_factory=set)


def shortfalls(prep: Prepared, u: Usage) -> list[Shortfall]:
    pools_of = _pools_of(prep)
    out: list[Shortfall] = []
    for r, req in enumerate(prep.instance.requirements):
        if u.covered[r] >= req.quantity:
            continue
        k = prep.class_of[r]
        survey = _Survey(pools_of[k], prep.classes[k].last)
        for p in survey.pools:
            _survey_pool(prep, u, p, survey)
        out.append(Shortfall(req.id, req.quantity, u.covered[r], _reasons(prep, u, r, survey)))
    return out


def _pools_of(prep: Prepared) -> dict[int, list[int]]:
    pools_of: dict[int, list[int]] = defaultdict(list)
    for p, pool in enumerate(prep.pools):
        for k in pool.classes:
            pools_of[k].append(p)
    return pools_of


def _survey_pool(prep: Prepared, u: Usage, p: int, s: _Survey) -> None:
    inst = prep.instance
    pool = prep.pools[p]
    item = pool.item_type
    new_type = (
        inst.parameters.new_type_penalty > 0
        and not inst.item_types[item].in_fleet
        and prep.type_ids[item] not in u.new_types
    )
    s.late.extend(prep.ready[t] for t in pool.unreachable)
    for hub, by_month in pool.origins.items():
        for e, ts in by_month.items():
            _survey_tranches(prep, u, hub, e, ts, new_type, item, s)
    for f in pool.funds:
        _survey_funds(prep, u, f, new_type, item, s)


def _survey_tranches(
    prep: Prepared,
    u: Usage,
    hub: str | None,
    e: int,
    ts: list[int],
    new_type: bool,
    item: int,
    s: _Survey,
) -> None:
    """Tranches of one pool through one hub, ready in month e."""
    inst = prep.instance
    if e > s.last:
        s.late.append(e)
        return
    s.timely.extend((TRANCHE, t) for t in ts)
    left = [t for t in ts if u.used[t] < inst.tranches[t].quantity]
    if not left:
        return
    if new_type:
        s.avoided.extend(inst.tranches[t].id for t in left)
    elif not _hub_blocked(prep, u, hub, e, prep.mass[item], s):
        s.spare.extend(inst.tranches[t].id for t in left)


def _survey_funds(prep: Prepared, u: Usage, f: int, new_type: bool, item: int, s: _Survey) -> None:
    e = prep.funds_ready[f]
    if e > s.last:
        s.late.append(e)
        return
    if f not in s.funds_seen:
        s.timely.append((FUNDS, f))
        s.funds_seen.add(f)
    offer = prep.instance.funds[f]
    if offer.amount_eur - u.spent[f] < (prep.price[item] or 0.0) - TOL:
        s.exhausted.append(f"{offer.id} (money)")
        return
    key = prep.cap_key(f, item)
    cap = None if key is None else prep.capacity[key]
    if cap is not None and all(u.produced.get((key, m), 0) >= cap[m] for m in range(e, s.last + 1)):
        s.exhausted.append(f"{offer.id} (producers of {prep.type_ids[item]})")
        return
    if new_type:
        s.avoided.append(offer.id)
    elif not _hub_blocked(prep, u, offer.hub, e, prep.mass[item], s):
        s.spare.append(offer.id)


def _hub_blocked(
    prep: Prepared, u: Usage, hub: str | None, e: int, mass: float, s: _Survey
) -> bool:
    """Whether the hub is full in every month from e on that still earns value (noted if so)."""
    full = [m for m in range(e, s.last + 1) if hub is not None and u.hub_full(prep, hub, m, mass)]
    if hub is not None and len(full) == s.last + 1 - e:
        s.hub_months[hub].update(full)
        return True
    return False


def _reasons(prep: Prepared, u: Usage, r: int, s: _Survey) -> tuple[Reason, ...]:
    req = prep.instance.requirements[r]
    found = (
        _no_compatible_offer(req, s),
        _arrives_late(prep, req, s),
        _hub_capacity(s),
        _funds_exhausted(s),
        _taken_by_higher_priority(prep, u, r, s),
        _new_type_avoided(s),
        _unused_offer(s),
    )
    reasons = [reason for reason in found if reason is not None]
    # Only when nothing above explains the gap: then the offers are simply too few.
    if s.timely and all(
        reason.code in ("no_compatible_offer", "arrives_late") for reason in reasons
    ):
        reasons.append(_not_enough_offered(prep, s))
    return tuple(reasons)


def _no_compatible_offer(req: Requirement, s: _Survey) -> Reason | None:
    if s.pools and (s.timely or s.late):
        return None
    types = ", ".join(dict.fromkeys(req.satisfied_by))
    return Reason(
        "no_compatible_offer", f"no offer or fund is eligible for it (item types {types})"
    )


def _arrives_late(prep: Prepared, req: Requirement, s: _Survey) -> Reason | None:
    if not s.late:
        return None
    first = min(s.late)
    when = f"month {first}" if first < prep.horizon else "beyond the horizon"
    max_late = prep.instance.parameters.max_late
    return Reason(
        "arrives_late",
        f"{len(s.late)} eligible offer(s) arrive only after month {s.last} (needed by month {req.needed_by}, "
        f"at most {max_late} months late counts); the earliest in {when}",
        months=(s.last,),
    )


def _hub_capacity(s: _Survey) -> Reason | None:
    if not s.hub_months:
        return None
    hubs = tuple(sorted(s.hub_months))
    months = tuple(sorted(set().union(*s.hub_months.values())))
    return Reason(
        "hub_capacity",
        f"units left over could arrive only through hub(s) {', '.join(hubs)}, full in month(s) "
        f"{', '.join(map(str, months))}",
        months=months,
        hubs=hubs,
    )


def _funds_exhausted(s: _Survey) -> Reason | None:
    if not s.exhausted:
        return None
    return Reason("funds_exhausted", f"eligible funds are used up: {_names(s.exhausted)}")


def _taken_by_higher_priority(prep: Prepared, u: Usage, r: int, s: _Survey) -> Reason | None:
    takers = _takers(prep, u, r, s.timely)
    if not takers:
        return None
    ids = [prep.instance.requirements[t].id for t in takers]
    return Reason(
        "taken_by_higher_priority",
        f"units that could have arrived in time went to requirements where they count at least as much: "
        f"{_names(ids)}",
        requirements=tuple(ids),
    )


def _new_type_avoided(s: _Survey) -> Reason | None:
    if not s.avoided:
        return None
    return Reason(
        "new_type_avoided",
        f"eligible offers ({_names(s.avoided)}) would bring an item type new to the fleet; the penalty "
        f"outweighs their value",
    )


def _unused_offer(s: _Survey) -> Reason | None:
    if not s.spare:
        return None
    return Reason(
        "unused_offer",
        f"eligible offers still had units that could arrive in time: {_names(s.spare)}",
    )


def _not_enough_offered(prep: Prepared, s: _Survey) -> Reason:
    inst = prep.instance
    named = _names(
        sorted(
            {inst.tranches[i].id if kind == TRANCHE else inst.funds[i].id for kind, i in s.timely}
        )
    )
    return Reason(
        "not_enough_offered",
        f"every eligible offer that arrives in time is used ({named}); together they hold too few",
    )


def _takers(prep: Prepared, u: Usage, r: int, timely: list[tuple[int, int]]) -> list[int]:
    inst = prep.instance
    k = prep.class_of[r]
    last = prep.classes[k].last
    found: set[int] = set()
    for source in timely:
        for other, month in u.receivers.get(source, ()):
            if other == r or month > last or other in found:
                continue
            if prep.value(prep.class_of[other], month) >= prep.value(k, month) - TOL:
                found.add(other)
    return sorted(
        found, key=lambda n: (inst.requirements[n].priority, inst.requirements[n].needed_by, n)
    )


class LineReasons:
    """One sentence per plan line: why this offer, and why this month."""

    def __init__(self, prep: Prepared, u: Usage) -> None:
        self.prep = prep
        self.u = u
        inst = prep.instance
        self.spare_first: list[
            tuple[int, str] | None
        ] = []  # per pool: earliest ready offer with units left
        for pool in prep.pools:
            best: tuple[int, str] | None = None
            for by_month in pool.origins.values():
                for e, ts in by_month.items():
                    for t in ts:
                        if u.used[t] < inst.tranches[t].quantity and (best is None or e < best[0]):
                            best = (e, inst.tranches[t].id)
            price = prep.price[pool.item_type] or 0.0
            for f in pool.funds:
                e = prep.funds_ready[f]
                if (
                    e < prep.horizon
                    and inst.funds[f].amount_eur - u.spent[f] >= price - TOL
                    and (best is None or e < best[0])
                ):
                    best = (e, inst.funds[f].id)
            self.spare_first.append(best)
        self.class_first: dict[int, tuple[int, str] | None] = {}
        for k, ps in _pools_of(prep).items():
            firsts = [f for f in (self.spare_first[p] for p in ps) if f is not None]
            self.class_first[k] = min(firsts) if firsts else None

    def __call__(self, line: Line) -> str:
        prep, inst = self.prep, self.prep.instance
        req = inst.requirements[line.requirement]
        m = line.month
        if line.kind == TRANCHE:
            tranche = inst.tranches[line.source]
            ready, hub = prep.ready[line.source], tranche.hub
            who = f"{tranche.donor}'s tranche {tranche.id}"
        else:
            offer = inst.funds[line.source]
            ready, hub = prep.funds_ready[line.source], offer.hub
            who = f"{offer.donor}'s funds {offer.id} ({offer.channel}) buying {prep.type_ids[line.item_type]}"
        mass = prep.mass[line.item_type]
        if m == ready:
            timing = "earliest arrival"
        elif hub is not None and any(
            self.u.hub_full(prep, hub, mm, mass) for mm in range(ready, m)
        ):
            timing = f"arrival held back by hub {hub} capacity"
        else:
            timing = "arrival"
        late = f", {m - req.needed_by} months late" if m > req.needed_by else ""
        first = self.class_first.get(prep.class_of[line.requirement])
        if first is None or first[0] >= m:
            earlier = "no earlier eligible offer was free"
        elif m <= req.needed_by:
            earlier = "it is on time, so an earlier offer would add nothing"
        else:
            earlier = f"eligible offer {first[1]} ready in month {first[0]} still had units left"
        return f"{timing} (month {m}, needed by month {req.needed_by}{late}) from {who}; {earlier}"
