"""Catalogue pages: NSN formatting, ammunition, substitutes."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from nsatu.catalogue.models import CapabilityArea, ItemType
from nsatu.catalogue.services import ReferenceFigures, item_type_reference_figures_set
from nsatu.core.models import Releasability


def test_catalogue_formats_nsn_and_lists_ammunition_and_substitutes(web_data, as_user, planner):
    client = as_user(planner)
    html = client.get(reverse("catalogue:list")).content.decode()
    assert "1025-01-412-3456" in html
    assert "PzH 2000</a>" in html
    row = html[html.index(">155 mm HE shell</a>") :]
    assert "155 mm NATO" in row[: row.index("</tr>")]
    soviet = client.get(reverse("catalogue:list") + "?standard=Soviet").content.decode()
    assert "M777 howitzer" not in soviet
    detail = client.get(reverse("catalogue:detail", args=[web_data.howitzer.pk])).content.decode()
    assert "1025-01-412-3456" in detail and "PzH 2000" in detail


def test_catalogue_list_query_count(web_data, as_user, planner, django_assert_max_num_queries):
    client = as_user(planner)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("catalogue:list")).status_code == 200


def _secret_substitute(web_data, parties) -> ItemType:
    secret = ItemType.objects.create(
        name="Bundeswehr trial howitzer",
        category="Howitzer",
        capability_area=CapabilityArea.ARTILLERY,
        owner=parties["DEU"],
        releasability=Releasability.OWNER,
    )
    web_data.howitzer.substitutes.add(secret)
    return secret


def test_pages_and_csv_list_only_the_substitutes_the_user_may_see(
    web_data, as_user, liaison_pl, liaison_de, parties
):
    secret = _secret_substitute(web_data, parties)
    polish = as_user(liaison_pl)
    for url in (
        reverse("catalogue:list"),
        reverse("catalogue:detail", args=[web_data.howitzer.pk]),
    ):
        html = polish.get(url).content.decode()
        assert "PzH 2000</a>" in html, url
        assert (
            "Bundeswehr trial howitzer" not in html
            and reverse("catalogue:detail", args=[secret.pk]) not in html
        )
    csv = polish.get(reverse("catalogue:list") + "?format=csv").getvalue().decode("utf-8-sig")
    assert "Bundeswehr" not in csv
    assert (
        "Bundeswehr trial howitzer"
        in as_user(liaison_de).get(reverse("catalogue:list")).content.decode()
    )


def _item_form(**overrides) -> dict:
    data = {
        "name": "CAESAR",
        "category": "Howitzer",
        "capability_area": "artillery",
        "standard": "NATO",
        "nsn": "1025-14-555-5555",
        "calibre_mm": "155",
        "unit_value_eur": "5000000",
        "unit_mass_t": "17.7",
        "crew_per_unit": "5",
        "ammunition_families": [],
        "provides_family": "",
        "substitutes": [],
        "notes": "",
        "releasability": "public",
    }
    return data | overrides


def test_coordinator_adds_and_edits_an_item_type(web_data, as_user, coordinator):
    client = as_user(coordinator)
    assert (
        f'href="{reverse("catalogue:create")}"'
        in client.get(reverse("catalogue:list")).content.decode()
    )
    created = client.post(
        reverse("catalogue:create"), _item_form(substitutes=[web_data.howitzer.pk]), follow=True
    )
    item = ItemType.objects.get(name="CAESAR")
    assert created.redirect_chain[-1][0] == reverse("catalogue:detail", args=[item.pk])
    assert "Item type CAESAR added to the catalogue." in created.content.decode()
    assert list(item.substitutes.values_list("name", flat=True)) == ["M777 howitzer"]
    edit_url = reverse("catalogue:edit", args=[item.pk])
    assert f'href="{edit_url}"' in created.content.decode()
    saved = client.post(
        edit_url,
        _item_form(crew_per_unit="4", substitutes=[web_data.howitzer.pk], version="1"),
        follow=True,
    )
    assert "Item type CAESAR saved." in saved.content.decode()
    item.refresh_from_db()
    assert (item.crew_per_unit, item.version) == (4, 2)
    stale = client.post(edit_url, _item_form(crew_per_unit="6", version="1"))
    assert stale.status_code == 409
    assert "was changed by someone else (version 2, you edited version 1)" in stale.content.decode()
    assert ItemType.objects.get(pk=item.pk).crew_per_unit == 4


def test_an_untouched_substitute_list_keeps_substitutes_hidden_from_the_editor(
    web_data, as_user, coordinator, parties
):
    secret = _secret_substitute(web_data, parties)
    client = as_user(coordinator)
    page = client.get(reverse("catalogue:edit", args=[web_data.howitzer.pk])).content.decode()
    assert "Bundeswehr trial howitzer" not in page
    pzh = ItemType.objects.get(name="PzH 2000")
    client.post(
        reverse("catalogue:edit", args=[web_data.howitzer.pk]),
        _item_form(
            name="M777 howitzer",
            nsn="1025014123456",
            calibre_mm="155",
            substitutes=[pzh.pk],
            crew_per_unit="8",
            version="1",
        ),
    )
    howitzer = ItemType.objects.get(pk=web_data.howitzer.pk)
    assert howitzer.crew_per_unit == 8
    assert set(howitzer.substitutes.all()) == {pzh, secret}


def test_item_type_form_names_bad_fields_and_others_are_refused(
    web_data, as_user, coordinator, liaison_de
):
    client = as_user(coordinator)
    before = ItemType.objects.count()
    for data, message in [
        (_item_form(nsn="12345"), "must have 13 digits"),
        (_item_form(name="M777 howitzer"), "The catalogue already has an item type named"),
        (_item_form(crew_per_unit="-1"), "Ensure this value is greater than or equal to 0."),
    ]:
        response = client.post(reverse("catalogue:create"), data)
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
    liaison = as_user(liaison_de)
    assert (
        f'href="{reverse("catalogue:create")}"'
        not in liaison.get(reverse("catalogue:list")).content.decode()
    )
    refused = liaison.get(reverse("catalogue:create"), follow=True)
    assert "Your role (Donor liaison) may not edit the catalogue." in refused.content.decode()
    forged = liaison.post(
        reverse("catalogue:edit", args=[web_data.shell.pk]),
        _item_form(name="155 mm HE shell", version="1"),
    )
    assert forged.status_code == 403
    assert "Your role (Donor liaison) may not edit the catalogue." in forged.content.decode()
    assert ItemType.objects.count() == before
    assert ItemType.objects.get(pk=web_data.shell.pk).version == 1


def test_the_list_shows_unit_value_and_mass_with_sources_and_unknown_for_a_gap(
    web_data, as_user, planner
):
    item_type_reference_figures_set(
        actor=None,
        item_type=web_data.howitzer,
        figures=ReferenceFigures(
            Decimal("4778746.50"),
            "kiel/ust_r29_weapons.csv lines 2, 6",
            Decimal("4.2"),
            "https://www.army-technology.com/news/news53633-html/",
        ),
    )
    client = as_user(planner)
    html = client.get(reverse("catalogue:list")).content.decode()
    rows = {
        row.split("</a>")[0].rsplit(">", 1)[-1]: row[: row.index("</tr>")]
        for row in html.split("<tr>")[2:]  # after the header row
    }
    row = rows["M777 howitzer"]
    assert "4,778,746.50" in row and "kiel/ust_r29_weapons.csv lines 2, 6" in row
    assert "4.200" in row and 'href="https://www.army-technology.com/news/news53633-html/"' in row
    other = rows["PzH 2000"]
    assert other.count("unknown") == 2 and ">0<" not in other
    csv = client.get(reverse("catalogue:list") + "?format=csv").getvalue().decode("utf-8-sig")
    header, *lines = csv.splitlines()
    assert header.endswith("Unit value (EUR),Unit value source,Unit mass (t),Unit mass source")
    m777 = next(line for line in lines if line.startswith("M777 howitzer"))
    assert m777.endswith(
        '4778746.50,"kiel/ust_r29_weapons.csv lines 2, 6",4.200,'
        "https://www.army-technology.com/news/news53633-html/"
    )
    pzh = next(line for line in lines if line.startswith("PzH 2000"))
    assert pzh.endswith(",,,,")  # unknown stays an empty cell, never 0
