"""The ledger's pages: the list with its CSV, a line's sources side by side, the proposals queue, decisions."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from nsatu.aid.models import LinkDecision


def test_the_list_shows_lines_badges_and_filters(aid_world, as_user, coordinator):
    page = as_user(coordinator).get(reverse("aid:lines"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"L{aid_world.kiel_leopard.pk}" in html and "Leopard 2A4" in html
    assert "badge-illustrative" in html  # Germany's remainder offer
    only = as_user(coordinator).get(reverse("aid:lines"), {"donor": "POL"}).content.decode()
    assert "Sparrow" in only and "Leopard 2A4" not in only


def test_the_csv_has_one_row_per_visible_line_with_its_sources(aid_world, as_user, liaison_pl):
    response = as_user(liaison_pl).get(reverse("aid:lines"), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    leopard = next(r for r in rows if r["Line"] == f"L{aid_world.kiel_leopard.pk}")
    assert (leopard["Committed"], leopard["Delivered"], leopard["Illustrative"]) == ("8", "8", "No")
    assert leopard["Kind"] == "In kind"
    assert leopard["Sources"].startswith("sipri, row 137: 8 ordered, 8 delivered")
    assert "kiel-weapons, row 7: 8 committed" in leopard["Sources"]
    assert "entered" not in leopard["Sources"]  # Norway's owner-only entry is not Poland's to see
    assert all("spring" not in r["Sources"] for r in rows) and len(rows) == 4


def test_a_line_shows_each_source_its_links_and_a_hidden_line_is_404(
    aid_world, as_user, liaison_pl
):
    client = as_user(liaison_pl)
    page = client.get(reverse("aid:line", args=[f"L{aid_world.kiel_leopard.pk}"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "SIPRI arms transfers" in html and "https://example.org/oryx/leopard.jpg" in html
    assert "Same item type." in html and "Confirm: one donation" not in html
    hidden = client.get(reverse("aid:line", args=[f"L{aid_world.secret_m777.pk}"]))
    assert hidden.status_code == 404
    assert client.get(reverse("aid:line", args=["nonsense"])).status_code == 404


def test_the_coordinator_confirms_a_proposal_and_withdraws_it_from_the_line(
    aid_world, as_user, coordinator
):
    w = aid_world
    client = as_user(coordinator)
    queue = client.get(reverse("aid:proposals")).content.decode()
    assert "Confirm: one donation" in queue and "Designations share the stem aim7." in queue
    line_id = f"L{w.sipri_aim7.pk}"
    response = client.post(
        reverse("aid:decide"),
        {"first": w.sipri_aim7.pk, "second": w.oryx_aim7.pk, "verdict": "confirm", "line": line_id},
    )
    assert response.status_code == 302 and response.url == reverse("aid:line", args=[line_id])
    decision = LinkDecision.objects.get()
    page = client.get(response.url).content.decode()
    assert (
        "Confirmed by a coordinator." in page
        and '<mark title="The sources disagree on this figure">287</mark>' in page
    )
    back = client.post(reverse("aid:withdraw", args=[decision.pk]), {"line": line_id})
    assert back.status_code == 302
    decision.refresh_from_db()
    assert decision.withdrawn_at is not None


def test_a_liaisons_decision_is_refused_with_a_message(aid_world, as_user, liaison_no):
    client = as_user(liaison_no)
    response = client.post(
        reverse("aid:decide"),
        {"first": aid_world.sipri_aim7.pk, "second": aid_world.oryx_aim7.pk, "verdict": "split"},
        follow=True,
    )
    assert "may not decide" in response.content.decode()
    assert "Confirm: one donation" not in response.content.decode()
    assert LinkDecision.objects.count() == 0
