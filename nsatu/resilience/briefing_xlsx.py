"""The contact-group briefing as an XLSX (openpyxl): the figures of the PDF, one sheet per section."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from nsatu.core.tables import neutralise
from nsatu.coverage.rows import EXPORT_COLUMNS, coverage_rows
from nsatu.engine.coverage import STAGES
from nsatu.resilience.selectors import Briefing

COVERAGE_SHEET = "Coverage"


def briefing_xlsx(b: Briefing) -> bytes:
    wb = Workbook(write_only=True)

    def sheet(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        ws = wb.create_sheet(title)
        ws.append([str(h) for h in header])
        for row in rows:
            ws.append([neutralise(float(v) if isinstance(v, Decimal) else v) for v in row])

    result = b.coverage.result
    # A fixed name, and the rows and columns of `nsatu export coverage` rounded as there: the sheet is read by
    # machines as well as people.
    sheet(
        COVERAGE_SHEET,
        EXPORT_COLUMNS,
        [
            [
                r.reference,
                r.unit_kind,
                r.needed,
                *(r.stages[stage] for stage in STAGES),
                r.covered_share,
                r.illustrative,
            ]
            for r in coverage_rows(b.coverage)
        ],
    )
    sheet(
        _("Coverage by area"),
        [
            "capability_area",
            "unit_kind",
            "requirements",
            "needed",
            *STAGES,
            "covered_share",
            "fully_covered",
        ],
        [
            [
                a.capability_area,
                a.unit_kind,
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
            "reference",
            "title",
            "capability_area",
            "unit_kind",
            "priority",
            "needed",
            "committed",
            "gap",
            "announced",
        ],
        [
            [
                c.need.reference,
                c.need.title,
                c.need.capability_area,
                c.need.unit_kind,
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
            "group",
            "units",
            "types",
            "effective_types",
            "ammunition_families",
            "maintenance_families",
            "burden",
            "types_units",
        ],
        [
            [
                f.group,
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
            "capability_area",
            "unit_kind",
            "needed",
            "baseline",
            "scenario",
            "change",
            "mean_share_before",
            "mean_share_after",
        ],
        [
            [
                a.key,
                a.unit_kind,
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
                r.unit_kind,
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
        ["key", "unit_kind", "units", "donors", "top_donor", "top_share", "hhi", "single_donor"],
        [
            [
                k.key,
                k.unit_kind,
                k.units,
                k.donors,
                k.top[0] if k.top else "",
                k.top[1] if k.top else None,
                round(k.hhi, 4),
                k.single_donor,
            ]
            for k in [*b.concentration.areas, *b.concentration.requirements]
        ],
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
