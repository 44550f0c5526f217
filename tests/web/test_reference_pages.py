"""Donors, catalogue, flows and sources pages: what a staff officer reads off them."""

from __future__ import annotations

import re

from django.urls import reverse

from nsatu.core.models import Releasability
from nsatu.flows.models import Flow


def test_party_list_shows_codes_kinds_and_membership_badges(web_data, as_user, coordinator):
    client = as_user(coordinator)
    html = client.get(reverse("parties:list")).content.decode()
    row = html[html.index(">Germany</a>"):]
    row = row[:row.index("</tr>")]
    assert "DEU" in row and "Nation" in row
    assert [b for b in ("NATO", "EU", "G7", "UDCG") if f'badge-{b}"' in row] == ["NATO", "EU", "G7", "UDCG"]
    nato_only = client.get(reverse("parties:list") + "?group=G7").content.decode()
    assert ">Germany</a>" in nato_only and ">Poland</a>" not in nato_only


def test_party_detail_gdp_defence_with_estimate_and_guideline(web_data, as_user, liaison_pl):
    html = as_user(liaison_pl).get(reverse("parties:detail", args=["DEU"])).content.decode()
    assert "4,525,703,903,628" in html  # 2023 GDP, full dollars
    assert "1.52 %" in html and "2.12 %" in html
    assert "NATO estimate" in html
    spec = re.search(r'<script id="chart-defence" type="application/json">(.*?)</script>', html, re.S)
    assert spec and '"refLine": {"label": "2 % guideline", "value": 2.0}' in spec.group(1)
    assert "6,800,000,000" in html  # Kiel military total of Germany
    assert reverse("pledges:detail", args=[web_data.german_pledge.pk]) in html
    assert "Classified package" not in html


def test_unknown_party_is_404(web_data, as_user, coordinator):
    assert as_user(coordinator).get(reverse("parties:detail", args=["XXX"])).status_code == 404


def test_catalogue_formats_nsn_and_lists_ammunition_and_substitutes(web_data, as_user, planner):
    client = as_user(planner)
    html = client.get(reverse("catalogue:list")).content.decode()
    assert "1025-01-412-3456" in html
    assert "PzH 2000</a>" in html
    row = html[html.index(">155 mm HE shell</a>"):]
    assert "155 mm NATO" in row[:row.index("</tr>")]
    soviet = client.get(reverse("catalogue:list") + "?standard=Soviet").content.decode()
    assert "M777 howitzer" not in soviet
    detail = client.get(reverse("catalogue:detail", args=[web_data.howitzer.pk])).content.decode()
    assert "1025-01-412-3456" in detail and "PzH 2000" in detail


def test_catalogue_list_query_count(web_data, as_user, planner, django_assert_max_num_queries):
    client = as_user(planner)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("catalogue:list")).status_code == 200


def test_flows_indent_children_under_their_parent_and_count_once(web_data, as_user, coordinator):
    html = as_user(coordinator).get(reverse("flows:list")).content.decode()
    order = re.findall(r'<tr class="([^"]+)" data-flow="(\d+)"', html)
    ids = [int(pk) for _cls, pk in order]
    fund, purchase, delivery = web_data.fund_flow.pk, web_data.purchase_flow.pk, web_data.delivery_flow.pk
    assert ids.index(purchase) == ids.index(fund) + 1
    assert ids.index(delivery) == ids.index(purchase) + 1
    classes = dict((int(pk), cls) for cls, pk in order)
    assert classes[fund] == "root" and classes[purchase] == "child depth-1" and classes[delivery] == "child depth-2"
    german = Flow.objects.get(pk=web_data.german_flow.pk)
    # 100 M EUR into PURL counted once, plus the German USD flow at its ECB rate.
    total = 100_000_000 + int(german.amount_eur.quantize(1))
    assert f'data-testid="flow-total">{total:,}<' in html
    assert german.eur_rate_date.isoformat() in html
    assert f"{german.eur_rate:.4f}" in html
    by_recipient = html[html.index('id="flow-by-recipient"'):]
    by_recipient = by_recipient[:by_recipient.index("</table>")]
    # 80 M reached Ukraine through the chain, 20 M stayed in the fund.
    assert f">{80_000_000 + int(german.amount_eur.quantize(1)):,}<" in by_recipient
    assert ">20,000,000<" in by_recipient


def test_flow_with_hidden_parent_is_a_root_for_that_user(web_data, as_user, liaison_pl):
    Flow.objects.filter(pk=web_data.fund_flow.pk).update(releasability=Releasability.OWNER)
    html = as_user(liaison_pl).get(reverse("flows:list")).content.decode()
    order = re.findall(r'<tr class="([^"]+)" data-flow="(\d+)"', html)
    assert ("root", str(web_data.purchase_flow.pk)) in order
    assert str(web_data.fund_flow.pk) not in [pk for _c, pk in order]
    assert "Norway pays into PURL" not in html


def test_sources_page_shows_datasets_issue_counts_and_attribution(web_data, as_user, analyst):
    client = as_user(analyst)
    html = client.get(reverse("sources:list")).content.decode()
    row = html[html.index("Kiel Institute Ukraine Support Tracker, release 29</a>"):]
    row = row[:row.index("</tr>")]
    assert "1,079" in row and "2026-05-01 12:00" in row
    assert '">2</a></td>' in row  # two import issues
    attribution = html[html.index('id="attribution"'):]
    assert "Trebesch et al., Ukraine Support Tracker, Kiel Institute for the World Economy" in attribution
    assert "ODC-PDDL-1.0" in attribution
    detail = client.get(reverse("sources:detail", args=["kiel-ust-r29"])).content.decode()
    assert "delivery to Russia, skipped" in detail and ">342<" in detail and "supplier" in detail
    assert client.get(reverse("sources:detail", args=["no-such-dataset"])).status_code == 404


def test_footer_credits_sources_on_every_page(web_data, as_user, planner):
    html = as_user(planner).get(reverse("needs:list")).content.decode()
    footer = html[html.index('<footer class="site-footer">'):]
    assert "Kiel Institute" in footer and "SIPRI" in footer
    assert f'href="{reverse("sources:list")}"' in footer


def test_flow_csv_lists_each_flow_with_its_parent_and_rate(web_data, as_user, coordinator):
    body = as_user(coordinator).get(reverse("flows:list") + "?format=csv").content.decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0].startswith("id,parent_id,source,destination,kind,date,amount,currency,amount_eur,eur_rate")
    assert len(lines) == 5
    assert any(line.startswith(f"{web_data.purchase_flow.pk},{web_data.fund_flow.pk},PURL,USA,money,2025-10-01")
               for line in lines)
