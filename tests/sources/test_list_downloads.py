"""The sources page as staff work with it: XLSX like the CSV under readable labels, sorting over the whole
list, and the page in Ukrainian."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.downloads import assert_xlsx_matches_csv, in_ukrainian

pytestmark = pytest.mark.django_db

LABELS = ["Key", "Title", "Publisher", "Citation", "Licence / terms", "Origin", "File", "Rows read"]


def test_the_xlsx_has_the_labels_and_the_rows_of_the_csv(web_data, as_user, analyst):
    rows = assert_xlsx_matches_csv(as_user(analyst), reverse("sources:list"), LABELS)
    assert "kiel-ust-r29" in [r[0] for r in rows[1:]]


def test_the_issues_download_names_the_severity(web_data, as_user, analyst):
    url = reverse("sources:detail", args=["kiel-ust-r29"])
    rows = assert_xlsx_matches_csv(as_user(analyst), url, ["Row", "Column", "Severity", "Reason"])
    assert {r[2] for r in rows[1:]} <= {"Warning", "Skipped row", "Info"}


def test_sorting_by_rows_read_orders_the_whole_list(web_data, as_user, analyst, settings):
    settings.NSATU_PAGE_SIZE = 1
    client = as_user(analyst)
    rows = assert_xlsx_matches_csv(client, reverse("sources:list") + "?sort=-rows", LABELS)
    counts = [r[7] for r in rows[1:]]
    assert counts == sorted(counts, reverse=True)
    page = client.get(reverse("sources:list") + "?sort=-rows").content.decode()
    assert f">{rows[1][1]}</a>" in page


def test_the_sources_page_reads_in_ukrainian(web_data, as_user, analyst):
    with in_ukrainian(as_user(analyst)) as client:
        page = client.get(reverse("sources:list")).content.decode()
    assert "<h1>Джерела</h1>" in page
