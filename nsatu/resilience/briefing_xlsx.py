"""The contact-group briefing as an XLSX (openpyxl): the figures of the PDF, one sheet per section."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from nsatu.core.tables import neutralise
from nsatu.resilience.selectors import Briefing


def briefing_xlsx(b: Briefing) -> bytes:
    wb = Workbook(write_only=True)

    def sheet(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        ws = wb.create_sheet(title)
        ws.append([str(h) for h in header])
        for row in rows:
            ws.append([neutralise(float(v) if isinstance(v, Decimal) else v) for v in row])

    cov = b.coverage
    sheet(
        _("Coverage"),
        [
            "capability_area",
            "requirements",
            "needed",
            "covered",
            "announced",
            "units_share",
            "mean_share",
        ],
        [
            [
                a.capability_area,
                a.requirements,
                a.quantity,
                a.covered,
                a.announced,
                a.share,
                a.mean_share,
            ]
            for a in cov.areas
        ],
    )
    sheet(
        _("Gaps"),
        [
            "reference",
            "title",
            "capability_area",
            "priority",
            "needed",
            "covered",
            "gap",
            "announced",
        ],
        [
            [
                c.need.reference,
                c.need.title,
                c.need.capability_area,
                c.need.priority,
                c.need.quantity,
                c.covered,
                c.gap,
                c.announced,
            ]
            for c in cov.requirements
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
            "needed",
            "baseline",
            "scenario",
            "change",
            "mean_share_before",
            "mean_share_after",
        ],
        [
            [a.key, a.quantity, a.base, a.scenario, a.change, a.base_mean, a.scenario_mean]
            for a in c.by_area
        ]
        + [
            [
                f"{r.key} {r.label}",
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
        ["key", "units", "donors", "top_donor", "top_share", "hhi", "single_donor"],
        [
            [
                k.key,
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
