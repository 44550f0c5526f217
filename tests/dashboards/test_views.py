from __future__ import annotations

import json
import re

from django.urls import reverse

from nsatu.core.models import Releasability
from nsatu.needs.models import Requirement, RequirementStatus


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


def test_overview_lists_published_requirements_with_firm_coverage(web_data, as_user, coordinator):
    html = as_user(coordinator).get(reverse("dashboards:overview")).content.decode()
    table = html[html.index('id="overview-requirements"') :]
    table = table[: table.index("</table>")]
    assert "UA-2025-0001" in table and "UA-2025-0004" in table
    assert "UA-2025-0002" not in table  # only submitted
    assert "</meter> 25 %</td>" in table  # 50,000 firm of 200,000
    # Coverage counts quantities: the delivered Norwegian funds pledge covers no launcher.
    assert "</meter> 0 %</td>" in table
    assert "Illustrative scenario built from publicly stated requirements." in html
    area = _chart(html, "chart-area")
    assert dict(zip(area["labels"], area["datasets"][0]["data"], strict=True)) == {
        "Air defence": 0.0,
        "Artillery": 25.0,
    }


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


def test_overview_query_count_is_bounded(
    web_data, as_user, coordinator, parties, django_assert_max_num_queries
):
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
    client = as_user(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("dashboards:overview"))
    assert response.status_code == 200
    assert "UA-X-029" in response.content.decode()


def test_empty_overview_says_what_is_missing(db, as_user, coordinator):
    html = as_user(coordinator).get(reverse("dashboards:overview")).content.decode()
    assert "No published requirements yet." in html
    assert "The Kiel tracker has not been imported yet." in html
