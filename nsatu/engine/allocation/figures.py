"""A run's coverage figures: every requirement in scope, planned or left out, before and after each plan.

"Before" is the one coverage's `allocated` stage (engine/coverage.py: earmarked, accepted in a plan,
shipped or delivered); the plan adds its lines on top, each requirement capped at what it needs over the
horizon. Area totals are kept per unit kind (items and rounds are never added together); a requirement
left out of the run is counted with its need and what it had before, and nothing planned.

The priority-weighted coverage of a plan is Σ w·share / Σ w, share = min(planned, open) / open, over every
requirement in items or rounds with an open need (open = needed − before), the planned and the left-out
alike (w = priority_weight). Shares, not units: a sum of 800,000 shells and 10 air defence systems would
be the shells' figure alone. A requirement for funds is no plan's to cover; it is shown in its own unit
kind and in the list of what was left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nsatu.engine.allocation.instance import priority_weight
from nsatu.engine.allocation.result import Plan

UNIT_KINDS_PLANNED = ("items", "rounds")


@dataclass(frozen=True)
class RunNeed:
    reference: str
    title: str
    capability_area: str
    unit_kind: str
    priority: int
    needed: int  # over the horizon, whole units (a rate already turned into a quantity)
    before: int  # the coverage's allocated stage
    left_out: str = ""  # why the run did not plan it ("" = planned)

    @property
    def open(self) -> int:
        return max(self.needed - self.before, 0)


@dataclass(frozen=True)
class RequirementFigures:
    need: RunNeed
    baseline: int  # before + what the status quo adds, capped at the need
    plan: int


@dataclass(frozen=True)
class AreaFigures:
    capability_area: str
    unit_kind: str
    requirements: int
    left_out: int
    needed: int
    before: int  # each requirement capped at its need, then summed
    baseline: int
    plan: int


@dataclass(frozen=True)
class RunFigures:
    requirements: tuple[RequirementFigures, ...]
    areas: tuple[AreaFigures, ...]  # by area, then unit kind
    plan_weighted_coverage: float
    baseline_weighted_coverage: float


def served(plan: Plan) -> dict[str, int]:
    units: dict[str, int] = defaultdict(int)
    for line in plan.lines:
        units[line.requirement_id] += line.quantity
    return dict(units)


def _weighted(needs: Iterable[RunNeed], added: dict[str, int]) -> float:
    total = covered = 0.0
    for need in needs:
        if need.unit_kind not in UNIT_KINDS_PLANNED or need.open <= 0:
            continue
        weight = priority_weight(need.priority)
        total += weight
        covered += weight * min(added.get(need.reference, 0), need.open) / need.open
    return covered / total if total else 0.0


def run_figures(needs: Sequence[RunNeed], plan: Plan, base: Plan) -> RunFigures:
    by_plan, by_base = served(plan), served(base)
    rows = []
    for need in needs:
        before = min(need.before, need.needed)
        rows.append(
            RequirementFigures(
                need=need,
                baseline=min(before + by_base.get(need.reference, 0), need.needed),
                plan=min(before + by_plan.get(need.reference, 0), need.needed),
            )
        )
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 6)
    for row in rows:
        n = row.need
        t = totals[(n.capability_area, n.unit_kind)]
        t[0] += 1
        t[1] += bool(n.left_out)
        t[2] += n.needed
        t[3] += min(n.before, n.needed)
        t[4] += row.baseline
        t[5] += row.plan
    areas = tuple(
        AreaFigures(area, kind, *values) for (area, kind), values in sorted(totals.items())
    )
    return RunFigures(
        requirements=tuple(rows),
        areas=areas,
        plan_weighted_coverage=_weighted(needs, by_plan),
        baseline_weighted_coverage=_weighted(needs, by_base),
    )
