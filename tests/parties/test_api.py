from __future__ import annotations

from nsatu.audit.models import AuditEvent
from nsatu.parties.models import Party


def _codes(response) -> list[str]:
    return [p["code"] for p in response.body["items"]]


def test_list_filters_by_kind_group_and_search(world, api, analyst):
    caller = api(analyst)
    everyone = caller.get("/api/parties/")
    assert everyone.status == 200 and everyone.body["count"] == 7
    assert _codes(caller.get("/api/parties/", kind="fund")) == ["PURL"]
    assert sorted(_codes(caller.get("/api/parties/", group="NATO"))) == ["DEU", "POL"]
    assert _codes(caller.get("/api/parties/", search="germ")) == ["DEU"]
    assert _codes(caller.get("/api/parties/", search="pol")) == ["POL"]
    assert caller.get("/api/parties/", group="WARSAW").status == 422


def test_list_pages_with_limit_offset_and_count(world, api, analyst):
    page = api(analyst).get("/api/parties/", limit=2, offset=2)
    assert page.body["count"] == 7
    assert len(page.body["items"]) == 2
    assert _codes(page) == ["NSATU", "NOR"]  # ordered by name: Germany, NATO…, NSATU, Norway, …
    assert api(analyst).get("/api/parties/", limit=500).status == 200
    assert api(analyst).get("/api/parties/", limit=501).body["errors"] == {
        "limit": ["Input should be less than or equal to 500"]
    }


def test_detail_has_memberships_and_the_sources_own_series(world, api, liaison_pl):
    response = api(liaison_pl).get("/api/parties/deu")
    assert response.status == 200
    body = response.body
    assert body["name"] == "Germany"
    assert body["memberships"] == [{"group": "EU", "since": 1958}, {"group": "NATO", "since": 1955}]
    # World Bank figure kept exactly, as a string; NATO's share as the workbook's float with its estimate flag.
    assert body["gdp"] == [
        {"year": 2022, "usd": "4082469490797.68"},
        {"year": 2023, "usd": "4456081016705.96"},
    ]
    assert body["defence_spending"][1] == {"year": 2023, "pct_gdp": 1.6404, "is_estimate": True}


def test_unknown_party_is_404(world, api, liaison_pl):
    assert api(liaison_pl).get("/api/parties/XXX").status == 404


def test_coordinator_registers_and_edits_a_party_with_its_version(world, api, coordinator):
    created = api(coordinator).post(
        "/api/parties/", {"code": "dnk", "name": "Denmark", "kind": "nation"}
    )
    assert created.status == 201, created.body
    assert (created.body["code"], created.body["name"], created.body["version"]) == (
        "DNK",
        "Denmark",
        1,
    )
    assert AuditEvent.objects.filter(
        action="party.create", object_id=str(Party.objects.get(code="DNK").pk)
    ).exists()
    renamed = api(coordinator).patch(
        "/api/parties/DNK", {"version": 1, "name": "Kingdom of Denmark"}
    )
    assert renamed.status == 200 and (renamed.body["name"], renamed.body["version"]) == (
        "Kingdom of Denmark",
        2,
    )
    stale = api(coordinator).patch("/api/parties/DNK", {"version": 1, "kind": "organisation"})
    assert stale.status == 409 and "name is now 'Kingdom of Denmark'" in stale.body["detail"]
    assert Party.objects.get(code="DNK").kind == "nation"


def test_party_writes_are_for_the_coordinator_and_bad_input_names_the_field(
    world, api, coordinator, liaison_de
):
    before = Party.objects.count()
    assert api(liaison_de).post("/api/parties/", {"code": "DNK", "name": "Denmark"}).status == 403
    assert (
        api(liaison_de).patch("/api/parties/DEU", {"version": 1, "name": "Deutschland"}).status
        == 403
    )
    for body, field in [
        ({"code": "XQZ", "name": "Nowhere"}, "code"),  # not an ISO 3166 country
        ({"code": "DEU", "name": "Germany again"}, "code"),
        ({"code": "DNK", "name": ""}, "name"),
        ({"code": "DNK", "name": "Denmark", "kind": "empire"}, "kind"),
        ({"code": "DNK", "name": "Denmark", "releasability": "owner"}, "releasability"),
    ]:
        response = api(coordinator).post("/api/parties/", body)
        assert response.status == 422, (body, response.body)
        assert field in response.body["errors"], (body, response.body)
    patched = api(coordinator).patch("/api/parties/DEU", {"version": 1, "code": "GER"})
    assert patched.status == 422 and list(patched.body["errors"]) == ["code"]
    assert api(coordinator).patch("/api/parties/XXX", {"version": 1, "name": "x"}).status == 404
    assert Party.objects.count() == before and Party.objects.get(code="DEU").name == "Germany"
