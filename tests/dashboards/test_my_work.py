from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from nsatu.core.models import Releasability
from nsatu.dashboards.work import my_work_get
from nsatu.logistics.models import Hub, Shipment, ShipmentStatus
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.planning.models import AllocationRun, Claim, LineState, PlanLine, RunStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(web_data, parties, coordinator, liaison_de):
    today = timezone.localdate()
    hub = Hub.objects.create(
        name="Rzeszów-Jasionka",
        country=parties["POL"],
        lat=50.11,
        lon=22.02,
        releasability=Releasability.PUBLIC,
    )
    arrived = Shipment.objects.create(
        reference="SHP-1",
        donor=parties["DEU"],
        recipient=parties["UKR"],
        hub=hub,
        origin="Unterlüß",
        handover_point="Lviv",
        status=ShipmentStatus.HANDED_OVER,
        planned_dispatch=today - dt.timedelta(days=20),
        planned_at_hub=today - dt.timedelta(days=15),
        planned_handover=today - dt.timedelta(days=10),
        dispatched_on=today - dt.timedelta(days=20),
        at_hub_on=today - dt.timedelta(days=15),
        handed_over_on=today - dt.timedelta(days=10),
        owner=parties["DEU"],
        releasability=Releasability.PARTICIPANTS,
    )
    late = Shipment.objects.create(
        reference="SHP-2",
        donor=parties["DEU"],
        recipient=parties["UKR"],
        hub=hub,
        origin="Unterlüß",
        handover_point="Lviv",
        status=ShipmentStatus.PLANNED,
        planned_dispatch=today - dt.timedelta(days=5),
        planned_at_hub=today + dt.timedelta(days=5),
        planned_handover=today + dt.timedelta(days=10),
        owner=parties["DEU"],
        releasability=Releasability.PARTICIPANTS,
    )
    run = AllocationRun.objects.create(
        created_by=coordinator,
        status=RunStatus.DONE,
        objective=1.0,
        releasability=Releasability.PARTICIPANTS,
    )
    line = PlanLine.objects.create(
        run=run,
        pledge=web_data.german_pledge,
        requirement=web_data.published,
        source_kind="tranche",
        source_id="t1",
        quantity=4,
        arrival=today + dt.timedelta(days=60),
        month=2,
        value=1.0,
        state=LineState.PROPOSED,
        owner=parties["DEU"],
        releasability=Releasability.COMMAND,
    )
    claim = Claim.objects.create(
        donor=parties["DEU"],
        requirement=web_data.published,
        claimed_by=liaison_de,
        expires_at=timezone.now() + dt.timedelta(days=3),
        owner=parties["DEU"],
        releasability=Releasability.PARTICIPANTS,
    )
    return {"arrived": arrived, "late": late, "line": line, "claim": claim}


def _groups(user) -> dict[str, int]:
    return {g.key: g.count for g in my_work_get(user=user).groups}


def test_each_role_sees_what_awaits_it(work, web_data, coordinator, liaison_de, planner):
    assert _groups(coordinator)["validate"] == 1  # the scenario's submitted requirement
    assert {"proposals", "claims", "late"} <= set(_groups(liaison_de))
    assert _groups(planner)["receipts"] == 1
    receipt = my_work_get(user=planner).groups[0].items[0]
    assert receipt.url == reverse("logistics:detail", args=[work["arrived"].pk])


def test_another_nations_liaison_sees_none_of_it(work, liaison_pl, analyst):
    assert _groups(liaison_pl) == {}
    assert my_work_get(user=analyst).total == 0


def test_a_decided_proposal_leaves_the_list(work, liaison_de):
    PlanLine.objects.filter(pk=work["line"].pk).update(
        state=LineState.ACCEPTED, decided_at=timezone.now()
    )
    assert "proposals" not in _groups(liaison_de)


def test_a_claim_further_off_is_not_about_to_expire(work, liaison_de):
    Claim.objects.filter(pk=work["claim"].pk).update(
        expires_at=timezone.now() + dt.timedelta(days=20)
    )
    assert "claims" not in _groups(liaison_de)


def test_landing_page_lists_the_items_with_their_links_and_counts_the_header(
    work, as_user, liaison_de, django_assert_max_num_queries
):
    client = as_user(liaison_de)
    with django_assert_max_num_queries(60):
        page = client.get(reverse("dashboards:overview")).content.decode()
    assert 'data-testid="my-work"' in page
    assert reverse("planning:claims") in page
    assert "Plan proposals to accept or decline" in page
    # The header count of every later page is what the landing page found.
    assert client.session["my_work_total"] == my_work_get(user=liaison_de).total >= 3


def test_the_landing_page_query_count_does_not_grow_with_the_work(
    work, parties, as_user, coordinator, django_assert_max_num_queries
):
    client = as_user(coordinator)
    client.get(reverse("dashboards:overview"))
    with django_assert_max_num_queries(200) as few:
        client.get(reverse("dashboards:overview"))
    # Read now: each request empties the connection's query log the context slices.
    before = len(few.captured_queries)
    for n in range(10):
        Requirement.objects.create(
            reference=f"UA-MW-{n}",
            title=f"Requirement {n}",
            capability_area="artillery",
            quantity=Decimal(10),
            priority=2,
            status=RequirementStatus.SUBMITTED,
            owner=parties["UKR"],
            releasability=Releasability.PARTICIPANTS,
        )
    client.get(reverse("dashboards:overview"))  # the header's count is saved once in the session
    with django_assert_max_num_queries(before):
        page = client.get(reverse("dashboards:overview")).content.decode()
    assert _groups(coordinator)["validate"] == 11
    assert "UA-MW-" in page
