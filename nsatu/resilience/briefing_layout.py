"""The page furniture of the briefing PDF: fonts, styles, tables and bar charts, and how figures are written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paragraph import split

from nsatu.core.templatetags.nsatu_ui import num
from nsatu.engine.interop.scenario import PerKind, Rule
from nsatu.needs.models import UnitKindChoice
from nsatu.resilience.briefing_selectors import Briefing
from nsatu.resilience.models import CapUnit

# DejaVu covers Cyrillic (the Ukrainian briefing) and names such as "Fırtına"; ReportLab's bundled fonts and
# Vera have no Cyrillic glyphs, so without DejaVu a Ukrainian briefing would print empty boxes.
FONT_DIRS = [
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
]
FONT_NAMES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")


class FontMissing(RuntimeError):
    pass


SERIES = [colors.HexColor("#1f4e79"), colors.HexColor("#c55a11"), colors.HexColor("#7f7f7f")]
MAX_GAP_ROWS = 25
PAD = 3.0  # points either side of a cell's text
TABLE_WIDTH = 180 * mm  # A4 less the margins


def _font_files() -> tuple[Path, Path]:
    for folder in FONT_DIRS:
        regular, bold = (Path(folder) / name for name in FONT_NAMES)
        if regular.exists() and bold.exists():
            return regular, bold
    raise FontMissing(
        "The briefing needs the DejaVu Sans fonts (Cyrillic): install Debian's fonts-dejavu-core "
        f"(looked in {', '.join(FONT_DIRS)})."
    )


def fonts() -> tuple[str, str]:
    if "Briefing" not in pdfmetrics.getRegisteredFontNames():
        regular, bold = _font_files()
        pdfmetrics.registerFont(TTFont("Briefing", str(regular)))
        pdfmetrics.registerFont(TTFont("Briefing-Bold", str(bold)))
    return "Briefing", "Briefing-Bold"


def pct(value: Decimal | float) -> str:
    # A no-break space keeps the figure and its sign on one line of a narrow cell.
    return f"{num(Decimal(str(value)) * 100, 1)}\xa0%"


def units(value: Decimal | int) -> str:
    """A figure as the reader's language writes it (1,234 or 1 234), whole numbers without decimals."""
    return num(value)


def units_2(value: float) -> str:
    """An index or a mean with two decimals, in the reader's notation (7.94 or 7,94)."""
    return num(Decimal(str(round(value, 2))), 2)


def day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


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
            "h1",
            parent=base["Heading1"],
            fontName=bold,
            fontSize=16,
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=1,
        )
        self.h2 = ParagraphStyle(
            "h2", parent=base["Heading2"], fontName=bold, fontSize=12, spaceBefore=8, keepWithNext=1
        )
        self.body = ParagraphStyle(
            "body", parent=base["BodyText"], fontName=regular, fontSize=9, leading=12
        )
        # Words are never cut: the table widths leave room for each cell's longest word.
        self.cell = ParagraphStyle(
            "cell", parent=self.body, fontSize=7.5, leading=9, splitLongWords=0
        )
        self.bold = bold

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text), style or self.body)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
        """A table whose columns are as wide as their content asks, never narrower than their longest word:
        cells wrap between words only, and a table that runs over a page repeats its header."""
        texts = [[str(h) for h in header], *[[str(c) for c in row] for row in rows]]
        size, widths = self._fit(texts)
        head = ParagraphStyle("head", parent=self.cell, fontName=self.bold, fontSize=size)
        cell = ParagraphStyle("cells", parent=self.cell, fontSize=size, leading=size + 1.5)
        data = [[self.p(t, head) for t in texts[0]]]
        data += [[self.p(t, cell) for t in row] for row in texts[1:]]
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ee")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa5b1")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                    ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ]
            )
        )
        return table

    def _fit(self, texts: list[list[str]]) -> tuple[float, list[float]]:
        """The font size and column widths that fit the page: each column gets at least its longest word,
        and the room left goes to the columns whose text is longer than that."""
        for size in (7.5, 7.0, 6.5, 6.0, 5.5):
            least, natural = self._extents(texts, size)
            if sum(least) <= TABLE_WIDTH:
                break
        if sum(natural) <= TABLE_WIDTH:
            return size, natural
        spare = TABLE_WIDTH - sum(least)
        wants = [n - m for n, m in zip(natural, least, strict=True)]
        total = sum(wants) or 1.0
        return size, [m + spare * w / total for m, w in zip(least, wants, strict=True)]

    def _extents(self, texts: list[list[str]], size: float) -> tuple[list[float], list[float]]:
        least = [0.0] * len(texts[0])
        natural = [0.0] * len(texts[0])
        for n, row in enumerate(texts):
            font = self.bold if n == 0 else self.font
            for col, text in enumerate(row):
                words = split(text) or [""]
                widest = max(stringWidth(w, font, size) for w in words)
                least[col] = max(least[col], widest + 2 * PAD + 1)
                natural[col] = max(natural[col], stringWidth(text, font, size) + 2 * PAD + 1)
        return least, natural

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
        return _("%(donor)s withdraws from %(date)s") % {
            "donor": donor,
            "date": day(rule.start) if rule.start else "",
        }
    if rule.kind == "delay":
        return _("%(donor)s delays everything by %(n)s months") % {"donor": donor, "n": rule.months}
    return _("%(donor)s caps its support at %(amount)s %(unit)s") % {
        "donor": donor,
        "amount": units(rule.amount) if rule.amount is not None else "",
        "unit": str(CapUnit(rule.unit).label) if rule.unit in CapUnit.values else rule.unit,
    }
