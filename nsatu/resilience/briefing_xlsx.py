"""The contact-group briefing as an XLSX (openpyxl): the figures of the PDF, one sheet per section, under the
labels a person reads (translated, like the PDF) with codes turned into their labels."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from nsatu.core.tables import xlsx_sheet, yes_no
from nsatu.coverage.rows import STAGE_LABELS, page_table
from nsatu.engine.coverage import STAGES
from nsatu.resilience.briefing_selectors import Briefing
from nsatu.resilience.selectors import group_label


def _stage_labels() -> list[str]:
    return [str(STAGE_LABELS[stage]) for stage in STAGES]


def briefing_xlsx(b: Briefing) -> bytes:
    wb = Workbook(write_only=True)

    def sheet(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        xlsx_sheet(wb, title, header, rows)

    result = b.coverage.result
    # The coverage page's own download: the same rows and labels a reader gets there.
    coverage = page_table(b.coverage)
    sheet(_("Coverage"), coverage.columns, coverage.rows)
    sheet(
        _("Coverage by area"),
        [
            _("Capability area"),
            _("Unit kind"),
            _("Requirements"),
            _("Needed"),
            *_stage_labels(),
            _("Covered share"),
            _("Fully covered"),
        ],
        [
            [
                b.area(a.capability_area),
                b.unit_labels.get(a.unit_kind, a.unit_kind),
                a.requirements,
                a.needed,
                *(a.stages.as_dict()[stage] for stage in STAGES),
                a.covered_share,
                a.fully_covered,
            ]
            for a in result.areas
        ],
    )
    sheet(
        _("Gaps"),
        [
            _("Reference"),
            _("Title"),
            _("Capability area"),
            _("Unit kind"),
            _("Priority"),
            _("Needed"),
            _("Committed"),
            _("Gap"),
            _("Announced"),
        ],
        [
            [
                c.need.reference,
                c.need.title,
                b.area(c.need.capability_area),
                b.unit_labels.get(c.need.unit_kind, c.need.unit_kind),
                c.need.priority,
                c.need.quantity,
                c.stages.committed,
                c.gap,
                c.stages.announced,
            ]
            for c in result.requirements
            if c.gap > 0
        ],
    )
    sheet(
        _("Fragmentation"),
        [
            _("Capability area and calibre"),
            _("Units"),
            _("Types"),
            _("Effective types"),
            _("Ammunition families"),
            _("Maintenance families"),
            _("Burden"),
            _("Types (units)"),
        ],
        [
            [
                group_label(f.group),
                f.units,
                f.type_count,
                round(f.effective_types, 4),
                len(f.ammunition_families),
                len(f.maintenance_families),
                f.burden,
                "; ".join(f"{n} ({q})" for _i, n, q in f.types),
            ]
            for f in [*b.fragmentation, *b.calibres]
        ],
    )
    c = b.comparison
    sheet(
        _("Resilience"),
        [
            _("Capability area or requirement"),
            _("Unit kind"),
            _("Needed"),
            _("Baseline"),
            _("Scenario"),
            _("Change"),
            _("Mean coverage, baseline"),
            _("Mean coverage, scenario"),
        ],
        [
            [
                b.area(a.key),
                b.unit_labels.get(a.unit_kind, a.unit_kind),
                a.quantity,
                a.base,
                a.scenario,
                a.change,
                a.base_mean,
                a.scenario_mean,
            ]
            for a in c.by_area
        ]
        + [
            [
                f"{r.key} {r.label}",
                b.unit_labels.get(r.unit_kind, r.unit_kind),
                r.quantity,
                r.base,
                r.scenario,
                r.change,
                r.base_mean,
                r.scenario_mean,
            ]
            for r in c.by_requirement
        ],
    )
    sheet(
        _("Concentration"),
        [
            _("Capability area or requirement"),
            _("Unit kind"),
            _("Units"),
            _("Donors"),
            _("Largest donor"),
            _("Share of the largest donor"),
            _("HHI"),
            _("Single donor"),
        ],
        [
            [
                name,
                b.unit_labels.get(k.unit_kind, k.unit_kind),
                k.units,
                k.donors,
                b.donor(k.top[0]) if k.top else "",
                k.top[1] if k.top else None,
                round(k.hhi, 4),
                yes_no(k.single_donor),
            ]
            for name, k in [
                *((b.area(k.key), k) for k in b.concentration.areas),
                *((f"{k.key} {k.label}", k) for k in b.concentration.requirements),
            ]
        ],
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
