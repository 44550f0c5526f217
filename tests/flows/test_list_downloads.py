"""The flows list as staff work with it: XLSX like the CSV under readable labels, chains sorted over the whole
list, and the page in Ukrainian."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.downloads import assert_xlsx_matches_csv, in_ukrainian

pytestmark = pytest.mark.django_db

LABELS = ["ID", "Passed on from flow", "From", "To", "Kind", "Date", "Amount", "Currency", "EUR"]


def test_the_xlsx_has_the_labels_and_the_rows_of_the_csv(web_data, as_user, coordinator):
    rows = assert_xlsx_matches_csv(as_user(coordinator), reverse("flows:list"), LABELS)
    assert len(rows) == 5
    assert {r[4] for r in rows[1:]} <= {"Money", "Material"}


def test_sorting_by_eur_orders_the_chains_of_the_whole_list(
    web_data, as_user, coordinator, settings
):
    settings.NSATU_PAGE_SIZE = 1
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(client, reverse("flows:list") + "?sort=-eur", LABELS)
    figures = [r[8] for r in rows[1:] if r[8] is not None]
    assert figures == sorted(figures, reverse=True)
    roots = [r for r in rows[1:] if r[1] is None and r[8] is not None]
    page = client.get(reverse("flows:list") + "?sort=-eur").content.decode()
    first = re.findall(r'<tr class="root" data-flow="(\d+)"', page)
    assert first == [str(roots[0][0])]
    assert 'data-sort="descending"' in page


def test_the_flows_read_in_ukrainian(web_data, as_user, coordinator):
    client = as_user(coordinator)
    with in_ukrainian(client):
        page = client.get(reverse("flows:list")).content.decode()
    assert "<h1>Потоки коштів і матеріальних засобів</h1>" in page
