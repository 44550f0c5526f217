"""The party list as staff work with it: XLSX like the CSV under readable labels, sorting over the whole list,
and the page in Ukrainian."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.downloads import assert_xlsx_matches_csv, in_ukrainian

pytestmark = pytest.mark.django_db

LABELS = ["Code", "Name", "Kind", "Memberships"]


def test_the_xlsx_has_the_labels_and_the_rows_of_the_csv(parties, as_user, coordinator):
    rows = assert_xlsx_matches_csv(as_user(coordinator), reverse("parties:list"), LABELS)
    assert len(rows) > 3
    kinds = {r[2] for r in rows[1:]}
    assert "Nation" in kinds and "nation" not in kinds


def test_sorting_by_code_orders_the_whole_list(parties, as_user, coordinator, settings):
    settings.NSATU_PAGE_SIZE = 2
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(client, reverse("parties:list") + "?sort=-code", LABELS)
    codes = [r[0] for r in rows[1:]]
    assert codes == sorted(codes, reverse=True)
    page = client.get(reverse("parties:list") + "?sort=-code").content.decode()
    shown = re.findall(r"<td>([A-Z]{3,5})</td>", page)
    assert shown == codes[:2]


def test_the_party_list_reads_in_ukrainian(parties, as_user, coordinator):
    client = as_user(coordinator)
    with in_ukrainian(client):
        page = client.get(reverse("parties:list")).content.decode()
    assert "<h1>Донори та сторони</h1>" in page
