"""The catalogue as staff work with it: categories read as labels, XLSX like the CSV under readable labels,
sorting over the whole list, and the page in Ukrainian."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nsatu.catalogue.models import CapabilityArea, ItemType, category_label
from nsatu.core.models import Releasability
from tests.downloads import assert_xlsx_matches_csv, in_ukrainian

pytestmark = pytest.mark.django_db

LABELS = ["Name", "Category", "Capability area", "Standard", "Calibre (mm)"]


@pytest.fixture
def tanks(parties):
    for name, category in (("Tank Alpha", "mbt"), ("Radar Beta", "radar"), ("Gun Gamma", "Guns")):
        ItemType.objects.create(
            name=name,
            category=category,
            capability_area=CapabilityArea.ARMOUR,
            releasability=Releasability.PUBLIC,
            owner=parties["UKR"],
        )


def test_a_reference_category_reads_as_its_label_and_other_text_as_stored():
    assert category_label("mbt") == "Main battle tank"
    assert category_label("sam_system") == "Surface-to-air missile system"
    assert category_label("Air Defense") == "Air Defense"


def test_the_list_and_downloads_show_labels_not_codes(tanks, as_user, coordinator):
    client = as_user(coordinator)
    page = client.get(reverse("catalogue:list")).content.decode()
    assert "Main battle tank" in page and ">mbt<" not in page
    rows = assert_xlsx_matches_csv(client, reverse("catalogue:list"), LABELS)
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Tank Alpha"][1] == "Main battle tank"
    assert by_name["Gun Gamma"][1] == "Guns"
    assert by_name["Tank Alpha"][2] == "Armour"


def test_filtering_and_searching_by_category(tanks, as_user, coordinator):
    client = as_user(coordinator)
    only = client.get(reverse("catalogue:list") + "?category=radar").content.decode()
    assert "Radar Beta" in only and "Tank Alpha" not in only
    found = client.get(reverse("catalogue:list") + "?q=battle+tank").content.decode()
    assert "Tank Alpha" in found and "Radar Beta" not in found


def test_sorting_by_name_orders_the_whole_list(tanks, as_user, coordinator, settings):
    settings.NSATU_PAGE_SIZE = 1
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(client, reverse("catalogue:list") + "?sort=-name", LABELS)
    names = [r[0] for r in rows[1:]]
    assert names == sorted(names, reverse=True)
    page = client.get(reverse("catalogue:list") + "?sort=-name").content.decode()
    assert f">{names[0]}</a>" in page


def test_the_catalogue_reads_in_ukrainian(tanks, as_user, coordinator):
    with in_ukrainian(as_user(coordinator)) as client:
        page = client.get(reverse("catalogue:list")).content.decode()
    assert "<h1>Каталог типів озброєння</h1>" in page
    assert "Основний бойовий танк" in page
