"""Independent parts of an instance, solved apart (in processes, or as tasks on a queue) and merged again.

Two offers or requirements belong to one part when some row of the model could hold both: a requirement
with the item types that satisfy it, an offer with the types it can bring or buy and the requirements its
earmarks or exclusions name, and every offer through a hub whose capacity can bind (`capacity_months`)
with the others through it. Budget, producer and new-type rows stay within one offer or one type. No row
of the model therefore crosses two parts, so the sum of the parts' optima is the whole model's optimum, and
a plan of each part within the relative gap of its bound is, summed, within the gap of the sum of the
bounds (docs/allocation-model.md §5).

Parts are grouped into at most `bins` sub-instances of similar size (each itself a valid instance, its
entries in input order) so that N workers get about one N-th of the work each.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, replace
from typing import Any

from nsatu.engine.allocation.aggregate import prepare
from nsatu.engine.allocation.columns import UnionFind
from nsatu.engine.allocation.instance import FundsOffer, Instance, Tranche, priority_weight
from nsatu.engine.allocation.jsonio import validate_instance
from nsatu.engine.allocation.result import (
    Plan,
    PlanLine,
    Reason,
    Shortfall,
    SolveFailed,
    SolveStats,
)
from nsatu.engine.allocation.solve import capacity_months, solve


def _funds_types(instance: Instance, offer: FundsOffer) -> list[str]:
    if offer.item_types:
        return list(offer.item_types)
    return [t.id for t in instance.item_types if t.unit_price_eur]


def _offer_types(instance: Instance, offer: Tranche | FundsOffer) -> list[str]:
    return [offer.item_type] if isinstance(offer, Tranche) else _funds_types(instance, offer)


def _weight(instance: Instance, types: set[str]) -> int:
    """The size of a group of types, to balance the bins: the entries that would go with them."""
    return (
        sum(1 for r in instance.requirements if r.satisfied_by[0] in types)
        + sum(1 for t in instance.tranches if t.item_type in types)
        + sum(
            len(_funds_types(instance, f)) for f in instance.funds if _anchor(instance, f) in types
        )
    )


def _anchor(instance: Instance, offer: FundsOffer) -> str | None:
    types = _funds_types(instance, offer)
    return types[0] if types else None


def type_groups(instance: Instance) -> list[set[str]]:
    """The item types no row of the model links, in order of their first appearance in the catalogue."""
    uf = UnionFind()
    node = {t.id: uf.new() for t in instance.item_types}
    by_id = {r.id: r for r in instance.requirements}
    binding, _ = capacity_months(prepare(instance)) if instance.hubs else ({}, {})
    hub_node = {h: uf.new() for h in binding}

    def join(items: Iterable[str]) -> None:
        nodes = [node[i] for i in items]
        for n in nodes[1:]:
            uf.union(nodes[0], n)

    for req in instance.requirements:
        join(req.satisfied_by)
    offers: list[Tranche | FundsOffer] = [*instance.tranches, *instance.funds]
    for offer in offers:
        types = _offer_types(instance, offer)
        if not types:
            continue  # funds that can buy nothing: in no row but their own budget
        named = [*offer.earmark_requirements, *offer.excluded_requirements]
        join([*types, *(i for r in named for i in by_id[r].satisfied_by)])
        if offer.hub in hub_node:
            uf.union(hub_node[offer.hub], node[types[0]])
    groups: dict[int, set[str]] = {}
    for t in instance.item_types:
        groups.setdefault(uf.find(node[t.id]), set()).add(t.id)
    return list(groups.values())


def partition(instance: Instance, bins: int) -> list[Instance]:
    """At most `bins` sub-instances whose models share no row; one (the instance itself) if it does not split."""
    validate_instance(instance)
    groups = type_groups(instance)
    used = [g for g in groups if any(r.satisfied_by[0] in g for r in instance.requirements)]
    if bins <= 1 or len(used) <= 1:
        return [instance]
    # Largest first into the lightest bin: within 4/3 of the best balance.
    loads = [0] * min(bins, len(used))
    members: list[set[str]] = [set() for _ in loads]
    for group in sorted(used, key=lambda g: -_weight(instance, g)):
        n = loads.index(min(loads))
        loads[n] += _weight(instance, group)
        members[n] |= group
    return [_sub_instance(instance, types, n) for n, types in enumerate(members)]


def _sub_instance(instance: Instance, types: set[str], number: int) -> Instance:
    funds = tuple(f for f in instance.funds if _anchor(instance, f) in types)
    tranches = tuple(t for t in instance.tranches if t.item_type in types)
    offers: tuple[Tranche | FundsOffer, ...] = (*tranches, *funds)
    hubs = {o.hub for o in offers if o.hub is not None}
    return replace(
        instance,
        item_types=tuple(t for t in instance.item_types if t.id in types),
        requirements=tuple(r for r in instance.requirements if r.satisfied_by[0] in types),
        tranches=tranches,
        funds=funds,
        capacities=tuple(c for c in instance.capacities if c.item_type in types),
        hubs=tuple(h for h in instance.hubs if h.id in hubs),
        meta={**instance.meta, "part": str(number)},
    )


def solve_parts(instance: Instance, *, bins: int, workers: int = 1) -> Plan:
    """The plan of `solve`, its parts solved apart: in `workers` processes when there are several."""
    started = time.perf_counter()
    parts = partition(instance, bins)
    if len(parts) == 1:
        return solve(instance)
    if workers > 1:
        # spawn, not fork: the caller may run threads (a worker's heartbeat), which fork does not copy safely.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(min(workers, len(parts)), mp_context=context) as pool:
            plans = list(pool.map(solve, parts))
    else:
        plans = [solve(part) for part in parts]
    return merge(instance, plans, wall_seconds=time.perf_counter() - started)


def merge(instance: Instance, plans: Sequence[Plan], *, wall_seconds: float = 0.0) -> Plan:
    """One plan from the plans of an instance's parts (in part order): figures over the whole instance."""
    lines = tuple(line for plan in plans for line in plan.lines)
    order = {r.id: n for n, r in enumerate(instance.requirements)}
    shortfalls = tuple(
        sorted((s for p in plans for s in p.shortfalls), key=lambda s: order[s.requirement_id])
    )
    covered: dict[str, int] = {}
    for line in lines:
        covered[line.requirement_id] = covered.get(line.requirement_id, 0) + line.quantity
    total_weight = sum(priority_weight(r.priority) for r in instance.requirements)
    covered_weight = sum(
        priority_weight(r.priority) * min(covered.get(r.id, 0), r.quantity) / r.quantity
        for r in instance.requirements
    )
    needed_by = {r.id: r.needed_by for r in instance.requirements}
    delivered = sum(line.quantity for line in lines)
    on_time = sum(line.quantity for line in lines if line.month <= needed_by[line.requirement_id])
    new = {t for p in plans for t in p.new_types}
    objective = sum(p.stats.objective or 0.0 for p in plans)
    bound = sum(p.extra.get("bound", p.stats.objective or 0.0) for p in plans)
    stats = SolveStats(
        status="optimal" if all(p.stats.status == "optimal" for p in plans) else "time_limit",
        objective=objective,
        mip_gap=max(bound - objective, 0.0) / max(1.0, abs(bound)),
        build_seconds=sum(p.stats.build_seconds for p in plans),
        solve_seconds=sum(p.stats.solve_seconds for p in plans),
        columns=sum(p.stats.columns for p in plans),
        rows=sum(p.stats.rows for p in plans),
        components=sum(p.stats.components for p in plans),
        message=f"{len(plans)} independent part(s) solved apart; "
        + "; ".join(f"part {n}: {p.stats.message}" for n, p in enumerate(plans)),
    )
    extra: dict[str, float] = {}
    for plan in plans:
        for key, value in plan.extra.items():
            extra[key] = extra.get(key, 0.0) + value
    extra |= {"parts": float(len(plans)), "wall_seconds": wall_seconds}
    return Plan(
        lines=lines,
        shortfalls=shortfalls,
        stats=stats,
        weighted_coverage=covered_weight / total_weight if total_weight else 0.0,
        on_time_share=on_time / delivered if delivered else 0.0,
        new_types=tuple(t.id for t in instance.item_types if t.id in new),
        extra=extra,
    )


def plan_from_dict(data: dict[str, Any]) -> Plan:
    """The inverse of plan.plan_to_dict: a part's plan kept as JSON (a queue task's result)."""
    return Plan(
        lines=tuple(PlanLine(**line) for line in data["lines"]),
        shortfalls=tuple(
            Shortfall(
                requirement_id=s["requirement_id"],
                quantity=s["quantity"],
                covered=s["covered"],
                reasons=tuple(
                    Reason(
                        code=r["code"],
                        text=r["text"],
                        months=tuple(r["months"]),
                        hubs=tuple(r["hubs"]),
                        requirements=tuple(r["requirements"]),
                    )
                    for r in s["reasons"]
                ),
            )
            for s in data["shortfalls"]
        ),
        stats=SolveStats(**data["stats"]),
        weighted_coverage=data["weighted_coverage"],
        on_time_share=data["on_time_share"],
        new_types=tuple(data["new_types"]),
        extra=dict(data["extra"]),
    )


def failed_stats(stats: SolveStats, part: int) -> SolveStats:
    """A part's failure as the run's: the part named in the message."""
    return SolveStats(**{**asdict(stats), "message": f"part {part}: {stats.message}"})


def solve_or_fail(part: Instance, number: int, run: Callable[[Instance], Plan] = solve) -> Plan:
    try:
        return run(part)
    except SolveFailed as exc:
        raise SolveFailed(failed_stats(exc.stats, number)) from exc
