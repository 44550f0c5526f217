"""The coverage as rows of figures: one shape for the page, the API and the exports, so that every surface
shows the same numbers, rounded the same way. No reads here: the selectors hand their results in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nsatu.aid.selectors import line_sources_text
from nsatu.catalogue.models import CapabilityArea
from nsatu.core.tables import Table, yes_no
from nsatu.coverage.results import CoverageView
from nsatu.engine.coverage import STAGES, AreaCoverage, RequirementCoverage, Stages
from nsatu.engine.ledger import Ledger
from nsatu.needs.display import quantity_stated
from nsatu.needs.models import PeriodChoice, UnitKindChoice

SHARE_PLACES = Decimal("0.0001")
STAGE_LABELS = {
    "announced": gettext_lazy("Announced"),
    "committed": gettext_lazy("Committed"),
    "allocated": gettext_lazy("Allocated"),
    "shipped": gettext_lazy("Shipped"),
    "delivered": gettext_lazy("Delivered"),
    "in_service": gettext_lazy("In service"),
}
CENTS = Decimal("0.01")

EXPORT_COLUMNS = [
    "reference",
    "unit_kind",
    "needed",
    *STAGES,
    "covered_share",
    "illustrative",
]


def figure(value: Decimal) -> Decimal:
    """A quantity as shown: whole units without decimals, anything else to the cent."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(CENTS)


def share(value: Decimal) -> Decimal:
    return value.quantize(SHARE_PLACES)


def stage_figures(stages: Stages) -> dict[str, Decimal]:
    return {name: figure(v) for name, v in stages.as_dict().items()}


@dataclass(frozen=True)
class CoverageRow:
    requirement_id: int
    reference: str
    title: str
    capability_area: str
    unit_kind: str
    unit: str
    stated: str  # the quantity as stated, e.g. "10,000 rounds per month"
    rate: bool  # stated per day, month or year: `needed` is the rate over the horizon
    priority: int
    needed: Decimal
    stages: dict[str, Decimal]
    covered_share: Decimal
    gap: Decimal
    over: Decimal
    illustrative: bool  # the requirement is, or part of its figures come from illustrative aid
    illustrative_committed: Decimal  # committed units from illustrative aid lines (demo offers)
    lines: int  # aid lines that make up its coverage

    @property
    def announced(self) -> Decimal:
        return self.stages["announced"]

    @property
    def committed(self) -> Decimal:
        return self.stages["committed"]

    @property
    def allocated(self) -> Decimal:
        return self.stages["allocated"]

    @property
    def shipped(self) -> Decimal:
        return self.stages["shipped"]

    @property
    def delivered(self) -> Decimal:
        return self.stages["delivered"]

    @property
    def in_service(self) -> Decimal:
        return self.stages["in_service"]


@dataclass(frozen=True)
class AreaRow:
    capability_area: str
    unit_kind: str
    requirements: int
    needed: Decimal
    stages: dict[str, Decimal]
    covered_share: Decimal
    fully_covered: int
    rows: tuple[CoverageRow, ...]


def coverage_row(
    view: CoverageView, rc: RequirementCoverage, illustrative_lines: frozenset[str]
) -> CoverageRow:
    requirement = view.inputs.requirements[rc.need.requirement_id]
    demo = sum((s.committed for line, _, s in rc.by_line if line in illustrative_lines), Decimal(0))
    return CoverageRow(
        requirement_id=rc.need.requirement_id,
        reference=rc.need.reference,
        title=rc.need.title,
        capability_area=rc.need.capability_area,
        unit_kind=rc.need.unit_kind,
        unit=requirement.unit,
        stated=quantity_stated(requirement),
        rate=requirement.period != PeriodChoice.TOTAL,
        priority=rc.need.priority,
        needed=figure(rc.need.quantity),
        stages=stage_figures(rc.stages),
        covered_share=share(rc.covered_share),
        gap=figure(rc.gap),
        over=figure(rc.over),
        illustrative=rc.need.illustrative or demo > 0,
        illustrative_committed=figure(demo),
        lines=len(rc.by_line),
    )


def coverage_rows(view: CoverageView) -> list[CoverageRow]:
    demo = frozenset(line.id for line in view.inputs.ledger.lines if line.illustrative)
    return [coverage_row(view, rc, demo) for rc in view.result.requirements]


def area_rows(view: CoverageView, rows: list[CoverageRow] | None = None) -> list[AreaRow]:
    rows = coverage_rows(view) if rows is None else rows
    return [_area_row(area, rows) for area in view.result.areas]


def _area_row(area: AreaCoverage, rows: list[CoverageRow]) -> AreaRow:
    members = tuple(
        r
        for r in rows
        if (r.capability_area, r.unit_kind) == (area.capability_area, area.unit_kind)
    )
    return AreaRow(
        capability_area=area.capability_area,
        unit_kind=area.unit_kind,
        requirements=area.requirements,
        needed=figure(area.needed),
        stages=stage_figures(area.stages),
        covered_share=share(area.covered_share),
        fully_covered=area.fully_covered,
        rows=members,
    )


def coverage_table(view: CoverageView) -> Table:
    """The export's columns, one row per requirement in the order of the coverage (most pressing first)."""
    return Table(
        columns=list(EXPORT_COLUMNS),
        rows=[
            [
                r.reference,
                r.unit_kind,
                r.needed,
                *(r.stages[s] for s in STAGES),
                r.covered_share,
                r.illustrative,
            ]
            for r in coverage_rows(view)
        ],
    )


def page_table(view: CoverageView) -> Table:
    """The page's download: the export's figures with the title, area and unit a reader needs beside
    them, under labels a reader knows (not the codes)."""
    areas = dict(CapabilityArea.choices)
    kinds = dict(UnitKindChoice.choices)
    return Table(
        columns=[
            _("Reference"),
            _("Title"),
            _("Capability area"),
            _("Priority"),
            _("Unit kind"),
            _("Unit"),
            _("Needed"),
            *(str(STAGE_LABELS[s]) for s in STAGES),
            _("Covered share"),
            _("Illustrative"),
        ],
        rows=[
            [
                r.reference,
                r.title,
                str(areas.get(r.capability_area, r.capability_area)),
                r.priority,
                str(kinds.get(r.unit_kind, r.unit_kind)),
                r.unit,
                r.needed,
                *(r.stages[s] for s in STAGES),
                r.covered_share,
                yes_no(r.illustrative),
            ]
            for r in coverage_rows(view)
        ],
    )


AID_LINE_COLUMNS = [
    "line",
    "donor",
    "recipient",
    "kind",
    "item_type",
    "announced",
    "committed",
    "delivered",
    "value_eur",
    "disagreements",
    "illustrative",
    "sources",
]


def aid_line_table(ledger: Ledger, item_names: Mapping[int, str]) -> Table:
    return Table(
        columns=list(AID_LINE_COLUMNS),
        rows=[
            [
                line.id,
                line.donor,
                line.recipient,
                line.kind,
                item_names.get(line.item_id, "") if line.item_id is not None else "",
                line.announced,
                line.committed,
                line.delivered,
                line.value_eur,
                "; ".join(line.disagreements),
                line.illustrative,
                line_sources_text(line),
            ]
            for line in ledger.lines
        ],
    )
