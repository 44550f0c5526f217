"""The pledge list as staff work with it: the XLSX download carries the CSV's rows under readable labels,
a column heading orders the whole list, and the page reads in Ukrainian."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from nsatu.core.models import Releasability
from nsatu.pledges.models import Pledge
from tests.downloads import assert_xlsx_matches_csv, in_ukrainian

pytestmark = pytest.mark.django_db

LABELS = ["ID", "Donor code", "Donor", "Recipient", "Kind", "Item type", "Description"]


def test_the_xlsx_has_the_labels_and_the_rows_of_the_csv(web_data, as_user, coordinator):
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(client, reverse("pledges:list"), LABELS)
    assert len(rows) > 2
    header = rows[0]
    german = next(r for r in rows[1:] if r[0] == web_data.german_pledge.pk)
    # Labels, not the stored codes, and the status as the ladder names it.
    assert german[header.index("Kind")] in ("In kind", "Funds")
    assert german[header.index("Status")] == "Committed"
    assert "in_kind" not in [str(c) for r in rows for c in r]


def test_the_download_keeps_the_page_filters(web_data, as_user, coordinator):
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(client, reverse("pledges:list") + "?donor=POL", LABELS)
    assert {r[1] for r in rows[1:]} == {"POL"}


def test_sorting_by_value_orders_the_whole_list(web_data, as_user, coordinator, parties, settings):
    settings.NSATU_PAGE_SIZE = 2
    for n, value in enumerate((5, 900_000, 70, 3_000)):
        Pledge.objects.create(
            donor=parties["NOR"],
            recipient=parties["UKR"],
            owner=parties["NOR"],
            description=f"sorted offer {n}",
            quantity=1,
            value_eur=Decimal(value),
            releasability=Releasability.PUBLIC,
        )
    client = as_user(coordinator)
    url = reverse("pledges:list") + "?q=sorted+offer&sort=-value"
    first = client.get(url).content.decode()
    assert "sorted offer 1" in first and "sorted offer 3" in first
    assert "sorted offer 0" not in first
    assert 'data-sort="descending"' in first
    ascending = client.get(reverse("pledges:list") + "?q=sorted+offer&sort=value").content.decode()
    offers = re.findall(r"sorted offer (\d)", ascending)
    assert offers[:2] == ["0", "2"]


def test_the_list_reads_in_ukrainian(web_data, as_user, coordinator):
    client = as_user(coordinator)
    with in_ukrainian(client):
        page = client.get(reverse("pledges:list")).content.decode()
    assert "<h1>Зобов&#x27;язання</h1>" in page or "<h1>Зобов'язання</h1>" in page
    assert "Download the template" in page or "Завантажити шаблон" in page


def test_template_and_upload_links_only_for_those_who_may_record(
    web_data, as_user, coordinator, people
):
    shown = as_user(coordinator).get(reverse("pledges:list")).content.decode()
    assert reverse("exchange:upload", args=["pledges"]) in shown
    assert reverse("exchange:template", args=["pledges"]) in shown
    analyst = next(u for u in people.values() if u.role == "analyst")
    hidden = as_user(analyst).get(reverse("pledges:list")).content.decode()
    assert reverse("exchange:upload", args=["pledges"]) not in hidden
