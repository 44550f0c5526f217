from __future__ import annotations


def _names(response) -> list[str]:
    return [i["name"] for i in response.body["items"]]


def test_list_filters(world, api, liaison_pl):
    caller = api(liaison_pl)
    assert _names(caller.get("/api/item-types/")) == ["155mm artillery shell", "FH70", "M777"]
    assert _names(caller.get("/api/item-types/", family="155mm NATO")) == ["155mm artillery shell", "FH70", "M777"]
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
    assert body["nsn"] == {"value": "1025-01-000-0001", "supply_class": "1025", "bureau": "01", "serial": "0000001"}
    assert body["ammunition_families"] == [
        {"id": world.m777.ammunition_families.get().pk, "name": "155mm NATO", "calibre_mm": "155.0",
         "standard": "NATO"}
    ]
    assert body["calibre_mm"] == "155.0"
    assert [s["name"] for s in body["substitutes"]] == ["FH70"]
    german_view = api(liaison_de).get(f"/api/item-types/{world.m777.pk}").body
    assert [s["name"] for s in german_view["substitutes"]] == ["Bundeswehr trial howitzer", "FH70"]
    shell = api(liaison_pl).get(f"/api/item-types/{world.shell.pk}").body
    assert shell["provides_family"]["name"] == "155mm NATO" and shell["nsn"] is None
