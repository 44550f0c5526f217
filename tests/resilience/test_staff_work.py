"""Issue #16 on the resilience pages: the fleet register in Excel, sorted and filtered as a whole list, the
pages in Ukrainian, and a briefing PDF whose first page carries the headline figures and whose tables never
cut a word."""

from __future__ import annotations

import csv
import io
import re
from itertools import pairwise

import pytest
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from nsatu.resilience.briefing import briefing_pdf
from nsatu.resilience.briefing_selectors import briefing_get
from nsatu.resilience.horizon import horizon_for

FLEET = "/resilience/fleet/"
LABELS = [
    "Capability area",
    "Item type",
    "Ammunition families",
    "Donor",
    "Fielded",
    "Counted from",
    "Also reported (not counted)",
]


def _csv(client, **query) -> list[list[str]]:
    body = client.get(FLEET, {"format": "csv", **query}).getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def test_fleet_register_as_xlsx_has_the_labels_and_the_csv_rows(small, as_user, planner):
    client = as_user(planner)
    response = client.get(FLEET, {"format": "xlsx"})
    assert response["Content-Disposition"].endswith('fleet.xlsx"')
    sheet = load_workbook(io.BytesIO(response.getvalue()), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == LABELS
    fielded = LABELS.index("Fielded")
    assert all(isinstance(r[fielded], int) for r in rows[1:])  # a number Excel can add up
    assert [[_text(v) for v in r] for r in rows[1:]] == _csv(client)[1:]
    assert len(rows) > 1


def test_sorting_orders_the_whole_register_not_one_page(small, as_user, planner):
    client = as_user(planner)
    everything = _csv(client)[1:]
    quantities = sorted(int(r[4]) for r in everything)
    assert len(set(quantities)) > 1, "the small world needs fleets of different sizes"
    settings.NSATU_PAGE_SIZE = 1
    try:
        largest = client.get(FLEET, {"sort": "-fielded"}).context["register"]
        smallest = client.get(FLEET, {"sort": "fielded"}).context["register"]
    finally:
        settings.NSATU_PAGE_SIZE = 50
    assert largest.paginator.num_pages == len(everything)
    assert largest[0].entry.quantity == quantities[-1]
    assert smallest[0].entry.quantity == quantities[0]
    download = [int(r[4]) for r in _csv(client, sort="-fielded")[1:]]
    assert download == sorted(download, reverse=True)


def test_filters_choose_the_rows_of_page_and_download(small, as_user, planner):
    client = as_user(planner)
    rows = _csv(client, q="m777")[1:]
    assert rows and all("M777" in r[1] for r in rows)
    page = client.get(FLEET, {"q": "m777"})
    assert [r.item.name for r in page.context["register"]] == [r[1] for r in rows]
    assert 'data-search="1"' in page.content.decode()  # the donor picker is searchable


def test_fleet_page_in_ukrainian(small, client, planner):
    client.force_login(planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    html = client.get(FLEET).content.decode()
    assert "<h1>Парк ОВТ і фрагментація</h1>" in html
    assert "Реєстр парку ОВТ" in html and "Fleet register" not in html


def _briefing(user, language: str) -> list[str]:
    with translation.override(language):
        pdf = briefing_pdf(briefing_get(user=user, horizon=horizon_for()))
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


# Header words of the briefing's tables: none may be cut across two lines of its cell.
HEADER_WORDS = [
    "Requirements",
    "Requirement",
    "Committed",
    "Delivered",
    "Announced",
    "Reference",
    "Priority",
    "Ammunition",
    "Maintenance",
    "Effective",
    "Baseline",
    "Scenario",
    "Concentration",
]
GROUPED = re.compile(r"\d+|\d{1,3}(,\d{3})+")


def _cut_words(pages: list[str]) -> list[str]:
    cuts = []
    for text in pages:
        lines = text.splitlines()
        for a, b in pairwise(lines):
            tail, head = (a.split() or [""])[-1], (b.split() or [""])[0]
            for word in HEADER_WORDS:
                for k in range(2, len(word) - 1):
                    if tail.endswith(word[:k]) and head.startswith(word[k:]) and tail != word:
                        cuts.append(f"{a!r} / {b!r}")
            # A figure is one word: "29,917,808,2" over "20" is a cut number.
            if re.fullmatch(r"[\d,]+", tail) and not GROUPED.fullmatch(tail):
                cuts.append(f"{a!r} / {b!r}")
            if re.fullmatch(r"[\d,]*", tail) and head.startswith(","):
                cuts.append(f"{a!r} / {b!r}")
    return cuts


@pytest.mark.parametrize("language", ["en", "uk"])
def test_briefing_first_page_has_the_headline_figures(small, coordinator, language):
    pages = _briefing(coordinator, language)
    first = pages[0]
    if language == "en":
        for figure in ("Headline figures", "Published requirements", "Fielded fleet"):
            assert figure in first
        assert "If the United States stops" in first
        assert not _cut_words(pages), _cut_words(pages)
    else:
        assert "Ключові показники" in first and "Опубліковані потреби" in first
        assert "Headline figures" not in first


def test_cut_words_are_found(small):
    # The check above must be able to fail: the old briefing cut these.
    assert _cut_words(["Requireme\nnts", "29,917,808,2\n20", "6,000,000,\n000"]) != []
    assert _cut_words(["Requirements\n29,917,808,220"]) == []
