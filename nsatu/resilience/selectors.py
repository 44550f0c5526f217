"""Reads of the interoperability and resilience pages: every figure from records the user may see.

The engine (nsatu.engine.interop) computes; this module reads through the visibility selectors (inputs.py)
and hands the results to views, the API, exports and the briefing (briefing_selectors.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nsatu.aid.selectors import duplicate_group_list
from nsatu.catalogue.models import CapabilityArea
from nsatu.core.actors import Reader
from nsatu.coverage.selectors import CoverageView, requirement_coverage_get
from nsatu.engine.coverage import RequirementCoverage
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
from nsatu.engine.interop.duplicates import DuplicateGroup
from nsatu.engine.interop.fleet import (
    KIEL,
    ORYX,
    REGISTERS,
    SIPRI,
    FleetEntry,
    Item,
    SourceRef,
    fleet_by_item,
)
from nsatu.engine.interop.fragmentation import (
    Fragmentation,
    OfferEffect,
    by_area,
    by_area_and_calibre,
    fragmentation,
    offer_effect,
)
from nsatu.engine.interop.scenario import Comparison, Rule, compare, unit_values
from nsatu.engine.logistics import fleet_available
from nsatu.logistics.repair_selectors import units_under_repair
from nsatu.parties.selectors import party_visible
from nsatu.resilience.horizon import Horizon
from nsatu.resilience.inputs import (
    OPEN_OFFER,
    ItemInfo,
    PledgeRow,
    fleet_entries,
    interop_items,
    interop_pledges,
)

GROUPINGS = {"area": by_area, "calibre": by_area_and_calibre}


def donor_names(*, user: Reader) -> dict[str, str]:
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


def world_read(*, user: Reader) -> World:
    items = interop_items(user=user)
    pledges = interop_pledges(user=user, items=items)
    return World(items, pledges, fleet_entries(pledges), units_under_repair(user=user))


# The registers by the names their publishers give them (data, not translated).
DATASET_NAMES = {SIPRI: "SIPRI", ORYX: "Oryx", KIEL: "Kiel"}


def _dataset_name(code: str) -> str:
    return DATASET_NAMES.get(code, code) if code else _("entered here")


def _rows_text(sources: list[SourceRef]) -> list[str]:
    """ "SIPRI rows 146, 171" for the rows of one dataset; pledges entered here by their id."""
    by_dataset: dict[str, list[str]] = defaultdict(list)
    for s in sources:
        by_dataset[s.dataset].append(str(s.row) if s.row is not None else f"#{s.pledge_id}")
    return [
        ngettext("%(dataset)s row %(rows)s", "%(dataset)s rows %(rows)s", len(refs))
        % {"dataset": _dataset_name(dataset), "rows": ", ".join(refs)}
        for dataset, refs in by_dataset.items()
    ]


def _source_label(s: SourceRef) -> str:
    if s.row is not None:
        return _("%(dataset)s row %(row)s") % {"dataset": _dataset_name(s.dataset), "row": s.row}
    return _("%(dataset)s pledge %(id)s") % {"dataset": _dataset_name(s.dataset), "id": s.pledge_id}


def area_label(code: str) -> str:
    return str(CapabilityArea(code).label) if code in CapabilityArea.values else code


def group_label(group: str) -> str:
    """A fragmentation group as a person reads it: "Artillery · 155 mm" for the stored "artillery · 155 mm"."""
    area, sep, calibre = group.partition(" · ")
    if not sep:
        return area_label(area)
    # A no-break space keeps "155 mm" together where a narrow cell wraps.
    shown = _("calibre unknown") if calibre == "?" else calibre.replace(" mm", "\xa0mm")
    return f"{area_label(area)} · {shown}"


def _machine_rows(sources: list[SourceRef]) -> list[str]:
    """The API's and `nsatu export`'s form, by dataset code and in English: machines read it."""
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
        return _machine_rows([s for s in self.entry.sources if s.counted])

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

    @property
    def counted_text(self) -> list[str]:
        return _rows_text([s for s in self.entry.sources if s.counted])

    @property
    def also_text(self) -> list[str]:
        return [
            (
                _("%(source)s: %(units)s committed")
                if s.dataset == KIEL
                else _("%(source)s: %(units)s")
            )
            % {"source": _source_label(s), "units": s.units}
            for s in self.entry.sources
            if not s.counted
        ]


@dataclass
class FleetView:
    rows: list[FleetRow]  # platforms with fielded units
    munitions: list[FleetRow]  # delivered ammunition and missiles: consumed, not fielded
    unnumbered: list[FleetRow]  # reported delivered without a number
    # Item name and units away for repair: fielded above, but not available (the fragmentation and compatibility
    # figures count the fleet without them).
    under_repair: list[tuple[str, int]] = field(default_factory=list)


def fleet_register_get(*, user: Reader, world: World | None = None) -> FleetView:
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
    *, user: Reader, grouping: str = "area", world: World | None = None
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


def compatibility_get(*, user: Reader, world: World | None = None) -> list[FamilyRow]:
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


def offer_effects_list(*, user: Reader, world: World | None = None) -> list[OfferRow]:
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


def duplicate_list(*, user: Reader) -> list[DuplicateGroup]:
    return duplicate_group_list(user=user)


def coverage_get(*, user: Reader, horizon: Horizon) -> CoverageView:
    """The one coverage of requirements (nsatu.coverage) over this horizon."""
    return requirement_coverage_get(user=user, as_of=horizon.as_of, horizon_months=horizon.months)


@dataclass
class ConsolidationView:
    standardise: list[Standardise]
    reviews: list[OfferReview]
    duplicates: list[DuplicateGroup]
    over: list[RequirementCoverage]
    unused: list[tuple[Item, Decimal]]  # committed units no requirement took
    items: dict[int, Item]
    donors: dict[str, str]


def consolidation_get(
    *, user: Reader, horizon: Horizon, world: World | None = None
) -> ConsolidationView:
    """Types to standardise on, offers adding a type for few units, duplicates, over-coverage, unused supply."""
    w = world or world_read(user=user)
    items, fleet = w.engine_items, w.fleet
    view = coverage_get(user=user, horizon=horizon)
    requested = [n.eligible[0] for n in view.inputs.needs if n.eligible]
    return ConsolidationView(
        standardise=standardise_on(fleet, items, requested=requested),
        reviews=offers_adding_types(_open_offers(w), fleet, items),
        duplicates=duplicate_list(user=user),
        over=over_covered(view.result),
        unused=[
            (items[i], st.committed) for i, st in view.result.unused if i in items and st.committed
        ],
        items=items,
        donors=donor_names(user=user),
    )


@dataclass
class ConcentrationView:
    areas: list[conc.Concentration]
    requirements: list[conc.Concentration]
    single_donor: list[conc.Concentration] = field(default_factory=list)


def concentration_get(
    *, user: Reader, horizon: Horizon, coverage: CoverageView | None = None
) -> ConcentrationView:
    result = (coverage or coverage_get(user=user, horizon=horizon)).result
    reqs = conc.by_requirement(result)
    return ConcentrationView(conc.by_area(result), reqs, [c for c in reqs if c.single_donor])


def scenario_compare(
    *,
    user: Reader,
    rules: list[Rule],
    horizon: Horizon,
    coverage: CoverageView | None = None,
    items: dict[int, ItemInfo] | None = None,
) -> Comparison:
    """The one coverage, baseline beside the scenario (ScenarioError on bad rules or an unknown donor)."""
    inputs = (coverage or coverage_get(user=user, horizon=horizon)).inputs
    known = items if items is not None else interop_items(user=user)
    values = unit_values(inputs.ledger.lines, {i: info.unit_value_eur for i, info in known.items()})
    return compare(
        inputs.needs,
        inputs.parcels,
        rules,
        as_of=inputs.as_of,
        horizon=inputs.horizon,
        out_of_service=inputs.out_of_service,
        values=values,
        donors=donor_names(user=user).keys(),
    )


@dataclass
class FleetPage:
    register: FleetView
    fragmentation: list[Fragmentation]
    families: list[FamilyRow]
    offers: list[OfferRow]
    donors: dict[str, str]


def fleet_page_get(*, user: Reader, grouping: str = "area") -> FleetPage:
    w = world_read(user=user)
    return FleetPage(
        fleet_register_get(user=user, world=w),
        fragmentation_list(user=user, grouping=grouping, world=w),
        compatibility_get(user=user, world=w),
        offer_effects_list(user=user, world=w),
        donor_names(user=user),
    )


# The register's columns a person sorts by (`?sort=`), each read off a row; core.paging.sort_of names them.
REGISTER_ORDER: dict[str, tuple[str, ...]] = {
    "area": ("area",),
    "item": ("item",),
    "donor": ("donor",),
    "fielded": ("fielded",),
}


def fleet_register_rows(
    *,
    rows: list[FleetRow],
    donors: dict[str, str],
    area: str = "",
    donor: str = "",
    text: str = "",
    order: tuple[str, ...] = ("area",),
) -> list[FleetRow]:
    """The register as filtered and ordered by the page's filters and sort (the whole list, before paging):
    the register is computed from the registers in memory, so it is ordered here rather than by the database."""
    wanted = text.strip().casefold()
    picked = [
        r
        for r in rows
        if (not area or r.item.capability_area == area)
        and (not donor or r.entry.donor == donor)
        and (not wanted or wanted in r.item.name.casefold())
    ]
    keys = {
        "area": lambda r: area_label(r.item.capability_area).casefold(),
        "item": lambda r: r.item.name.casefold(),
        "donor": lambda r: donors.get(r.entry.donor, r.entry.donor).casefold(),
        "fielded": lambda r: r.entry.quantity,
    }
    # Stable sorts from the last field to the first give the order of all fields; the row's own
    # order (area, type, donor) settles ties, as the primary key does for a database list.
    for name in reversed(order):
        key = keys.get(name.lstrip("-"))
        if key is not None:
            picked.sort(key=key, reverse=name.startswith("-"))
    return picked


def fleet_donor_choices(*, rows: list[FleetRow], donors: dict[str, str]) -> list[tuple[str, str]]:
    codes = {r.entry.donor for r in rows}
    return sorted(((c, donors.get(c, c)) for c in codes), key=lambda c: c[1].casefold())
