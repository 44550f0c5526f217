from tests.intake.conftest import GERMAN_STATEMENT


def test_store_a_text_and_review_its_claims_through_the_api(
    api, coordinator, liaison_de, liaison_pl, donors, catalogue
):
    stored = api(coordinator).post(
        "/api/intake/documents", {"text": GERMAN_STATEMENT, "title": "Statement"}
    )
    assert stored.status == 201, stored.body
    by_evidence = {c["evidence"]: c for c in stored.body}
    funds = by_evidence["€500 million"]
    assert (funds["donor"]["code"], funds["amount"], funds["classification"]) == (
        "DEU",
        "500000000.00",
        "new_pledge",
    )
    queue = api(liaison_pl).get("/api/intake/claims", queue="true")
    assert [c["evidence"] for c in queue.body["items"]] == ["$100 million"]
    refused = api(liaison_pl).post(f"/api/intake/claims/{funds['id']}/confirm", {"version": 1})
    assert refused.status == 403
    confirmed = api(liaison_de).post(f"/api/intake/claims/{funds['id']}/confirm", {"version": 1})
    assert confirmed.status == 200, confirmed.body
    assert confirmed.body["claim"]["status"] == "confirmed"
    pledge = api(liaison_de).get(f"/api/pledges/{confirmed.body['pledge']}")
    assert pledge.body["status"] == "announced"


def test_bad_input_through_the_api(api, coordinator, donors):
    empty = api(coordinator).post("/api/intake/documents", {"text": "   "})
    assert empty.status == 422 and "empty" in empty.body["detail"]
    unknown = api(coordinator).post("/api/intake/documents", {"text": "x" * 50, "kind": "pdf"})
    assert unknown.status == 422


def test_patch_and_reject_through_the_api(api, german, coordinator, liaison_pl):
    _, claims = german
    claim = claims["$100 million"]
    patched = api(liaison_pl).patch(
        f"/api/intake/claims/{claim.pk}", {"version": 1, "donor": "POL"}
    )
    assert patched.status == 200 and patched.body["donor"]["code"] == "POL"
    stale = api(liaison_pl).post(
        f"/api/intake/claims/{claim.pk}/reject", {"version": 1, "reason": "dup"}
    )
    assert stale.status == 409
    rejected = api(liaison_pl).post(
        f"/api/intake/claims/{claim.pk}/reject", {"version": 2, "reason": "dup"}
    )
    assert rejected.status == 200 and rejected.body["status"] == "rejected"
