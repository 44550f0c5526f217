from __future__ import annotations

from nsatu.agreements.models import AgreementLink


def test_list_count_and_visibility(scene, api, liaison_de, liaison_pl):
    titles = {a["title"] for a in api(liaison_de).get("/api/agreements/").body}
    assert titles == {scene.de.title, scene.no.title}
    assert api(liaison_pl).get("/api/agreements/count", on="2024-07-09").body == {
        "on": "2024-07-09",
        "signed": 3,
    }
    assert api(liaison_de).get("/api/agreements/count").body == {"on": "2024-07-09", "signed": 2}
    assert api(liaison_de).get(f"/api/agreements/{scene.pl_secret.pk}").status == 404


def test_link_a_pledge_and_read_the_years(scene, api, liaison_de, liaison_no):
    created = api(liaison_de).post(
        f"/api/agreements/{scene.de.pk}/links", {"pledge": scene.pledge_de.pk}
    )
    assert created.status == 201 and created.body["pledge"] == scene.pledge_de.pk
    [year] = api(liaison_de).get(f"/api/agreements/{scene.de.pk}/years").body
    assert (year["year"], year["delivered_eur"], year["committed_eur"], year["met"]) == (
        2025,
        "600000000.00",
        "1000000000.00",
        False,
    )
    refused = api(liaison_no).post(
        f"/api/agreements/{scene.de.pk}/links", {"pledge": scene.pledge_de.pk}
    )
    assert refused.status == 403
    both = api(liaison_de).post(f"/api/agreements/{scene.de.pk}/links", {"pledge": 1, "flow": 1})
    assert both.status == 422
    assert AgreementLink.objects.count() == 1


def test_fund_totals_and_guideline(api, coordinator, parties):
    body = api(coordinator).get("/api/agreements/funds/purl").body
    figures = ("contributions_eur", "commitments_eur", "spending_eur", "balance_eur")
    assert (body["fund"], body["recorded"]) == ("PURL", False)
    assert [body[k] for k in figures] == ["0", "0", "0", "0"]
    assert api(coordinator).get("/api/agreements/funds/DEU").status == 404
    assert api(coordinator).get("/api/agreements/defence-guideline", target=2).body == {}


def test_register_a_framework(api, coordinator, liaison_de, parties):
    payload = {
        "title": "G7 Joint Declaration of Support for Ukraine",
        "parties": ["DEU", "USA", "UKR"],
        "owner": "NSATU",
        "signed_on": "2023-07-12",
        "source_url": "https://www.consilium.europa.eu/",
    }
    created = api(coordinator).post("/api/agreements/", payload)
    assert created.status == 201 and created.body["kind"] == "multilateral"
    assert sorted(created.body["parties"]) == ["DEU", "UKR", "USA"]
    assert api(liaison_de).post("/api/agreements/", payload).status == 403
    assert (
        api(coordinator).post("/api/agreements/", {**payload, "parties": ["XXX", "UKR"]}).status
        == 422
    )
