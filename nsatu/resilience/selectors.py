"""Reads of the interoperability and resilience pages: every figure from records the user may see.

The engine (nsatu.engine.interop) computes; this module reads through the visibility selectors (inputs.py)
and hands the results to views, the API, exports and the briefing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.core.errors import NotFound
from nsatu.core.visibility import visible_q
from nsatu.engine.interop import concentration as conc
from nsatu.engine.interop.compat import AMMUNITION, MAINTENANCE, compatibility_graph
from nsatu.engine.interop.consolidation import (
    Offer,
    OfferReview,
    Standardise,
    offers_adding_types,
    over_covered,
    standardise_on,
)
from nsatu.engine.interop.duplicates import DuplicateGroup, duplicates
from nsatu.engine.interop.fleet import KIEL, REGISTERS, FleetEntry, Item, SourceRef, fleet_by_item
from nsatu.engine.interop.fragmentation import (
    Fragmentation,
    OfferEffect,
    by_area,
    by_area_and_calibre,
    fragmentation,
    offer_effect,
)
from nsatu.engine.interop.scenario import (
    Comparison,
    CoverageResult,
    NeedCoverage,
    Rule,
    add_months,
    compare,
    coverage,
)
from nsatu.engine.logistics import fleet_available
from nsatu.logistics.selectors import units_under_repair
from nsatu.parties.selectors import party_visible
from nsatu.resilience.inputs import (
    OPEN_OFFER,
    ItemInfo,
    PledgeRow,
    coverage_needs,
    coverage_supply,
    fleet_entries,
    interop_items,
    interop_pledges,
)
from nsatu.resilience.models import Scenario, ScenarioRule

GROUPINGS = {"area": by_area, "calibre": by_area_and_calibre}
DEFAULT_HORIZON_MONTHS = 12
US_STOPS = "usa-stops"


def scenario_visible(*, user: Any) -> QuerySet[Scenario]:
    return Scenario.objects.filter(visible_q(user))


def scenario_list(*, user: Any) -> QuerySet[Scenario]:
    rules = Prefetch("rules", queryset=ScenarioRule.objects.select_related("donor").order_by("id"))
    return scenario_visible(user=user).select_related("owner", "created_by").prefetch_related(rules)


def scenario_get(*, user: Any, pk: int) -> Scenario:
    scenario = scenario_list(user=user).filter(pk=pk).first()
    if scenario is None:
        raise NotFound(pk)
    return scenario


def scenario_rules(scenario: Scenario) -> list[Rule]:
    return [
        Rule(
            r.donor.code,
            r.kind,
            start=r.start,
            months=r.months or 0,
            amount=r.amount,
            unit=r.unit or "EUR",
        )
        for r in scenario.rules.all()
    ]


def preset_rules(name: str, *, as_of: dt.date) -> list[Rule]:
    """Named scenarios: "usa-stops" is the United States withdrawing from the as-of date."""
    if name == US_STOPS:
        return [Rule("USA", "withdraw", start=as_of)]
    raise NotFound(name)


def donor_names(*, user: Any) -> dict[str, str]:
    return dict(party_visible(user=user).values_list("code", "name"))


@dataclass
class World:
    """Everything one page reads, once."""

    items: dict[int, ItemInfo]
    pledges: list[PledgeRow]
    entries: list[FleetEntry]
    under_repair: dict[int, int] = field(
        default_factory=dict
    )  # item type id -> units away at a repair facility

    @property
    def engine_items(self) -> dict[int, Item]:
        return {i: info.item for i, info in self.items.items()}

    @property
    def fleet(self) -> dict[int, int]:
        """Units available: equipment away for repair is not in the fleet until it returns."""
        return fleet_available(fleet_by_item(self.entries), self.under_repair)


def world_read(*, user: Any) -> World:
    items = interop_items(user=user)
    pledges = interop_pledges(user=user, items=items)
    return World(items, pledges, fleet_entries(pledges), units_under_repair(user=user))


def _rows_text(sources: list[SourceRef]) -> list[str]:
    """ "sipri rows 146, 171" for the rows of one dataset; pledges entered here by their id."""
    by_dataset: dict[str, list[str]] = defaultdict(list)
    for s in sources:
        by_dataset[s.dataset].append(str(s.row) if s.row is not None else f"#{s.pledge_id}")
    return [
        f"{dataset or 'entered'} {'row' if len(refs) == 1 else 'rows'} {', '.join(refs)}"
        for dataset, refs in by_dataset.items()
    ]


@dataclass
class FleetRow:
    entry: FleetEntry
    item: Item

    @property
    def counted(self) -> list[str]:
        return _rows_text([s for s in self.entry.sources if s.counted])

    @property
    def also(self) -> list[str]:
        return [
            f"{s.label()}: {s.units}{' committed' if s.dataset == KIEL else ''}"
            for s in self.entry.sources
            if not s.counted
        ]

    def source_text(self) -> str:
        text = f"{self.entry.donor}: {', '.join(self.counted) or '-'}"
        return text + (
            f" (also reported, not counted: {'; '.join(self.also)})" if self.also else ""
        )


@dataclass
class FleetView:
    rows: list[FleetRow]  # platforms with fielded units
    munitions: list[FleetRow]  # delivered ammunition and missiles: consumed, not fielded
    unnumbered: list[FleetRow]  # reported delivered without a number
    # Item name and units away for repair: fielded above, but not available (the fragmentation and compatibility
    # figures count the fleet without them).
    under_repair: list[tuple[str, int]] = field(default_factory=list)


def fleet_register_get(*, user: Any, world: World | None = None) -> FleetView:
    w = world or world_read(user=user)
    items = w.engine_items
    view = FleetView([], [], [])
    for entry in w.entries:
        row = FleetRow(entry, items[entry.item_id])
        if entry.quantity <= 0:
            if any(s.dataset in REGISTERS[:2] for s in entry.sources) and not row.item.munition:
                view.unnumbered.append(row)
        elif row.item.munition:
            view.munitions.append(row)
        else:
            view.rows.append(row)
    for rows in (view.rows, view.munitions, view.unnumbered):
        rows.sort(key=lambda r: (r.item.capability_area, r.item.name, r.entry.donor))
    view.under_repair = sorted((items[i].name, n) for i, n in w.under_repair.items() if i in items)
    return view


def fragmentation_list(
    *, user: Any, grouping: str = "area", world: World | None = None
) -> list[Fragmentation]:
    w = world or world_read(user=user)
    return fragmentation(w.fleet, w.engine_items, GROUPINGS[grouping])


@dataclass
class FamilyRow:
    kind: str
    family: str
    types: list[tuple[str, int]]  # fielded types and their units

    @property
    def units(self) -> int:
        return sum(q for _n, q in self.types)


def compatibility_get(*, user: Any, world: World | None = None) -> list[FamilyRow]:
    """Ammunition families the fleet fires, and maintenance families shared by several fielded types."""
    w = world or world_read(user=user)
    items, fleet = w.engine_items, w.fleet
    fielded = [items[i] for i, q in fleet.items() if q > 0 and not items[i].munition]
    graph = compatibility_graph(fielded)
    rows = []
    for kind in (AMMUNITION, MAINTENANCE):
        for family in sorted({e.family for e in graph.edges if e.kind == kind}):
            members = [(items[i].name, fleet[i]) for i in graph.members(kind, family)]
            if kind == AMMUNITION or len(members) > 1:
                rows.append(FamilyRow(kind, family, sorted(members, key=lambda m: (-m[1], m[0]))))
    return rows


@dataclass
class OfferRow:
    pledge_id: int
    donor: str
    item: Item
    units: int
    firm: bool
    effect: OfferEffect


def _open_offers(w: World) -> list[Offer]:
    offers = []
    for p in w.pledges:
        rec = p.record
        if (
            rec.dataset in REGISTERS
            or rec.item_id is None
            or rec.status not in OPEN_OFFER
            or not rec.quantity
            or p.kind != "in_kind"
        ):
            continue
        units = rec.quantity - (rec.delivered or 0)
        if units > 0:
            offers.append(
                Offer(rec.pledge_id, rec.donor, rec.item_id, units, rec.status != "announced")
            )
    return offers


def offer_effects_list(*, user: Any, world: World | None = None) -> list[OfferRow]:
    """How each open offer would change the fragmentation of its capability area, new types first."""
    w = world or world_read(user=user)
    items, fleet = w.engine_items, w.fleet
    rows = []
    for offer in _open_offers(w):
        effect = offer_effect(fleet, items, item_id=offer.item_id, units=offer.units)
        if effect is not None:
            rows.append(
                OfferRow(
                    offer.pledge_id,
                    offer.donor,
                    items[offer.item_id],
                    offer.units,
                    offer.firm,
                    effect,
                )
            )
    return sorted(
        rows,
        key=lambda r: (-r.effect.burden_added, r.item.capability_area, r.item.name, r.pledge_id),
    )


def duplicate_list(*, user: Any, world: World | None = None) -> list[DuplicateGroup]:
    w = world or world_read(user=user)
    return duplicates(p.record for p in w.pledges if p.kind == "in_kind")


@dataclass
class Horizon:
    as_of: dt.date
    months: int

    @property
    def end(self) -> dt.date:
        return add_months(self.as_of, self.months)


def horizon_for(*, as_of: dt.date | None = None, months: int | None = None) -> Horizon:
    return Horizon(as_of or timezone.localdate(), months or DEFAULT_HORIZON_MONTHS)


def coverage_get(*, user: Any, horizon: Horizon, world: World | None = None) -> CoverageResult:
    w = world or world_read(user=user)
    needs = coverage_needs(user=user, items=w.items)
    supply = coverage_supply(items=w.items, pledges=w.pledges)
    return coverage(needs, supply, as_of=horizon.as_of, horizon=horizon.end)


@dataclass
class ConsolidationView:
    standardise: list[Standardise]
    reviews: list[OfferReview]
    duplicates: list[DuplicateGroup]
    over: list[NeedCoverage]
    unused: list[tuple[Item, Decimal]]
    items: dict[int, Item]
    donors: dict[str, str]


def consolidation_get(
    *, user: Any, horizon: Horizon, world: World | None = None
) -> ConsolidationView:
    """Types to standardise on, offers adding a type for few units, duplicates, over-coverage, unused supply."""
    w = world or world_read(user=user)
    items, fleet = w.engine_items, w.fleet
    needs = coverage_needs(user=user, items=w.items)
    requested = [n.eligible[0] for n in needs if n.eligible]
    result = coverage_get(user=user, horizon=horizon, world=w)
    return ConsolidationView(
        standardise=standardise_on(fleet, items, requested=requested),
        reviews=offers_adding_types(_open_offers(w), fleet, items),
        duplicates=duplicate_list(user=user, world=w),
        over=over_covered(result),
        unused=[(items[i], q) for i, q in result.unused],
        items=items,
        donors=donor_names(user=user),
    )


@dataclass
class ConcentrationView:
    areas: list[conc.Concentration]
    requirements: list[conc.Concentration]
    single_donor: list[conc.Concentration] = field(default_factory=list)


def concentration_get(
    *, user: Any, horizon: Horizon, world: World | None = None
) -> ConcentrationView:
    result = coverage_get(user=user, horizon=horizon, world=world)
    reqs = conc.by_requirement(result)
    return ConcentrationView(conc.by_area(result), reqs, [c for c in reqs if c.single_donor])


def scenario_compare(
    *, user: Any, rules: list[Rule], horizon: Horizon, world: World | None = None
) -> Comparison:
    """Coverage by capability area and requirement, baseline beside the scenario (ScenarioError on bad rules)."""
    w = world or world_read(user=user)
    needs = coverage_needs(user=user, items=w.items)
    supply = coverage_supply(items=w.items, pledges=w.pledges)
    return compare(needs, supply, rules, as_of=horizon.as_of, horizon=horizon.end)


@dataclass
class PlanComparison:
    rows: list[Any]  # nsatu.engine.interop.plan.PlanDelta
    by_area: list[tuple[str, int, int, int]]  # area, quantity, base, scenario
    base_weighted: float
    scenario_weighted: float
    status: str


def scenario_plan_compare(*, user: Any, rules: list[Rule], horizon: Horizon) -> PlanComparison:
    """The allocation plan solved without and with the scenario (nsatu.planning builds the instance)."""
    from nsatu.engine.allocation import SolveFailed, solve
    from nsatu.engine.interop.plan import plan_deltas, scenario_instance
    from nsatu.planning.instance import allocation_instance_build

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


@dataclass
class Briefing:
    """What a contact-group briefing shows: coverage and gaps, fragmentation, resilience (United States stops)."""

    generated_at: dt.datetime
    prepared_for: str
    horizon: Horizon
    coverage: CoverageResult
    fragmentation: list[Fragmentation]
    calibres: list[Fragmentation]
    comparison: Comparison
    concentration: ConcentrationView
    area_labels: dict[str, str]
    donors: dict[str, str]

    def area(self, key: str) -> str:
        return self.area_labels.get(key, key)

    def donor(self, code: str) -> str:
        return self.donors.get(code, code)


def briefing_get(*, user: Any, horizon: Horizon) -> Briefing:
    from nsatu.catalogue.models import CapabilityArea

    w = world_read(user=user)
    result = coverage_get(user=user, horizon=horizon, world=w)
    reqs = conc.by_requirement(result)
    return Briefing(
        generated_at=timezone.now(),
        prepared_for=(user.get_full_name() or user.username)
        if getattr(user, "is_authenticated", False)
        else "",
        horizon=horizon,
        coverage=result,
        fragmentation=fragmentation_list(user=user, world=w),
        calibres=[
            f
            for f in fragmentation_list(user=user, grouping="calibre", world=w)
            if f.type_count > 1 and not f.group.endswith("?")
        ],
        comparison=scenario_compare(
            user=user, rules=preset_rules(US_STOPS, as_of=horizon.as_of), horizon=horizon, world=w
        ),
        concentration=ConcentrationView(
            conc.by_area(result), reqs, [c for c in reqs if c.single_donor]
        ),
        area_labels={str(k): str(v) for k, v in CapabilityArea.choices},
        donors=donor_names(user=user),
    )


@dataclass
class FleetPage:
    register: FleetView
    fragmentation: list[Fragmentation]
    families: list[FamilyRow]
    offers: list[OfferRow]
    donors: dict[str, str]


def fleet_page_get(*, user: Any, grouping: str = "area") -> FleetPage:
    w = world_read(user=user)
    return FleetPage(
        fleet_register_get(user=user, world=w),
        fragmentation_list(user=user, grouping=grouping, world=w),
        compatibility_get(user=user, world=w),
        offer_effects_list(user=user, world=w),
        donor_names(user=user),
    )


@dataclass
class ScenarioPage:
    comparison: Comparison | None
    plan: PlanComparison | None
    saved: list[Scenario]
    concentration: ConcentrationView | None
    donors: dict[str, str]


def scenario_page_get(
    *, user: Any, rules: list[Rule] | None, horizon: Horizon, with_plan: bool = False
) -> ScenarioPage:
    """A scenario beside the baseline (when rules are given), else today's concentration; and the saved ones.

    Raises ScenarioError for rules the engine refuses."""
    w = world_read(user=user)
    comparison = plan = concentration = None
    if rules:
        comparison = scenario_compare(user=user, rules=rules, horizon=horizon, world=w)
        if with_plan:
            plan = scenario_plan_compare(user=user, rules=rules, horizon=horizon)
    else:
        concentration = concentration_get(user=user, horizon=horizon, world=w)
    return ScenarioPage(
        comparison, plan, list(scenario_list(user=user)[:50]), concentration, donor_names(user=user)
    )
