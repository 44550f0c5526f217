"""The page furniture of the briefing PDF: fonts, styles, tables and bar charts, and how figures are written."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from nsatu.engine.interop.scenario import PerKind, Rule
from nsatu.needs.models import UnitKindChoice
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


def fonts() -> tuple[str, str]:
    if "Briefing" in pdfmetrics.getRegisteredFontNames():
        return "Briefing", "Briefing-Bold"
    for regular, bold in FONT_FILES:
        if regular.startswith("/") and not Path(regular).exists():
            continue
        pdfmetrics.registerFont(TTFont("Briefing", regular))
        pdfmetrics.registerFont(TTFont("Briefing-Bold", bold))
        return "Briefing", "Briefing-Bold"
    return "Helvetica", "Helvetica-Bold"


def pct(value: Decimal | float) -> str:
    return f"{float(value) * 100:.1f} %"


def units(value: Decimal | int) -> str:
    number = Decimal(value)
    return f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.2f}"


def units_by_kind(per_kind: PerKind) -> str:
    """'491 items and 12,000 rounds': a figure per unit kind, never one sum of rounds and items."""
    labels = dict(UnitKindChoice.choices)
    parts = [
        f"{units(value)} {str(labels.get(kind, _('units'))).lower()}" for kind, value in per_kind
    ]
    if not parts:
        return f"{units(0)} {_('units')}"
    return f" {_('and')} ".join(parts)


class Doc:
    def __init__(self, b: Briefing) -> None:
        self.b = b
        regular, bold = fonts()
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
