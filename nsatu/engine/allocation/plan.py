"""Assembling a Plan from lines, its headline figures, and the JSON form of plans and comparisons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from nsatu.engine.allocation.aggregate import Prepared
from nsatu.engine.allocation.explain import Usage, shortfalls, usage
from nsatu.engine.allocation.instance import priority_weight
from nsatu.engine.allocation.result import Plan, PlanLine, SolveStats
from nsatu.engine.allocation.split import TRANCHE, Line


def line_value(prep: Prepared, line: Line) -> float:
    req = prep.instance.requirements[line.requirement]
    late = max(0, line.month - req.needed_by)
    return (
        priority_weight(req.priority)
        * prep.instance.parameters.lateness_decay**late
        * line.quantity
    )


def assemble(
    prep: Prepared,
    lines: list[Line],
    stats: SolveStats,
    reason: Callable[[Usage], Callable[[Line], str]],
    extra: dict[str, float] | None = None,
) -> Plan:
    inst = prep.instance
    u = usage(prep, lines)
    why = reason(u)
    out: list[PlanLine] = []
    for line in lines:
        if line.kind == TRANCHE:
            source = inst.tranches[line.source]
            kind = "tranche"
            hub = source.hub
            donor, source_id = source.donor, source.id
        else:
            offer = inst.funds[line.source]
            kind, hub, donor, source_id = "funds", offer.hub, offer.donor, offer.id
        out.append(
            PlanLine(
                source_kind=kind,
                source_id=source_id,
                donor=donor,
                requirement_id=inst.requirements[line.requirement].id,
                item_type=prep.type_ids[line.item_type],
                quantity=line.quantity,
                month=line.month,
                hub=hub,
                value=line_value(prep, line),
                reason=why(line),
            )
        )
    # Shares, not units: 800,000 shells and 10 air defence systems are not one sum (§8).
    total_weight = sum(priority_weight(r.priority) for r in inst.requirements)
    covered_weight = sum(
        priority_weight(r.priority) * min(u.covered[n], r.quantity) / r.quantity
        for n, r in enumerate(inst.requirements)
    )
    delivered = sum(line.quantity for line in lines)
    on_time = sum(
        line.quantity
        for line in lines
        if line.month <= inst.requirements[line.requirement].needed_by
    )
    objective = sum(line.value for line in out) - inst.parameters.new_type_penalty * len(
        u.new_types
    )
    stats = SolveStats(**{**asdict(stats), "objective": objective})
    return Plan(
        lines=tuple(out),
        shortfalls=tuple(shortfalls(prep, u)),
        stats=stats,
        weighted_coverage=covered_weight / total_weight if total_weight else 0.0,
        on_time_share=on_time / delivered if delivered else 0.0,
        new_types=u.new_types,
        extra=dict(extra or {}),
    )


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    data = asdict(plan)
    for shortfall in data["shortfalls"]:
        for reason in shortfall["reasons"]:
            for key in ("months", "hubs", "requirements"):
                reason[key] = list(reason[key])
    data["lines"] = list(data["lines"])
    data["shortfalls"] = list(data["shortfalls"])
    data["new_types"] = list(data["new_types"])
    return data


def compare(plan_a: Plan, plan_b: Plan) -> dict[str, Any]:
    """The three headline figures side by side (b minus a as the difference)."""

    def row(a: float, b: float) -> dict[str, float]:
        return {"a": a, "b": b, "difference": b - a}

    return {
        "weighted_coverage": row(plan_a.weighted_coverage, plan_b.weighted_coverage),
        "on_time_share": row(plan_a.on_time_share, plan_b.on_time_share),
        "new_types": {
            "a": len(plan_a.new_types),
            "b": len(plan_b.new_types),
            "difference": len(plan_b.new_types) - len(plan_a.new_types),
            "a_types": list(plan_a.new_types),
            "b_types": list(plan_b.new_types),
        },
        "objective": row(plan_a.stats.objective or 0.0, plan_b.stats.objective or 0.0),
        "status": {"a": plan_a.stats.status, "b": plan_b.stats.status},
    }
