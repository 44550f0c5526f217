"""GET /api/coalitions/ and /api/coalitions/{id}."""

from __future__ import annotations

from nsatu.core.models import Releasability
from nsatu.parties.models import Coalition


def test_list_and_detail(air, api, analyst, coordinator):
    caller = api(analyst)
    listed = caller.get("/api/coalitions/")
    assert listed.status == 200
    (item,) = listed.body["items"]
    assert item["capability_area_label"] == "Air defence" and item["udcg"] is True
    assert [(m["party"]["code"], m["lead"], m["source_url"]) for m in item["members"]] == [
        ("DEU", True, "https://example.org/iamd-leads"),
        ("USA", False, "https://example.org/iamd-members"),
    ]
    # the requirement is released to participants: the analyst reads the coalition, not its coverage
    assert caller.get(f"/api/coalitions/{air.coalition.pk}").body["coverage_requirements"] == []
    detail = api(coordinator).get(f"/api/coalitions/{air.coalition.pk}")
    assert detail.status == 200
    body = detail.body
    assert [r["reference"] for r in body["coverage_requirements"]] == ["UA-2026-0101"]
    assert body["coverage_requirements"][0]["committed"] == "6"
    assert [d["code"] for d in body["aid_members"]] == ["DEU"]
    assert body["established_source_url"] == "https://example.org/iamd-launch"


def test_filters_and_a_hidden_coalition(air, api, parties, liaison_de):
    secret = Coalition.objects.create(
        name="Polish planning cell",
        capability_area="armour",
        owner=parties["POL"],
        releasability=Releasability.OWNER,
    )
    caller = api(liaison_de)
    assert caller.get(f"/api/coalitions/{secret.pk}").status == 404
    armour = caller.get("/api/coalitions/", capability_area="armour")
    assert armour.body["items"] == []
    assert caller.get("/api/coalitions/", udcg="false").body["count"] == 0
