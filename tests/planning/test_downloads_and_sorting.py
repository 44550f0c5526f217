"""Planning pages as staff work with them: each table downloads as CSV and XLSX under the labels a person reads,
a column heading orders the whole list, and the pages read in Ukrainian."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from nsatu.planning.models import PlanLine
from tests.downloads import assert_xlsx_matches_csv, csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

LINE_LABELS = ["Run", "Proposal", "Donor", "Requirement", "Priority", "Item type", "Quantity"]


def test_the_proposals_xlsx_has_the_labels_and_the_rows_of_the_csv(done_run, as_user, coordinator):
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(client, reverse("planning:lines"), LINE_LABELS)
    header = rows[0]
    assert len(rows) - 1 == PlanLine.objects.filter(run=done_run).count()
    states = {r[header.index("State")] for r in rows[1:]}
    assert states == {"Proposed"}
    # Figures and dates are typed cells, not text.
    assert all(isinstance(r[header.index("Quantity")], int) for r in rows[1:])
    assert all(hasattr(r[header.index("Arrival month")], "year") for r in rows[1:])


def test_a_liaison_downloads_only_his_nations_proposals(done_run, as_user, liaison_pl):
    rows = csv_rows(as_user(liaison_pl), reverse("planning:lines"))
    donors = {r[rows[0].index("Donor")] for r in rows[1:]}
    assert donors == {"Poland"}


def _same_with_moments(client, url: str, labels: list[str]) -> list[list[object]]:
    """assert_xlsx_matches_csv for tables with date-times (to the minute, UTC): the XLSX cell is a date-time,
    the CSV writes it as "YYYY-MM-DD HH:MM"."""
    from_csv, from_xlsx = csv_rows(client, url), xlsx_rows(client, url)
    assert from_xlsx[0][: len(labels)] == labels
    assert from_xlsx[0] == from_csv[0]
    assert len(from_xlsx) == len(from_csv)
    for got, want in zip(from_xlsx[1:], from_csv[1:], strict=True):
        for cell, text in zip(got, want, strict=False):
            if isinstance(cell, dt.datetime):
                assert cell.isoformat(sep=" ", timespec="minutes") == text
            elif isinstance(cell, float):
                assert abs(cell - float(text)) < 1e-9
            else:
                assert ("" if cell is None else str(cell)) == text
    return from_xlsx


def test_the_other_planning_tables_download_under_labels(done_run, as_user, coordinator):
    client = as_user(coordinator)
    runs = _same_with_moments(client, reverse("planning:runs"), ["Run", "Started (UTC)"])
    assert runs[1][0] == done_run.pk and runs[1][3] == "Done"
    assert isinstance(runs[1][1], dt.datetime)
    assert_xlsx_matches_csv(client, reverse("planning:run", args=[done_run.pk]), LINE_LABELS)
    _same_with_moments(client, reverse("planning:claims"), ["Requirement", "Donor"])
    assert_xlsx_matches_csv(client, reverse("planning:report"), ["Requirement", "Needed"])


def test_a_table_page_offers_both_downloads(done_run, as_user, coordinator):
    page = as_user(coordinator).get(reverse("planning:lines")).content.decode()
    assert "format=csv" in page and "format=xlsx" in page


def test_sorting_by_quantity_orders_the_whole_list(done_run, as_user, coordinator, settings):
    settings.NSATU_PAGE_SIZE = 1
    by_quantity = list(
        PlanLine.objects.filter(run=done_run)
        .order_by("quantity", "pk")
        .values_list("pk", flat=True)
    )
    assert len(by_quantity) > 1
    client = as_user(coordinator)

    def first_line(sort: str) -> int:
        page = client.get(reverse("planning:lines") + f"?sort={sort}").content.decode()
        return int(re.findall(r'data-line="(\d+)"', page)[0])

    assert first_line("quantity") == by_quantity[0]
    descending = PlanLine.objects.filter(run=done_run).order_by("-quantity", "-pk").first()
    assert descending is not None
    assert first_line("-quantity") == descending.pk
    # The download follows the page's order, across every page.
    rows = csv_rows(client, reverse("planning:lines") + "?sort=quantity")
    assert [int(r[1]) for r in rows[1:]] == by_quantity


def test_the_planning_pages_read_in_ukrainian(done_run, as_user, coordinator):
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    runs = client.get(reverse("planning:runs")).content.decode()
    assert "<h1>Розрахунки розподілу</h1>" in runs
    lines = client.get(reverse("planning:lines")).content.decode()
    assert "<h1>Пропозиції</h1>" in lines
    header = csv_rows(client, reverse("planning:lines"))[0]
    assert header[:3] == ["Розрахунок", "Пропозиція", "Донор"]
