"""GET /api/aid/lines, /lines/{id}, /proposals; POST /decisions and /decisions/{id}/withdraw."""

from __future__ import annotations

from nsatu.aid.models import LinkDecision


def test_lines_carry_their_attestations_and_figures(aid_world, api, liaison_pl):
    response = api(liaison_pl).get("/api/aid/lines", donor="NOR")
    assert response.status == 200
    [line] = response.body["items"]
    assert (line["id"], line["committed"], line["delivered"]) == (
        f"L{aid_world.kiel_leopard.pk}",
        8,
        8,
    )
    sipri = next(a for a in line["attestations"] if a["dataset"] == "sipri")
    assert sipri["row"] == 137 and {"stage": "delivered", "value": 8} in sipri["figures"]
    assert len(line["attestations"]) == 3  # not Norway's owner-only entry


def test_a_line_in_detail_and_a_hidden_one_is_404(aid_world, api, liaison_pl, liaison_no):
    hidden = f"/api/aid/lines/L{aid_world.secret_m777.pk}"
    assert api(liaison_pl).get(hidden).status == 404
    own = api(liaison_no).get(hidden)
    assert own.status == 200 and own.body["committed"] == 6 and own.body["links"] == []
    detail = api(liaison_pl).get(f"/api/aid/lines/L{aid_world.kiel_leopard.pk}").body
    assert len(detail["links"]) == 2 and detail["decisions"] == []


def test_proposals_decisions_and_withdrawal(aid_world, api, coordinator, liaison_no):
    w = aid_world
    [proposal] = api(coordinator).get("/api/aid/proposals").body["items"]
    assert (proposal["first"], proposal["second"]) == (w.sipri_aim7.pk, w.oryx_aim7.pk)
    body = {"first": w.oryx_aim7.pk, "second": w.sipri_aim7.pk, "verdict": "confirm"}
    refused = api(liaison_no).post("/api/aid/decisions", body)
    assert refused.status == 403 and "may not" in refused.body["detail"]
    created = api(coordinator).post("/api/aid/decisions", body)
    assert created.status == 201 and created.body["decided_by"] == "coord.ribeiro"
    assert api(coordinator).post("/api/aid/decisions", body).status == 200
    line = api(coordinator).get(f"/api/aid/lines/L{w.sipri_aim7.pk}").body
    assert "delivered" in line["disagreements"] and len(line["attestations"]) == 2
    assert api(coordinator).get("/api/aid/proposals").body["items"] == []
    decision_id = created.body["id"]
    withdrawn = api(coordinator).post(f"/api/aid/decisions/{decision_id}/withdraw", {})
    assert withdrawn.status == 200 and withdrawn.body["withdrawn_by"] == "coord.ribeiro"
    assert LinkDecision.objects.filter(withdrawn_at__isnull=True).count() == 0


def test_bad_input_names_the_field(aid_world, api, coordinator):
    response = api(coordinator).post(
        "/api/aid/decisions", {"first": aid_world.sipri_aim7.pk, "second": 1, "verdict": "merge"}
    )
    assert response.status == 422 and "verdict" in response.body["errors"]
    hidden = api(coordinator).post(
        "/api/aid/decisions",
        {
            "first": aid_world.kiel_leopard.pk,
            "second": aid_world.entered_leopard.pk,
            "verdict": "confirm",
        },
    )
    assert hidden.status == 404
