"""/api/resilience: the register, fragmentation, concentration, duplicates, comparisons and saved scenarios."""

from __future__ import annotations

from decimal import Decimal

from nsatu.audit.models import AuditEvent
from nsatu.resilience.models import Scenario

USA_STOPS = {
    "rules": [{"donor": "USA", "kind": "withdraw", "start": "2026-11-22"}],
    "as_of": "2026-11-22",
}


def test_fleet_and_fragmentation(small, api, analyst):
    fleet = api(analyst).get("/api/resilience/fleet")
    assert fleet.status == 200
    usa = next(r for r in fleet.body if r["donor"] == "USA")
    assert (usa["item_type"], usa["quantity"], usa["counted_from"], usa["sources"]) == (
        "M777",
        10,
        ["sipri"],
        ["sipri row 1"],
    )
    frag = api(analyst).get("/api/resilience/fragmentation", grouping="calibre")
    assert [(f["group"], f["types"], f["burden"]) for f in frag.body] == [
        ("artillery · 155 mm", 3, 4)
    ]
    assert frag.body[0]["type_units"] == {"M777": 10, "PzH 2000": 4, "FH70": 2}


def test_compare_without_saving(small, api, liaison_pl):
    response = api(liaison_pl).post("/api/resilience/compare", USA_STOPS)
    assert response.status == 200
    assert [
        (d["key"], *map(Decimal, (d["baseline"], d["scenario"], d["change"])))
        for d in response.body["by_requirement"]
    ] == [("ART-1", 18, 12, -6), ("ART-2", 4, 4, 0)]
    assert [(d["key"], d["unit_kind"]) for d in response.body["by_area"]] == [
        ("artillery", "items")
    ]
    assert response.body["effects"][0]["stopped"] == {"items": "6"}
    assert not Scenario.objects.exists()


def test_bad_rule_is_422_naming_the_field(small, api, coordinator):
    response = api(coordinator).post(
        "/api/resilience/compare", {"rules": [{"donor": "USA", "kind": "withdraw"}]}
    )
    assert response.status == 422 and "rules[0].start" in response.body["errors"]
    unknown = api(coordinator).post(
        "/api/resilience/compare", {"rules": [{"donor": "USA", "kind": "stop"}]}
    )
    assert unknown.status == 422 and "rules.0.kind" in unknown.body["errors"]
    nobody = api(coordinator).post(
        "/api/resilience/compare",
        {"rules": [{"donor": "XXX", "kind": "withdraw", "start": "2026-11-22"}]},
    )
    assert nobody.status == 422 and "rules[0].donor" in nobody.body["errors"]
    assert "'XXX' is not a known donor" in nobody.body["errors"]["rules[0].donor"][0]


def test_save_read_and_delete(small, api, coordinator, liaison_de):
    denied = api(liaison_de).post("/api/resilience/scenarios", USA_STOPS | {"name": "x"})
    assert denied.status == 403 and not Scenario.objects.exists()
    created = api(coordinator).post(
        "/api/resilience/scenarios",
        USA_STOPS | {"name": "US stops", "releasability": "participants"},
    )
    assert created.status == 201 and created.body["rules"][0]["donor"] == "USA"
    pk = created.body["id"]
    detail = api(liaison_de).get(f"/api/resilience/scenarios/{pk}")
    # Germany sees its owner-only 5 M777 as well: 20 covered before, 10 + 5 + FH70 2 = 17 after.
    assert detail.status == 200 and Decimal(detail.body["comparison"]["by_area"][0]["change"]) == -3
    assert api(liaison_de).get("/api/resilience/scenarios").body[0]["name"] == "US stops"
    assert (
        api(liaison_de)
        .client.delete(f"/api/resilience/scenarios/{pk}", headers=api(liaison_de)._headers())
        .status_code
        == 403
    )
    gone = api(coordinator).client.delete(
        f"/api/resilience/scenarios/{pk}", headers=api(coordinator)._headers()
    )
    assert gone.status_code == 204 and not Scenario.objects.exists()
    assert AuditEvent.objects.filter(action__in=["scenario.create", "scenario.delete"]).count() == 2


def test_concentration_and_duplicates(small, api, coordinator):
    conc = api(coordinator).get("/api/resilience/concentration", as_of="2026-11-22")
    assert conc.status == 200
    art2 = next(r for r in conc.body["requirements"] if r["key"] == "ART-2")
    assert art2["single_donor"] and art2["shares"] == {"POL": 1.0}
    groups = api(coordinator).get("/api/resilience/duplicates").body
    assert {(g["donor"], g["keep"]["dataset"]) for g in groups} == {
        ("USA", "sipri"),
        ("POL", "oryx"),
    }


def test_anonymous_is_401(small, api):
    assert api(None).get("/api/resilience/fleet").status == 401
