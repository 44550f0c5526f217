from __future__ import annotations

import re

from nsatu.agreements.models import AgreementLink, FundEntry


def test_list_shows_partners_sources_and_the_computed_count(
    run_import, as_user, coordinator, django_assert_max_num_queries
):
    run_import("agreements")
    client = as_user(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get("/agreements/")
    html = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r'<tr data-agreement="\d+">', html)) == 28
    assert re.search(r'data-testid="count-eve">17<', html)
    assert re.search(r'data-testid="count-undated">11<', html)
    assert "https://www.pravda.com.ua/eng/news/2024/06/27/7462938/" in html
    assert 'data-chart="chart-timeline"' in html and "<script>" not in html
    assert 'href="/agreements/"' in html  # in the navigation
    assert re.search(
        r'data-testid="count-on">Signed by 2024-02-24: 6\.',
        client.get("/agreements/", {"on": "2024-02-24"}).content.decode(),
    )


def test_detail_link_a_pledge_and_see_the_years_delivered_change(scene, as_user, coordinator):
    client = as_user(coordinator)
    page = client.get(f"/agreements/{scene.de.pk}/").content.decode()
    assert re.search(r'data-testid="delivered-2025">0<', page)
    response = client.post(f"/agreements/{scene.de.pk}/link/", {"pledge": scene.pledge_de.pk})
    assert response.status_code == 302
    page = client.get(f"/agreements/{scene.de.pk}/").content.decode()
    assert re.search(r'data-testid="delivered-2025">600,000,000<', page)


def test_link_refusals(scene, as_user, liaison_de, liaison_pl, analyst):
    response = as_user(liaison_de).post(
        f"/agreements/{scene.de.pk}/link/", {"pledge": scene.pledge_pl.pk}
    )
    assert response.status_code == 400 and "No pledge with this id" in response.content.decode()
    response = as_user(analyst).post(
        f"/agreements/{scene.no.pk}/link/", {"pledge": scene.pledge_no.pk}
    )
    assert response.status_code == 403
    assert as_user(liaison_de).get(f"/agreements/{scene.pl_secret.pk}/").status_code == 404
    assert as_user(liaison_pl).get(f"/agreements/{scene.pl_secret.pk}/").status_code == 200
    assert not AgreementLink.objects.exists()


def test_burden_page(run_import, as_user, analyst, django_assert_max_num_queries):
    run_import("memberships")
    run_import("kiel-aid")
    run_import("nato-defence")
    client = as_user(analyst)
    with django_assert_max_num_queries(15):
        response = client.get("/agreements/burden-sharing/", {"year": 2024, "target": "3.5"})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<tr data-year="2024"><td>2024</td><td class="num">23</td>', html)
    assert re.search(r'<tr data-year="2014"><td>2014</td><td class="num">3</td>', html)
    assert 'data-chart="chart-fair"' in html and 'data-chart="chart-share"' in html


def test_fund_page_refuses_an_overdraft(as_user, coordinator, parties):
    client = as_user(coordinator)
    ok = client.post(
        "/agreements/funds/PURL/",
        {
            "kind": "contribution",
            "counterparty": "NOR",
            "date": "2025-08-05",
            "amount": "100",
            "currency": "EUR",
        },
    )
    assert ok.status_code == 302
    refused = client.post(
        "/agreements/funds/PURL/",
        {
            "kind": "spending",
            "counterparty": "USA",
            "date": "2025-08-05",
            "amount": "150",
            "currency": "EUR",
        },
    )
    assert (
        refused.status_code == 400
        and "it would go EUR 50.00 below zero" in refused.content.decode()
    )
    assert FundEntry.objects.count() == 1
    page = client.get("/agreements/funds/PURL/").content.decode()
    assert re.search(r'data-testid="balance">100<', page)
    assert client.get("/agreements/funds/DEU/").status_code == 404


def test_the_purl_page_lists_the_reference_packages_with_rate_date_and_source(
    run_import, as_user, coordinator
):
    run_import("memberships")
    run_import("purl")
    html = as_user(coordinator).get("/agreements/funds/PURL/").content.decode()
    # Germany's USD 500 m of 13 Aug 2025, at that day's ECB rate, with its source address.
    row = re.search(
        r"<tr data-flow=\"\d+\"><td>\d+</td><td>DEU → PURL</td><td>2025-08-13</td>.*?</tr>",
        html,
        re.S,
    )
    assert row is not None
    assert "500,000,000 USD" in row.group(0) and "2025-08-13</td><td>" in row.group(0)
    assert (
        "https://www.uawire.org/germany-to-fund-500-million-aid-package-for-ukraine" in row.group(0)
    )
