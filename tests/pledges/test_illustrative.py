"""A pledge of an illustrative dataset carries its badge on every pledge surface: list, detail, CSV, API."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from nsatu.core.models import Releasability
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.sources.models import Dataset

BADGE = 'data-testid="illustrative"'


@pytest.fixture
def scenario_pledge(web_data, parties) -> Pledge:
    dataset = Dataset.objects.create(
        key="planning-scenario", title="Illustrative planning scenario", illustrative=True
    )
    return Pledge.objects.create(
        donor=parties["NOR"],
        recipient=parties["UKR"],
        owner=parties["NOR"],
        item_type=web_data.howitzer,
        quantity=12,
        status=PledgeStatus.COMMITTED,
        releasability=Releasability.PARTICIPANTS,
        dataset=dataset,
        description="Open remainder (illustrative planning scenario)",
    )


def test_list_and_detail_badge_only_the_illustrative(
    scenario_pledge, web_data, as_user, coordinator
):
    client = as_user(coordinator)
    listed = client.get(reverse("pledges:list") + "?donor=NOR").content.decode()
    assert listed.count(BADGE) == 1
    link = f'href="{reverse("pledges:detail", args=[scenario_pledge.pk])}"'
    (row,) = [tr for tr in listed.split("<tr>") if link in tr]
    assert BADGE in row
    detail = client.get(reverse("pledges:detail", args=[scenario_pledge.pk])).content.decode()
    assert BADGE in detail and "Illustrative planning scenario" in detail
    real = client.get(reverse("pledges:detail", args=[web_data.german_pledge.pk])).content
    assert BADGE.encode() not in real
    edit = client.get(reverse("pledges:edit", args=[scenario_pledge.pk])).content.decode()
    assert BADGE in edit and "built for the demo scenario" in edit


def test_csv_has_an_illustrative_column(scenario_pledge, web_data, as_user, coordinator):
    body = (
        as_user(coordinator)
        .get(reverse("pledges:list") + "?format=csv")
        .getvalue()
        .decode("utf-8-sig")
    )
    rows = {row["ID"]: row for row in csv.DictReader(io.StringIO(body))}
    assert rows[str(scenario_pledge.pk)]["Illustrative"] == "Yes"
    assert rows[str(web_data.german_pledge.pk)]["Illustrative"] == "No"


def test_api_says_illustrative_without_a_query_per_pledge(
    scenario_pledge, web_data, api, coordinator, parties, django_assert_max_num_queries
):
    caller = api(coordinator)
    items = {p["id"]: p for p in caller.get("/api/pledges/", limit=100).body["items"]}
    assert items[scenario_pledge.pk]["illustrative"] is True
    assert items[web_data.german_pledge.pk]["illustrative"] is False
    assert caller.get(f"/api/pledges/{scenario_pledge.pk}").body["illustrative"] is True
    for n in range(30):
        Pledge.objects.create(
            donor=parties["NOR"],
            recipient=parties["UKR"],
            owner=parties["NOR"],
            quantity=n + 1,
            description=f"scenario offer {n}",
            releasability=Releasability.PUBLIC,
            dataset=scenario_pledge.dataset,
        )
    with django_assert_max_num_queries(12):
        many = caller.get("/api/pledges/", limit=100).body["items"]
    assert sum(p["illustrative"] for p in many) == 31
