"""The resilience pages' tables as a person reads them in Excel: the same rows the page shows, under translated
labels, with figures as numbers and codes turned into their labels. Views answer `?table=<name>&format=` with
one of these; nothing here reads the database (the page's selector already did)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nsatu.core.tables import yes_no
from nsatu.engine.coverage import RequirementCoverage
from nsatu.engine.interop.concentration import Concentration
from nsatu.engine.interop.consolidation import OfferReview, Standardise
from nsatu.engine.interop.duplicates import DuplicateGroup
from nsatu.engine.interop.fleet import Record
from nsatu.engine.interop.scenario import Comparison
from nsatu.pledges.models import PledgeStatus
from nsatu.resilience.selectors import (
    DATASET_NAMES,
    ConcentrationView,
    ConsolidationView,
    OfferRow,
    group_label,
)

Row = list[object]


@dataclass(frozen=True)
class Download:
    """One table of a page: its file name, its header and its rows."""

    filename: str
    header: list[str]
    rows: Iterator[Row]


def dataset_name(code: str) -> str:
    """A register by its publisher's name ("SIPRI" for "sipri"); a pledge entered here says so."""
    return DATASET_NAMES.get(code, code) if code else _("entered")


def pledge_status(code: str) -> str:
    return str(PledgeStatus(code).label) if code in PledgeStatus.values else code


def record_text(r: Record) -> str:
    """A pledge record as the consolidation page names it: "SIPRI row 146 (Delivered, 2023)"."""
    where = dataset_name(r.dataset)
    if r.row:
        where = _("%(dataset)s row %(row)s") % {"dataset": where, "row": r.row}
    details = [pledge_status(r.status)]
    if r.year:
        details.append(str(r.year))
    if r.announced_on:
        details.append(date_format(r.announced_on, "SHORT_DATE_FORMAT"))
    return f"{where} ({', '.join(details)})"


def _share(value: float) -> Decimal:
    return Decimal(str(round(value, 4)))


def _named(donors: Mapping[str, str], code: str) -> str:
    return donors.get(code, code)


# Scenarios ---------------------------------------------------------------------------------------------


def comparison_areas(c: Comparison, areas: Mapping[str, str], kinds: Mapping[str, str]) -> Download:
    return Download(
        "scenario-areas.csv",
        [
            _("Capability area"),
            _("Unit kind"),
            _("Needed"),
            _("Baseline"),
            _("Scenario"),
            _("Change"),
            _("Mean coverage, baseline"),
            _("Mean coverage, scenario"),
        ],
        (
            [
                areas.get(d.key, d.key),
                kinds.get(d.unit_kind, d.unit_kind),
                d.quantity,
                d.base,
                d.scenario,
                d.change,
                d.base_mean,
                d.scenario_mean,
            ]
            for d in c.by_area
        ),
    )


def comparison_requirements(
    c: Comparison, kinds: Mapping[str, str], donors: Mapping[str, str]
) -> Download:
    return Download(
        "scenario-requirements.csv",
        [
            _("Priority"),
            _("Reference"),
            _("Requirement"),
            _("Unit kind"),
            _("Needed"),
            _("Baseline"),
            _("Scenario"),
            _("Change"),
            _("Donors (baseline)"),
        ],
        (
            [
                row.coverage.need.priority,
                row.delta.key,
                row.delta.label,
                kinds.get(row.delta.unit_kind, row.delta.unit_kind),
                row.delta.quantity,
                row.delta.base,
                row.delta.scenario,
                row.delta.change,
                "; ".join(f"{_named(donors, d)} {q}" for d, q in row.donors),
            ]
            for row in c.requirement_rows
        ),
    )


def _shares(k: Concentration, donors: Mapping[str, str]) -> str:
    return "; ".join(f"{_named(donors, d)} {round(s * 100)} %" for d, s in k.shares)


def concentration_areas(
    con: ConcentrationView,
    areas: Mapping[str, str],
    kinds: Mapping[str, str],
    donors: Mapping[str, str],
) -> Download:
    return Download(
        "concentration-areas.csv",
        [
            _("Capability area"),
            _("Unit kind"),
            _("Units"),
            _("Donors"),
            _("Shares"),
            _("HHI"),
        ],
        (
            [
                areas.get(k.key, k.key),
                kinds.get(k.unit_kind, k.unit_kind),
                k.units,
                k.donors,
                _shares(k, donors),
                _share(k.hhi),
            ]
            for k in con.areas
        ),
    )


def concentration_requirements(con: ConcentrationView, donors: Mapping[str, str]) -> Download:
    return Download(
        "concentration-requirements.csv",
        [
            _("Reference"),
            _("Requirement"),
            _("Units"),
            _("Largest donor"),
            _("Share"),
            _("HHI"),
        ],
        (
            [
                k.key,
                k.label,
                k.units,
                _named(donors, k.top[0]) if k.top else None,
                _share(k.top[1]) if k.top else None,
                _share(k.hhi) if k.donors else None,
            ]
            for k in con.requirements
        ),
    )


# Consolidation -----------------------------------------------------------------------------------------


def _standardise(rows: Sequence[Standardise]) -> Download:
    return Download(
        "standardise.csv",
        [
            _("Capability area"),
            _("Standardise on (units, share)"),
            _("Share of units"),
            _("Other types"),
            _("Other types (units)"),
        ],
        (
            [
                group_label(s.group),
                "; ".join(f"{t.name} ({t.units}, {round(t.share * 100)} %)" for t in s.core),
                _share(s.core_share),
                len(s.others),
                "; ".join(f"{t.name} ({t.units})" for t in s.others),
            ]
            for s in rows
        ),
    )


def _reviews(rows: Sequence[OfferReview], donors: Mapping[str, str]) -> Download:
    return Download(
        "offers-adding-types.csv",
        [
            _("Item type"),
            _("Offers"),
            _("Units"),
            _("Burden added"),
            _("Fielded alternatives"),
            _("Swap partners"),
        ],
        (
            [
                r.name,
                "; ".join(f"{_named(donors, o.donor)} {o.units}" for o in r.offers),
                r.units,
                r.effect.burden_added,
                "; ".join(f"{a.name} ({a.units})" for a in r.alternatives),
                ", ".join(_named(donors, d) for d in r.swap_donors),
            ]
            for r in rows
        ),
    )


def _duplicates(view: ConsolidationView) -> Download:
    def item_name(g: DuplicateGroup) -> str:
        item = view.items.get(g.item_id)
        return item.name if item is not None else ""

    return Download(
        "duplicates.csv",
        [_("Donor"), _("Item type"), _("Quantity"), _("Keep"), _("Merge its sources into it")],
        (
            [
                _named(view.donors, g.donor),
                item_name(g),
                g.quantity,
                record_text(g.keep),
                "; ".join(record_text(r) for r in g.merged_sources),
            ]
            for g in view.duplicates
        ),
    )


def _over(rows: Sequence[RequirementCoverage], kinds: Mapping[str, str]) -> Download:
    return Download(
        "over-coverage.csv",
        [
            _("Reference"),
            _("Requirement"),
            _("Unit kind"),
            _("Needed"),
            _("Committed"),
            _("Beyond need"),
        ],
        (
            [
                o.need.reference,
                o.need.title,
                kinds.get(o.need.unit_kind, o.need.unit_kind),
                o.need.quantity,
                o.stages.committed,
                o.over,
            ]
            for o in rows
        ),
    )


CONSOLIDATION_TABLES = ("standardise", "offers", "duplicates", "over")


def consolidation_table(
    name: str, view: ConsolidationView, kinds: Mapping[str, str]
) -> Download | None:
    """The consolidation page's table `name` (one of CONSOLIDATION_TABLES); None for any other name."""
    tables: dict[str, Callable[[], Download]] = {
        "standardise": lambda: _standardise(view.standardise),
        "offers": lambda: _reviews(view.reviews, view.donors),
        "duplicates": lambda: _duplicates(view),
        "over": lambda: _over(view.over, kinds),
    }
    make = tables.get(name)
    return make() if make is not None else None


# Fleet -------------------------------------------------------------------------------------------------


def offer_effects(
    rows: Sequence[OfferRow], areas: Mapping[str, str], donors: Mapping[str, str]
) -> Download:
    return Download(
        "open-offers.csv",
        [
            _("Donor"),
            _("Item type"),
            _("Firm"),
            _("Capability area"),
            _("Units"),
            _("New type"),
            _("Types before"),
            _("Types after"),
            _("Effective types before"),
            _("Effective types after"),
            _("Burden before"),
            _("Burden after"),
        ],
        (
            [
                _named(donors, o.donor),
                o.item.name,
                yes_no(o.firm),
                areas.get(o.item.capability_area, o.item.capability_area),
                o.units,
                yes_no(o.effect.new_type),
                o.effect.before.type_count,
                o.effect.after.type_count,
                _share(o.effect.before.effective_types),
                _share(o.effect.after.effective_types),
                o.effect.before.burden,
                o.effect.after.burden,
            ]
            for o in rows
        ),
    )
