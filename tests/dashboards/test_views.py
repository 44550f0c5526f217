"""The pages composing several domains: the overview, requirement list and detail, party and item type detail."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from nsatu.accounts.models import User
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Role
from nsatu.core.models import Releasability
from nsatu.needs.models import PeriodChoice, Requirement, RequirementStatus


def _chart(html: str, chart_id: str) -> dict:
    match = re.search(
        rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, chart_id
    return json.loads(match.group(1))


def test_overview_shows_kiel_totals_in_full_euros_and_bn(web_data, as_user, analyst):
    html = as_user(analyst).get(reverse("dashboards:overview")).content.decode()
    # USA: 30.75 military, 13.5 financial, 1.5 humanitarian (EUR bn) -> 45.75 bn in full euros.
    assert "45,750,000,000" in html
    # All donors: military 39.55, financial 14.2, humanitarian 2.85 -> 56.60 bn.
    assert ">56.60<" in html
    assert ">39.55<" in html
    donors = _chart(html, "chart-donor-aid")
    assert donors["labels"][:3] == ["United States", "Germany", "Poland"]
    assert [d["label"] for d in donors["datasets"]] == ["Military", "Financial", "Humanitarian"]
    assert donors["datasets"][0]["data"][:3] == [30.75, 6.8, 2.0]
    over_time = _chart(html, "chart-aid-time")
    assert over_time["labels"] == ["2022-03", "2023-01", "2024-06"]
    assert over_time["datasets"][0]["data"] == [13.7, 22.75, 3.1]
    weapons = _chart(html, "chart-weapons")
    assert weapons["labels"][0] == "Poland"
    assert {d["label"] for d in weapons["datasets"]} == {"Air defence", "Howitzers", "Tanks"}


def test_overview_lists_published_requirements_with_their_coverage(web_data, as_user, coordinator):
    html = as_user(coordinator).get(reverse("dashboards:overview")).content.decode()
    table = html[html.index('id="overview-requirements"') :]
    table = table[: table.index("</table>")]
    assert "UA-2025-0001" in table and "UA-2025-0004" in table
    assert "UA-2025-0002" not in table  # only submitted
    assert "</meter> 25 %</td>" in table  # 50,000 committed of 200,000
    # Coverage counts quantities: the delivered Norwegian funds pledge covers no launcher.
    assert "</meter> 0 %</td>" in table
    assert "Illustrative scenario built from publicly stated requirements." in html
    area = _chart(html, "chart-area")
    # One bar per area and unit kind: a kind is never added to another.
    assert dict(zip(area["labels"], area["datasets"][0]["data"], strict=True)) == {
        "Air defence (Items)": 0.0,
        "Artillery (Rounds)": 25.0,
    }
    areas = html[html.index('id="area-coverage"') :]
    assert 'data-area="artillery" data-unit-kind="rounds"' in areas[: areas.index("</table>")]


def test_illustrative_note_only_when_requirements_are_illustrative(web_data, as_user, coordinator):
    Requirement.objects.update(illustrative=False)
    html = as_user(coordinator).get(reverse("dashboards:overview")).content.decode()
    assert "Illustrative scenario" not in html


def test_coverage_counts_only_pledges_the_user_may_see(web_data, as_user, analyst):
    # The analyst reads public records only: the German (participants) pledge does not count for them.
    html = as_user(analyst).get(reverse("dashboards:overview")).content.decode()
    table = html[html.index('id="overview-requirements"') :]
    assert "UA-2025-0004" not in table  # participants-only requirement
    assert "</meter> 0 %</td>" in table


def _more_requirements(parties) -> None:
    for n in range(30):
        Requirement.objects.create(
            reference=f"UA-X-{n:03d}",
            title=f"Need {n}",
            capability_area="drones",
            quantity=10,
            status=RequirementStatus.PUBLISHED,
            owner=parties["UKR"],
            releasability=Releasability.PARTICIPANTS,
        )


@pytest.mark.parametrize(
    ("page", "limit"),
    [
        ("overview", 21),  # + "My work": proposals, receipts and late shipments awaiting the reader
        ("list", 17),
        ("detail", 20),
        ("party", 23),
        ("item", 34),  # + the cache key's change stamps: one aggregate per table the page reads
    ],
)
def test_page_query_counts_do_not_grow_with_requirements(
    web_data, as_user, coordinator, parties, django_assert_max_num_queries, page, limit
):
    urls = {
        "overview": reverse("dashboards:overview"),
        "list": reverse("needs:list"),
        "detail": reverse("needs:detail", args=[web_data.published.pk]),
        "party": reverse("parties:detail", args=["DEU"]),
        "item": reverse("catalogue:detail", args=[web_data.shell.pk]),
    }
    client = as_user(coordinator)
    client.get(urls[page])  # the session and the caches are warm
    # The derived results kept in Django's cache (a donor's lines) are emptied: both reads compute.
    cache.clear()
    with django_assert_max_num_queries(limit) as few:
        assert client.get(urls[page]).status_code == 200
    _more_requirements(parties)
    cache.clear()
    with django_assert_max_num_queries(limit) as many:
        response = client.get(urls[page])
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries), page
    if page == "overview":
        assert "UA-X-029" in response.content.decode()


def test_empty_overview_says_what_is_missing(db, as_user, coordinator):
    html = as_user(coordinator).get(reverse("dashboards:overview")).content.decode()
    assert "No published requirements yet." in html
    assert "The Kiel tracker has not been imported yet." in html


# The requirement list and detail (coverage by pledges).


def test_workflow_buttons_follow_the_role(web_data, as_user, coordinator, liaison_de, planner):
    url = reverse("needs:detail", args=[web_data.submitted.pk])
    coordinator_html = as_user(coordinator).get(url).content.decode()
    assert 'value="validated"' in coordinator_html
    assert ">Validate<" in coordinator_html
    liaison_html = as_user(liaison_de).get(url).content.decode()
    assert 'value="validated"' not in liaison_html
    assert "Your role has no workflow step on this requirement" in liaison_html
    planner_html = as_user(planner).get(url).content.decode()
    assert 'value="validated"' not in planner_html
    assert 'value="draft"' in planner_html


def test_detail_shows_the_six_stages_and_the_lines_that_make_them(web_data, as_user, coordinator):
    html = (
        as_user(coordinator)
        .get(reverse("needs:detail", args=[web_data.published.pk]))
        .content.decode()
    )
    stages = html[html.index('id="coverage-stages"') :]
    stages = stages[: stages.index("</table>")]
    assert re.findall(r'data-stage="(\w+)"', stages) == [
        "announced",
        "committed",
        "allocated",
        "shipped",
        "delivered",
        "in_service",
    ]
    # Stages count the units that reached them or a later one: Poland's 30,000 only announced.
    assert 'data-testid="coverage-announced">80,000<' in stages
    assert 'data-testid="coverage-committed">50,000<' in stages
    assert 'data-testid="coverage-allocated">50,000<' in stages
    assert 'data-testid="coverage-delivered">0<' in stages
    assert 'data-testid="coverage-firm">50,000<' in stages
    assert 'data-testid="coverage-gap">150,000<' in stages
    assert 'data-testid="needed">' in html and "200,000 rounds needed" in html
    assert "Illustrative scenario built from publicly stated requirements." in html
    # Both earmarked pledges are listed.
    assert reverse("pledges:detail", args=[web_data.german_pledge.pk]) in html
    assert reverse("pledges:detail", args=[web_data.polish_pledge.pk]) in html


def test_status_filter_and_csv(web_data, as_user, coordinator):
    client = as_user(coordinator)
    html = client.get(reverse("needs:list") + "?status=submitted").content.decode()
    assert "UA-2025-0002" in html
    assert "UA-2025-0001" not in html
    csv = client.get(reverse("needs:list") + "?status=published&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.getvalue().decode("utf-8-sig")
    assert body.splitlines()[0] == (
        "Reference,Title,Capability area,Priority,Needed by,Quantity,Unit,Unit kind,Period,Status,"
        "Needed (counted),Announced,Committed,Allocated,Shipped,Delivered,In service,Covered share,"
        "Illustrative"
    )
    total = PeriodChoice.TOTAL.label
    assert (
        f"UA-2025-0001,155 mm shells,Artillery,1,2026-12-31,200000.00,rounds,Rounds,{total},"
        "Published,200000,80000,50000,50000,0,0,0,0.2500,Yes"
    ) in body
    everything = client.get(reverse("needs:list") + "?format=csv").getvalue().decode("utf-8-sig")
    # A requirement that is not published has no coverage figures, not zeros.
    assert (
        f"UA-2025-0002,Towed howitzers,Artillery,2,,24.00,units,Items,{total},Submitted,,,,,,,,,No"
        in (everything)
    )


def test_imported_requirements_link_to_their_source(web_data, as_user, coordinator):
    Requirement.objects.filter(pk=web_data.published.pk).update(
        dataset=web_data.kiel, source_row=5, source_url="https://www.mil.gov.ua/example"
    )
    html = (
        as_user(coordinator)
        .get(reverse("needs:detail", args=[web_data.published.pk]))
        .content.decode()
    )
    source = html[html.index('data-testid="source"') :]
    source = source[: source.index("</dl>")]
    assert f'href="{reverse("sources:detail", args=["kiel-ust-r29"])}"' in source
    assert "Kiel Institute Ukraine Support Tracker, release 29" in source and ">5<" in source
    assert 'href="https://www.mil.gov.ua/example"' in source


def test_a_planner_of_another_party_gets_no_workflow_buttons(web_data, as_user, parties):
    other = User.objects.create_user(
        username="planner.pl.test", role=Role.RECIPIENT_PLANNER, party=parties["POL"]
    )
    html = (
        as_user(other).get(reverse("needs:detail", args=[web_data.published.pk])).content.decode()
    )
    assert 'value="cancelled"' not in html
    assert "Your role has no workflow step on this requirement" in html


# The party detail (aid, series, pledges).


def test_party_detail_gdp_defence_with_estimate_and_guideline(web_data, as_user, liaison_pl):
    html = as_user(liaison_pl).get(reverse("parties:detail", args=["DEU"])).content.decode()
    assert "4,525,703,903,628" in html  # 2023 GDP, full dollars
    assert "1.52 %" in html and "2.12 %" in html
    assert "NATO estimate" in html
    spec = re.search(
        r'<script id="chart-defence" type="application/json">(.*?)</script>', html, re.S
    )
    assert spec and '"refLine": {"label": "2 % guideline", "value": 2.0}' in spec.group(1)
    assert "6,800,000,000" in html  # Kiel military total of Germany
    assert reverse("pledges:detail", args=[web_data.german_pledge.pk]) in html
    assert "Classified package" not in html


def test_unknown_party_is_404(web_data, as_user, coordinator):
    assert as_user(coordinator).get(reverse("parties:detail", args=["XXX"])).status_code == 404


# The item type detail (its pledges).


def test_imported_item_types_link_to_their_source(web_data, as_user, planner):
    ItemType.objects.filter(pk=web_data.howitzer.pk).update(
        dataset=web_data.kiel, source_row=12, source_url="https://example.org/m777"
    )
    html = (
        as_user(planner)
        .get(reverse("catalogue:detail", args=[web_data.howitzer.pk]))
        .content.decode()
    )
    source = html[html.index('data-testid="source"') :]
    source = source[: source.index("</dl>")]
    assert f'href="{reverse("sources:detail", args=["kiel-ust-r29"])}"' in source
    assert ">12<" in source and 'href="https://example.org/m777"' in source
    plain = (
        as_user(planner).get(reverse("catalogue:detail", args=[web_data.shell.pk])).content.decode()
    )
    assert "entered in nsatu (no external source)" in plain
