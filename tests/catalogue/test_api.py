from __future__ import annotations

from decimal import Decimal

from nsatu.audit.models import AuditEvent
from nsatu.catalogue.models import ItemType
from nsatu.catalogue.services import ReferenceFigures, item_type_reference_figures_set


def _names(response) -> list[str]:
    return [i["name"] for i in response.body["items"]]


def test_list_filters(world, api, liaison_pl):
    caller = api(liaison_pl)
    assert _names(caller.get("/api/item-types/")) == ["155mm artillery shell", "FH70", "M777"]
    assert _names(caller.get("/api/item-types/", family="155mm NATO")) == [
        "155mm artillery shell",
        "FH70",
        "M777",
    ]
    assert _names(caller.get("/api/item-types/", family="152mm Soviet")) == []
    assert _names(caller.get("/api/item-types/", search="m77")) == ["M777"]
    assert _names(caller.get("/api/item-types/", search="1025")) == ["M777"]  # NSN prefix
    assert _names(caller.get("/api/item-types/", capability_area="air_defence")) == []
    assert len(_names(caller.get("/api/item-types/", standard="NATO"))) == 3
    assert caller.get("/api/item-types/", capability_area="space").status == 422


def test_owner_only_item_type_is_seen_by_its_owner_only(world, api, liaison_de, liaison_pl):
    assert "Bundeswehr trial howitzer" in _names(api(liaison_de).get("/api/item-types/"))
    assert "Bundeswehr trial howitzer" not in _names(api(liaison_pl).get("/api/item-types/"))
    assert api(liaison_pl).get(f"/api/item-types/{world.de_prototype.pk}").status == 404


def test_detail_has_families_nsn_and_only_visible_substitutes(world, api, liaison_de, liaison_pl):
    body = api(liaison_pl).get(f"/api/item-types/{world.m777.pk}").body
    assert body["nsn"] == {
        "value": "1025-01-000-0001",
        "supply_class": "1025",
        "bureau": "01",
        "serial": "0000001",
    }
    assert body["ammunition_families"] == [
        {
            "id": world.m777.ammunition_families.get().pk,
            "name": "155mm NATO",
            "calibre_mm": "155.0",
            "standard": "NATO",
        }
    ]
    assert body["calibre_mm"] == "155.0"
    assert [s["name"] for s in body["substitutes"]] == ["FH70"]
    german_view = api(liaison_de).get(f"/api/item-types/{world.m777.pk}").body
    assert [s["name"] for s in german_view["substitutes"]] == ["Bundeswehr trial howitzer", "FH70"]
    shell = api(liaison_pl).get(f"/api/item-types/{world.shell.pk}").body
    assert shell["provides_family"]["name"] == "155mm NATO" and shell["nsn"] is None


def test_coordinator_adds_an_item_type_with_families_and_substitutes(
    world, api, coordinator, liaison_pl
):
    family = world.m777.ammunition_families.get()
    created = api(coordinator).post(
        "/api/item-types/",
        {
            "name": "CAESAR",
            "category": "howitzer_wheeled",
            "capability_area": "artillery",
            "standard": "NATO",
            "nsn": "1025 14 5555555",
            "calibre_mm": "155",
            "unit_value_eur": "5000000",
            "crew_per_unit": 5,
            "ammunition_families": [family.pk],
            "substitutes": [world.m777.pk, world.fh70.pk],
        },
    )
    assert created.status == 201, created.body
    body = created.body
    assert body["nsn"]["value"] == "1025-14-555-5555"
    assert [f["name"] for f in body["ammunition_families"]] == ["155mm NATO"]
    assert sorted(s["name"] for s in body["substitutes"]) == ["FH70", "M777"]
    assert AuditEvent.objects.filter(action="item_type.create", object_id=str(body["id"])).exists()
    # Substitutes go both ways, and every participant reads the new public entry.
    m777 = api(liaison_pl).get(f"/api/item-types/{world.m777.pk}").body
    assert "CAESAR" in [s["name"] for s in m777["substitutes"]]


def test_item_type_bad_input_names_the_field_and_writes_nothing(
    world, api, coordinator, liaison_de
):
    before = (ItemType.objects.count(), AuditEvent.objects.count())
    assert api(liaison_de).post("/api/item-types/", {"name": "Leopard 2A6"}).status == 403
    for body, field in [
        ({"name": "X", "nsn": "12345"}, "nsn"),
        ({"name": "X", "substitutes": [world.de_prototype.pk]}, "substitutes"),  # hidden: unknown
        ({"name": "X", "ammunition_families": [987654]}, "ammunition_families"),
        ({"name": "X", "provides_family": 987654}, "provides_family"),
        ({"name": "M777"}, "name"),
        ({"name": "X", "owner": "DEU"}, "owner"),
        ({"name": "X", "crew_per_unit": -1}, "crew_per_unit"),
    ]:
        response = api(coordinator).post("/api/item-types/", body)
        assert response.status == 422, (body, response.body)
        assert field in response.body["errors"], (body, response.body)
    assert (ItemType.objects.count(), AuditEvent.objects.count()) == before


def test_item_type_edit_needs_the_current_version(world, api, coordinator):
    path = f"/api/item-types/{world.fh70.pk}"
    first = api(coordinator).patch(
        path, {"version": 1, "unit_value_eur": "1250000.00", "crew_per_unit": 8}
    )
    assert first.status == 200, first.body
    assert (first.body["unit_value_eur"], first.body["crew_per_unit"], first.body["version"]) == (
        "1250000.00",
        8,
        2,
    )
    stale = api(coordinator).patch(path, {"version": 1, "nsn": "1025-12-345-6789"})
    assert stale.status == 409 and "version 2" in stale.body["detail"]
    bad = api(coordinator).patch(path, {"version": 2, "nsn": "0012-12-345-6789"})
    assert bad.status == 422 and "nsn" in bad.body["errors"]
    assert ItemType.objects.get(pk=world.fh70.pk).nsn == ""


def test_unit_value_and_mass_come_with_their_sources_and_unknown_is_null(world, api, liaison_pl):
    item_type_reference_figures_set(
        actor=None,
        item_type=world.m777,
        figures=ReferenceFigures(
            Decimal("4778746.50"),
            "kiel/ust_r29_weapons.csv lines 2, 6",
            Decimal("4.2"),
            "https://www.army-technology.com/news/news53633-html/",
        ),
    )
    caller = api(liaison_pl)
    body = caller.get(f"/api/item-types/{world.m777.pk}").body
    assert (body["unit_value_eur"], body["unit_value_source"]) == (
        "4778746.50",
        "kiel/ust_r29_weapons.csv lines 2, 6",
    )
    assert (body["unit_mass_t"], body["unit_mass_source"]) == (
        "4.200",
        "https://www.army-technology.com/news/news53633-html/",
    )
    unknown = caller.get(f"/api/item-types/{world.fh70.pk}").body
    assert [unknown[k] for k in ("unit_value_eur", "unit_value_source", "unit_mass_t")] == [
        None,
        "",
        None,
    ]
    listed = {i["name"]: i for i in caller.get("/api/item-types/").body["items"]}
    assert listed["M777"]["unit_mass_source"].startswith("https://www.army-technology.com/")
    assert listed["FH70"]["unit_value_eur"] is None
    schema = caller.get("/api/openapi.json").body["components"]["schemas"]["ItemTypeOut"]
    assert "never 0" in schema["properties"]["unit_value_eur"]["description"]


def test_coordinator_edits_a_value_with_its_source(world, api, coordinator):
    response = api(coordinator).patch(
        f"/api/item-types/{world.fh70.pk}",
        {
            "version": 1,
            "unit_value_eur": "1250000.00",
            "unit_value_source": "https://example.org/fh70",
        },
    )
    assert response.status == 200, response.body
    assert response.body["unit_value_source"] == "https://example.org/fh70"
