"""The coalition list as staff work with it: the XLSX carries the CSV's rows under readable labels, a column
heading orders the whole list (not one page of it), and the page reads in Ukrainian."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from nsatu.core.models import Releasability
from nsatu.parties.models import Coalition
from tests.downloads import assert_xlsx_matches_csv

pytestmark = pytest.mark.django_db

LABELS = ["Id", "Coalition", "Format", "Capability area", "Source for the area", "Leads"]


def _more(n: int) -> None:
    for i in range(n):
        Coalition.objects.create(
            name=f"Coalition {chr(ord('A') + i)}",
            capability_area="artillery",
            established=f"2024-0{i + 1}",
            udcg=i % 2 == 0,
            releasability=Releasability.PUBLIC,
        )


def test_the_xlsx_has_the_labels_and_the_rows_of_the_csv(air, as_user, analyst):
    _more(2)
    rows = assert_xlsx_matches_csv(as_user(analyst), reverse("coalitions:list"), LABELS)
    header = rows[0]
    iamd = next(r for r in rows[1:] if r[0] == air.coalition.pk)
    assert iamd[header.index("Capability area")] == "Air defence"
    assert iamd[header.index("Format")] == "Contact-group coalition"
    assert iamd[header.index("Members known")] == 2
    assert "air_defence" not in [str(c) for r in rows for c in r]


def test_sorting_by_launch_orders_the_whole_list(air, as_user, analyst, settings):
    _more(3)  # launched 2024-01..03; the IAMD coalition 2023-11
    settings.NSATU_PAGE_SIZE = 2
    client = as_user(analyst)
    first = client.get(reverse("coalitions:list") + "?sort=-established").content.decode()
    assert re.findall(r'<tr data-coalition="(\d+)">', first) == [
        str(c.pk)
        for c in Coalition.objects.filter(name__in=["Coalition C", "Coalition B"]).order_by(
            "-established"
        )
    ]
    assert 'data-sort="descending"' in first
    last = client.get(reverse("coalitions:list") + "?sort=-established&page=2").content.decode()
    assert f'data-coalition="{air.coalition.pk}"' in last
    ascending = client.get(reverse("coalitions:list") + "?sort=established").content.decode()
    assert re.findall(r'<tr data-coalition="(\d+)">', ascending)[0] == str(air.coalition.pk)


def test_the_list_reads_in_ukrainian(air, as_user, analyst):
    client = as_user(analyst)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = client.get(reverse("coalitions:list")).content.decode()
    assert "<h1>Коаліції спроможностей</h1>" in page
    assert "Коаліція Контактної групи" in page
    detail = client.get(reverse("coalitions:detail", args=[air.coalition.pk])).content.decode()
    assert "Лідери та учасники" in detail
