"""Reads of saved scenarios and of the scenario pages: coverage and the allocation plan under a scenario."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.visibility import visible_q
from nsatu.engine.allocation import SolveFailed, solve
from nsatu.engine.interop.plan import PlanDelta, plan_deltas, scenario_instance
from nsatu.engine.interop.scenario import Comparison, Rule, ScenarioError
from nsatu.parties.selectors import party_visible
from nsatu.planning.instance import allocation_instance_build
from nsatu.resilience.horizon import Horizon, horizon_for
from nsatu.resilience.models import Scenario, ScenarioRule
from nsatu.resilience.presets import scenario_rules
from nsatu.resilience.selectors import (
    ConcentrationView,
    concentration_get,
    coverage_get,
    donor_names,
    scenario_compare,
)


def scenario_visible(*, user: Reader) -> QuerySet[Scenario]:
    return Scenario.objects.filter(visible_q(user))


def scenario_list(*, user: Reader) -> QuerySet[Scenario]:
    rules = Prefetch("rules", queryset=ScenarioRule.objects.select_related("donor").order_by("id"))
    return scenario_visible(user=user).select_related("owner", "created_by").prefetch_related(rules)


def scenario_get(*, user: Reader, pk: int) -> Scenario:
    scenario = scenario_list(user=user).filter(pk=pk).first()
    if scenario is None:
        raise NotFound(pk)
    return scenario


def scenario_donor_choices(*, user: Reader) -> list[tuple[str, str]]:
    """(code, name) of the donors a scenario rule may name: every party the user may read but Ukraine."""
    return list(
        party_visible(user=user).exclude(code="UKR").order_by("name").values_list("code", "name")
    )


@dataclass(frozen=True)
class PlanComparison:
    rows: list[PlanDelta]
    by_area: list[tuple[str, int, int, int]]  # area, quantity, base, scenario
    base_weighted: float
    scenario_weighted: float
    status: str


def scenario_plan_compare(*, user: Reader, rules: list[Rule], horizon: Horizon) -> PlanComparison:
    """The allocation plan solved without and with the scenario (nsatu.planning builds the instance)."""
    built = allocation_instance_build(
        user=user,
        parameters={
            "start": horizon.as_of.strftime("%Y-%m"),
            "horizon": horizon.months,
            "time_limit_s": 60.0,
        },
    )
    instance = built.instance
    if not instance.requirements:
        return PlanComparison([], [], 0.0, 0.0, _("no requirement to plan for"))
    try:
        base = solve(instance)
        changed = scenario_instance(instance, rules)
        scen = solve(changed)
    except SolveFailed as exc:
        return PlanComparison([], [], 0.0, 0.0, str(exc))
    rows = plan_deltas(instance, base, scen)
    areas: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        areas[r.capability_area][0] += r.quantity
        areas[r.capability_area][1] += r.base
        areas[r.capability_area][2] += r.scenario
    return PlanComparison(
        rows,
        [(a, v[0], v[1], v[2]) for a, v in sorted(areas.items())],
        base.weighted_coverage,
        scen.weighted_coverage,
        scen.stats.status,
    )


@dataclass(frozen=True)
class ScenarioPage:
    comparison: Comparison | None
    plan: PlanComparison | None
    saved: list[Scenario]
    concentration: ConcentrationView | None
    donors: dict[str, str]
    # Rules the engine refused: the page then shows today's concentration and says why.
    refused: ScenarioError | None = None


def scenario_page_get(
    *, user: Reader, rules: list[Rule] | None, horizon: Horizon, with_plan: bool = False
) -> ScenarioPage:
    """A scenario beside the baseline (when rules are given), else today's concentration; and the saved ones."""
    view = coverage_get(user=user, horizon=horizon)
    comparison = plan = concentration = None
    refused = None
    if rules:
        try:
            comparison = scenario_compare(user=user, rules=rules, horizon=horizon, coverage=view)
            if with_plan:
                plan = scenario_plan_compare(user=user, rules=rules, horizon=horizon)
        except ScenarioError as exc:
            comparison, plan, refused = None, None, exc
    if comparison is None:
        concentration = concentration_get(user=user, horizon=horizon, coverage=view)
    return ScenarioPage(
        comparison,
        plan,
        list(scenario_list(user=user)[:50]),
        concentration,
        donor_names(user=user),
        refused,
    )


@dataclass(frozen=True)
class ScenarioDetailPage:
    scenario: Scenario
    rules: list[Rule]
    horizon: Horizon
    donor_choices: list[tuple[str, str]]
    page: ScenarioPage


def scenario_detail_page_get(*, user: Reader, pk: int, with_plan: bool) -> ScenarioDetailPage:
    """A saved scenario in the builder, beside the baseline over its own horizon."""
    scenario = scenario_get(user=user, pk=pk)
    rules = scenario_rules(scenario)
    horizon = horizon_for(as_of=scenario.as_of, months=scenario.horizon_months)
    return ScenarioDetailPage(
        scenario,
        rules,
        horizon,
        scenario_donor_choices(user=user),
        scenario_page_get(user=user, rules=rules, horizon=horizon, with_plan=with_plan),
    )


@dataclass(frozen=True)
class ScenarioCompared:
    scenario: Scenario
    comparison: Comparison


def scenario_compared_get(*, user: Reader, pk: int) -> ScenarioCompared:
    """A saved scenario with its comparison over its own horizon (ScenarioError on rules the engine refuses)."""
    scenario = scenario_get(user=user, pk=pk)
    horizon = horizon_for(as_of=scenario.as_of, months=scenario.horizon_months)
    comparison = scenario_compare(user=user, rules=scenario_rules(scenario), horizon=horizon)
    return ScenarioCompared(scenario, comparison)
