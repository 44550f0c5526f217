"""The briefing PDF, rendered and read back with pypdf: its pages and headings; the XLSX: its sheets."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from pypdf import PdfReader

from nsatu.resilience.briefing import briefing_pdf
from nsatu.resilience.briefing_selectors import briefing_get
from nsatu.resilience.briefing_xlsx import briefing_xlsx
from nsatu.resilience.horizon import horizon_for
from tests.resilience.world import AS_OF

HEADINGS = {
    "Coverage",
    "Gaps",
    "Fragmentation",
    "By calibre",
    "Resilience",
    "Requirements that lose coverage",
    "Concentration",
    "Requirements depending on a single donor",
}


def test_pdf_has_a_cover_with_the_headline_and_every_section_with_charts(small, coordinator):
    b = briefing_get(user=coordinator, horizon=horizon_for(as_of=AS_OF, months=12))
    reader = PdfReader(io.BytesIO(briefing_pdf(b)))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    assert "Contact-group briefing" in pages[0] and "As of 2026-11-22" in pages[0]
    # Sections follow one another without a mostly blank page; the first page starts the coverage.
    assert "Headline figures" in pages[0] and "Coverage" in pages[0].splitlines()
    body = text[text.index("\nCoverage\n") :]  # the headline rows name some sections too
    headings = [line for line in body.splitlines() if line in HEADINGS]
    assert headings == [
        "Coverage",
        "Gaps",
        "Fragmentation",
        "By calibre",
        "Resilience",
        "Requirements that lose coverage",
        "Concentration",
        "Requirements depending on a single donor",
    ]
    assert (
        "ART-1" in text and "Artillery · 155 mm" in text.replace("\xa0", " ").split("By calibre")[1]
    )
    assert (
        "United States withdraws from 2026-11-22: 6 items on 1 supply lines stop counting." in text
    )
    assert all(f"page {n}" in page for n, page in enumerate(pages, start=1))
    assert reader.metadata is not None and reader.metadata.title == "Contact-group briefing"
    # The charts are vector drawings: their axes and legends are text on the page.
    coverage = text.split("Gaps")[0]
    assert "100 %" in coverage and "Committed share of the need" in coverage
    assert "Artillery (Items)" in coverage  # areas are kept per unit kind
    assert "Effective types" in text.split("Fragmentation")[1].split("Capability area")[0]
    resilience = text.split("\nResilience\n")[1]
    assert "United States stops" in resilience and "100 %" in resilience


def test_xlsx_has_the_same_figures(small, coordinator):
    b = briefing_get(user=coordinator, horizon=horizon_for(as_of=AS_OF, months=12))
    wb = load_workbook(io.BytesIO(briefing_xlsx(b)), read_only=True)
    assert wb.sheetnames == [
        "Coverage",
        "Coverage by area",
        "Gaps",
        "Fragmentation",
        "Resilience",
        "Concentration",
    ]
    coverage = list(wb["Coverage"].iter_rows(values_only=True))
    assert coverage[0] == (
        "Reference",
        "Title",
        "Capability area",
        "Priority",
        "Unit kind",
        "Unit",
        "Needed",
        "Announced",
        "Committed",
        "Allocated",
        "Shipped",
        "Delivered",
        "In service",
        "Covered share",
        "Illustrative",
    )
    # ART-1: the US M777 in service (10), Germany's FH70 (2) and the US tranche still to come (6).
    by_ref = {r[0]: r for r in coverage[1:]}
    assert by_ref["ART-1"][2] == "Artillery" and by_ref["ART-1"][4] == "Items"
    assert by_ref["ART-1"][6:] == (20, 18, 18, 12, 12, 12, 12, 0.9, "No")
    assert by_ref["ART-2"][6:] == (10, 4, 4, 4, 4, 4, 4, 0.4, "No")
    gaps = list(wb["Gaps"].iter_rows(values_only=True))
    assert gaps[0][:4] == ("Reference", "Title", "Capability area", "Unit kind")
    assert [(r[0], r[6]) for r in gaps[1:]] == [("ART-1", 18), ("ART-2", 4)]
    # No sheet heads a column with a code or a snake_case key.
    for ws in wb.worksheets:
        header = next(ws.iter_rows(values_only=True))
        assert not [h for h in header if h and "_" in h], ws.title
    resilience = list(wb["Resilience"].iter_rows(values_only=True))
    assert resilience[1][:6] == ("Artillery", "Items", 30, 22, 16, -6)
