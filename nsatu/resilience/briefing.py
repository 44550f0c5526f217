"""The contact-group briefing as a PDF (ReportLab, with its own vector charts) and as an XLSX (openpyxl).

ReportLab draws the PDF and its charts in one pure-Python library with wheels: no system libraries (WeasyPrint
needs Pango and a browser-like layout engine) and no second plotting stack (matplotlib) to keep in step.
Both files are built from the same nsatu.resilience.selectors.Briefing, so they carry the same figures.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from nsatu.core.tables import neutralise
from nsatu.engine.interop.scenario import Rule
from nsatu.resilience.selectors import Briefing

# DejaVu covers Cyrillic (the Ukrainian interface) and names such as "Fırtına"; ReportLab's bundled Vera is the
# fallback where the Debian font is missing.
FONT_FILES = [
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("Vera.ttf", "VeraBd.ttf"),
]
SERIES = [colors.HexColor("#1f4e79"), colors.HexColor("#c55a11"), colors.HexColor("#7f7f7f")]
MAX_GAP_ROWS = 25


def _fonts() -> tuple[str, str]:
    if "Briefing" in pdfmetrics.getRegisteredFontNames():
        return "Briefing", "Briefing-Bold"
    for regular, bold in FONT_FILES:
        if regular.startswith("/") and not Path(regular).exists():
            continue
        pdfmetrics.registerFont(TTFont("Briefing", regular))
        pdfmetrics.registerFont(TTFont("Briefing-Bold", bold))
        return "Briefing", "Briefing-Bold"
    return "Helvetica", "Helvetica-Bold"


def _pct(value: Decimal | float) -> str:
    return f"{float(value) * 100:.1f} %"


def _units(value: Decimal | int) -> str:
    number = Decimal(value)
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.2f}"


class _Doc:
    def __init__(self, b: Briefing) -> None:
        self.b = b
        regular, bold = _fonts()
        base = getSampleStyleSheet()
        self.font = regular
        self.h1 = ParagraphStyle(
            "h1", parent=base["Heading1"], fontName=bold, fontSize=16, spaceAfter=6
        )
        self.h2 = ParagraphStyle(
            "h2", parent=base["Heading2"], fontName=bold, fontSize=12, spaceBefore=8
        )
        self.body = ParagraphStyle(
            "body", parent=base["BodyText"], fontName=regular, fontSize=9, leading=12
        )
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=7.5, leading=9)
        self.bold = bold

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text), style or self.body)

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float]
    ) -> Table:
        data = [[self.p(str(h), self.cell) for h in header]]
        data += [[self.p(str(c), self.cell) for c in row] for row in rows]
        table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ee")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa5b1")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ]
            )
        )
        return table

    def bars(
        self,
        labels: Sequence[str],
        series: Sequence[tuple[str, Sequence[float]]],
        *,
        max_value: float | None,
        unit: str,
    ) -> Flowable:
        if not labels or not any(len(values) for _label, values in series):
            # ReportLab's axes cannot be drawn over no categories; a briefing of an empty ledger still prints
            return self.p(_("Nothing to chart yet."), self.cell)
        height = 28 + 16 * len(labels) * max(len(series), 1) // 2 + 30
        drawing = Drawing(170 * mm, height)
        chart = HorizontalBarChart()
        chart.x, chart.y = 45 * mm, 26
        chart.width, chart.height = 110 * mm, height - 40
        chart.data = [list(values) for _label, values in series] or [[0.0]]
        chart.categoryAxis.categoryNames = list(labels)
        chart.categoryAxis.labels.fontName = self.font
        chart.categoryAxis.labels.fontSize = 7
        chart.categoryAxis.reverseDirection = True
        chart.valueAxis.labels.fontName = self.font
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.valueMin = 0
        if max_value is not None:
            chart.valueAxis.valueMax = max_value
        chart.valueAxis.labelTextFormat = lambda v: f"{v:.0f}{unit}"
        chart.barSpacing = 1
        for n in range(len(series)):
            chart.bars[n].fillColor = SERIES[n % len(SERIES)]
            chart.bars[n].strokeColor = None
        drawing.add(chart)
        legend = Legend()
        legend.x, legend.y = 45 * mm, 10
        legend.fontName, legend.fontSize = self.font, 7
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.colorNamePairs = [
            (SERIES[n % len(SERIES)], label) for n, (label, _v) in enumerate(series)
        ]
        drawing.add(legend)
        return drawing


def rule_text(rule: Rule, donor: str) -> str:
    if rule.kind == "withdraw":
        return _("%(donor)s withdraws from %(date)s") % {"donor": donor, "date": rule.start}
    if rule.kind == "delay":
        return _("%(donor)s delays everything by %(n)s months") % {"donor": donor, "n": rule.months}
    return _("%(donor)s caps its support at %(amount)s %(unit)s") % {
        "donor": donor,
        "amount": rule.amount,
        "unit": rule.unit,
    }


def _cover(d: _Doc) -> list[Flowable]:
    b = d.b
    h = b.horizon
    return [
        d.p(_("Contact-group briefing: coverage, gaps, fragmentation, resilience"), d.h1),
        d.p(
            _(
                "As of %(as_of)s; undelivered supply counts if it arrives by %(end)s (%(months)s months). Prepared "
                "%(when)s%(for)s."
            )
            % {
                "as_of": h.as_of,
                "end": h.end,
                "months": h.months,
                "when": b.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
                "for": _(" for %(who)s") % {"who": b.prepared_for} if b.prepared_for else "",
            }
        ),
        d.p(
            _(
                "Only records releasable to the reader are counted. Fielded equipment is the fleet register: SIPRI "
                "delivered numbers per donor and type, Oryx where SIPRI reports no delivery, plus receipts recorded "
                "here; the Kiel tracker's commitments are not deliveries. The United States scenario stops every "
                "undelivered US pledge arriving on or after the as-of date. Rules: docs/interoperability.md."
            )
        ),
        d.p(
            _(
                "Public data: SIPRI Arms Transfers Database; Oryx; Kiel Institute Ukraine Support Tracker "
                "(Trebesch et al.). Requirements marked illustrative are public statements, not official requests."
            )
        ),
    ]


def _coverage(d: _Doc) -> list[Flowable]:
    b = d.b
    areas = b.coverage.areas
    out: list[Flowable] = [
        PageBreak(),
        d.p(_("Coverage"), d.h1),
        d.p(
            _(
                "Firm coverage of open requirements (committed, allocated or delivered; announced shown apart), by "
                "capability area. The mean share counts each requirement once, whatever its unit."
            )
        ),
    ]
    out.append(
        d.bars(
            [b.area(a.capability_area) for a in areas],
            [(_("Mean requirement coverage"), [float(a.mean_share) * 100 for a in areas])],
            max_value=100,
            unit=" %",
        )
    )
    out.append(
        d.table(
            [
                _("Capability area"),
                _("Requirements"),
                _("Needed"),
                _("Covered"),
                _("Announced"),
                _("Units share"),
                _("Mean share"),
            ],
            [
                [
                    b.area(a.capability_area),
                    a.requirements,
                    _units(a.quantity),
                    _units(a.covered),
                    _units(a.announced),
                    _pct(a.share),
                    _pct(a.mean_share),
                ]
                for a in areas
            ],
            [42, 20, 24, 22, 22, 20, 20],
        )
    )
    gaps = sorted(
        (c for c in b.coverage.requirements if c.gap > 0),
        key=lambda c: (c.need.priority, -c.gap, c.need.reference),
    )[:MAX_GAP_ROWS]
    out += [
        d.p(_("Gaps"), d.h2),
        d.p(_("Open requirements not fully covered, most pressing first.")),
    ]
    out.append(
        d.table(
            [
                _("Priority"),
                _("Reference"),
                _("Requirement"),
                _("Needed"),
                _("Covered"),
                _("Gap"),
                _("Announced"),
            ],
            [
                [
                    c.need.priority,
                    c.need.reference,
                    c.need.title,
                    _units(c.need.quantity),
                    _units(c.covered),
                    _units(c.gap),
                    _units(c.announced),
                ]
                for c in gaps
            ],
            [14, 22, 62, 22, 20, 20, 20],
        )
    )
    return out


def _fragmentation(d: _Doc) -> list[Flowable]:
    b = d.b
    rows = b.fragmentation
    out: list[Flowable] = [
        PageBreak(),
        d.p(_("Fragmentation"), d.h1),
        d.p(
            _(
                "Fielded platform types per capability area. Effective types = 1 / Herfindahl index of the units per "
                "type; burden = ammunition families + maintenance families the area must sustain."
            )
        ),
    ]
    out.append(
        d.bars(
            [b.area(f.group) for f in rows],
            [
                (_("Types"), [float(f.type_count) for f in rows]),
                (_("Effective types"), [round(f.effective_types, 1) for f in rows]),
            ],
            max_value=None,
            unit="",
        )
    )
    out.append(
        d.table(
            [
                _("Capability area"),
                _("Units"),
                _("Types"),
                _("Effective types"),
                _("Ammunition families"),
                _("Maintenance families"),
                _("Burden"),
            ],
            [
                [
                    b.area(f.group),
                    _units(f.units),
                    f.type_count,
                    f"{f.effective_types:.2f}",
                    len(f.ammunition_families),
                    len(f.maintenance_families),
                    f.burden,
                ]
                for f in rows
            ],
            [42, 22, 16, 24, 26, 26, 18],
        )
    )
    out += [d.p(_("By calibre"), d.h2)]
    out.append(
        d.table(
            [_("Group"), _("Types"), _("Effective types"), _("Burden"), _("Types (units)")],
            [
                [
                    f.group,
                    f.type_count,
                    f"{f.effective_types:.2f}",
                    f.burden,
                    "; ".join(f"{name} ({q})" for _i, name, q in f.types),
                ]
                for f in b.calibres
            ],
            [36, 14, 20, 14, 86],
        )
    )
    return out


def _resilience(d: _Doc) -> list[Flowable]:
    b = d.b
    c = b.comparison
    out: list[Flowable] = [
        PageBreak(),
        d.p(_("Resilience"), d.h1),
        d.p(
            _(
                "Scenario: the United States withdraws from %(date)s; its undelivered pledges "
                "stop counting. Coverage by "
                "capability area, baseline beside the scenario."
            )
            % {"date": c.as_of}
        ),
    ]
    for effect in c.effects:
        out.append(
            d.p(
                _("%(rule)s: %(units)s units on %(lines)s supply lines stop counting.")
                % {
                    "rule": rule_text(effect.rule, b.donor(effect.rule.donor)),
                    "units": _units(effect.units_stopped),
                    "lines": effect.lines,
                }
            )
        )
    out.append(
        d.bars(
            [b.area(a.key) for a in c.by_area],
            [
                (_("Baseline"), [float(a.base_mean) * 100 for a in c.by_area]),
                (_("United States stops"), [float(a.scenario_mean) * 100 for a in c.by_area]),
            ],
            max_value=100,
            unit=" %",
        )
    )
    out.append(
        d.table(
            [
                _("Capability area"),
                _("Needed"),
                _("Baseline"),
                _("Scenario"),
                _("Change"),
                _("Mean share before"),
                _("Mean share after"),
            ],
            [
                [
                    b.area(a.key),
                    _units(a.quantity),
                    _units(a.base),
                    _units(a.scenario),
                    _units(a.change),
                    _pct(a.base_mean),
                    _pct(a.scenario_mean),
                ]
                for a in c.by_area
            ],
            [40, 24, 22, 22, 20, 22, 22],
        )
    )
    changed = [r for r in c.by_requirement if r.change != 0]
    out += [d.p(_("Requirements that lose coverage"), d.h2)]
    out.append(
        d.table(
            [
                _("Reference"),
                _("Requirement"),
                _("Needed"),
                _("Baseline"),
                _("Scenario"),
                _("Change"),
            ],
            [
                [
                    r.key,
                    r.label,
                    _units(r.quantity),
                    _units(r.base),
                    _units(r.scenario),
                    _units(r.change),
                ]
                for r in changed
            ]
            or [["—", _("none"), "", "", "", ""]],
            [24, 70, 22, 20, 20, 16],
        )
    )
    out += [
        d.p(_("Concentration"), d.h2),
        d.p(
            _(
                "Donor shares of the firm units covering each area's requirements; HHI 1 means a single donor."
            )
        ),
    ]
    out.append(
        d.table(
            [
                _("Capability area"),
                _("Units"),
                _("Donors"),
                _("Largest donor"),
                _("Share"),
                _("HHI"),
            ],
            [
                [
                    b.area(k.key),
                    _units(k.units),
                    k.donors,
                    b.donor(k.top[0]) if k.top else "—",
                    _pct(k.top[1]) if k.top else "—",
                    f"{k.hhi:.2f}",
                ]
                for k in b.concentration.areas
            ],
            [42, 24, 16, 46, 20, 16],
        )
    )
    out += [d.p(_("Requirements depending on a single donor"), d.h2)]
    out.append(
        d.table(
            [_("Reference"), _("Requirement"), _("Donor"), _("Units")],
            [
                [k.key, k.label, b.donor(k.shares[0][0]), _units(k.units)]
                for k in b.concentration.single_donor
            ]
            or [["—", _("none"), "", ""]],
            [26, 90, 40, 20],
        )
    )
    return out


def briefing_pdf(b: Briefing) -> bytes:
    buf = io.BytesIO()
    d = _Doc(b)

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(d.font, 7)
        canvas.drawString(
            15 * mm,
            10 * mm,
            _("NSATU coordination · briefing as of %(d)s") % {"d": b.horizon.as_of},
        )
        canvas.drawRightString(195 * mm, 10 * mm, _("page %(n)s") % {"n": doc.page})
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=_("Contact-group briefing"),
        author="nsatu",
        subject=_("Coverage, gaps, fragmentation, resilience"),
    )
    story = [*_cover(d), Spacer(1, 4 * mm), *_coverage(d), *_fragmentation(d), *_resilience(d)]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


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
