"""The aid ledger as staff work with it: XLSX like the CSV under readable labels, sorting over the whole
ledger, and the page in Ukrainian."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.downloads import assert_xlsx_matches_csv, in_ukrainian

LABELS = ["Line", "Donor code", "Donor", "Kind", "Item type ID", "Item type", "Announced"]


def test_the_xlsx_has_the_labels_and_the_rows_of_the_csv(aid_world, as_user, coordinator):
    rows = assert_xlsx_matches_csv(as_user(coordinator), reverse("aid:lines"), LABELS)
    assert len(rows) > 2
    kinds = {r[3] for r in rows[1:]}
    assert kinds <= {"In kind", "Funds"}


def test_sorting_by_committed_orders_the_whole_ledger(aid_world, as_user, coordinator, settings):
    settings.NSATU_PAGE_SIZE = 1
    client = as_user(coordinator)
    everything = assert_xlsx_matches_csv(client, reverse("aid:lines") + "?sort=-committed", LABELS)
    committed = [r[7] for r in everything[1:]]
    assert committed == sorted(committed, reverse=True)
    page = client.get(reverse("aid:lines") + "?sort=-committed").content.decode()
    first = re.findall(r'href="/aid/lines/(L\d+)/"', page)
    assert first and first[0] == everything[1][0]
    assert 'data-sort="descending"' in page


def test_the_ledger_reads_in_ukrainian(aid_world, as_user, coordinator):
    client = as_user(coordinator)
    with in_ukrainian(client):
        page = client.get(reverse("aid:lines")).content.decode()
    assert "<h1>Реєстр допомоги</h1>" in page
