"""What the requirement, party and item type pages show of the one coverage and the aid ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from nsatu.aid.services import link_decision_confirm
from nsatu.core.models import Releasability
from nsatu.engine.units import Period, Stated, UnitKind, horizon_quantity
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.sources.models import Dataset


@pytest.fixture
def sipri_report(web_data, parties, coordinator) -> Pledge:
    """SIPRI's record of Germany's shells, confirmed as the same donation: 48,000 ordered, 20,000 delivered."""
    sipri = Dataset.objects.create(key="sipri", title="SIPRI Arms Transfers Database")
    report = Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        item_type=web_data.shell,
        quantity=48_000,
        delivered_quantity=20_000,
        status=PledgeStatus.DELIVERED,
        dataset=sipri,
        source_row=146,
        year=2025,
        releasability=Releasability.PUBLIC,
    )
    first, second = sorted((web_data.german_pledge.pk, report.pk))
    link_decision_confirm(actor=coordinator, first_id=first, second_id=second, reason="same shells")
    return report


def _detail(client, requirement: Requirement) -> str:
    return client.get(reverse("needs:detail", args=[requirement.pk])).content.decode()


def test_a_line_shows_its_attestations_side_by_side(web_data, sipri_report, as_user, coordinator):
    html = _detail(as_user(coordinator), web_data.published)
    line = html[html.index('class="aid-line"') :]
    line = line[: line.index("</article>")]
    assert reverse("aid:line", args=[f"L{web_data.german_pledge.pk}"]) in line
    assert line.count('data-testid="attestation"') == 2
    assert "SIPRI Arms Transfers Database" in line and "entered in nsatu" in line
    assert reverse("pledges:detail", args=[sipri_report.pk]) in line
    assert 'data-testid="disagreements"' in line  # 50,000 entered against SIPRI's 48,000
    # The entered figure counts once (50,000), SIPRI's deliveries reach the later stages.
    assert 'data-testid="coverage-committed">50,000<' in html
    assert 'data-testid="coverage-delivered">20,000<' in html


def test_a_rate_shows_what_it_adds_up_to(web_data, parties, as_user, coordinator):
    needed_by = timezone.localdate() + dt.timedelta(days=200)
    rate = Requirement.objects.create(
        reference="UA-2026-RATE",
        title="Shells per month",
        capability_area="artillery",
        item_type=web_data.shell,
        quantity=Decimal(250_000),
        unit="rounds",
        unit_kind=UnitKind.ROUNDS,
        period=Period.MONTH,
        needed_by=needed_by,
        status=RequirementStatus.PUBLISHED,
        owner=parties["UKR"],
        releasability=Releasability.PUBLIC,
    )
    total = horizon_quantity(
        Stated(Decimal(250_000), UnitKind.ROUNDS, Period.MONTH),
        start=timezone.localdate(),
        end=needed_by,
    )
    html = _detail(as_user(coordinator), rate)
    assert f"250,000 rounds per month = {int(total):,} rounds to {needed_by:%Y-%m-%d}" in " ".join(
        html.split()
    )
    overview = as_user(coordinator).get(reverse("dashboards:overview")).content.decode()
    areas = overview[overview.index('id="area-coverage"') :]
    areas = areas[: areas.index("</table>")]
    # Rounds and items get rows of their own, never added together: the rate and the 155 mm shells share the
    # artillery rounds row; the items of other areas have theirs.
    assert areas.count('data-area="artillery" data-unit-kind="rounds"') == 1
    assert 'data-unit-kind="items"' in areas


def test_earmarks_beyond_the_need_show_as_over_coverage(web_data, parties, as_user, coordinator):
    air = Requirement.objects.get(reference="UA-2025-0004")
    Pledge.objects.create(
        donor=parties["NOR"],
        recipient=parties["UKR"],
        owner=parties["NOR"],
        item_type=web_data.howitzer,
        quantity=12,
        status=PledgeStatus.COMMITTED,
        requirement=air,
        releasability=Releasability.PUBLIC,
    )
    html = _detail(as_user(coordinator), air)
    assert 'data-testid="coverage-committed">12<' in html
    assert 'data-testid="coverage-over">2<' in html and 'data-testid="coverage-gap">0<' in html


def test_a_requirement_not_published_shows_no_coverage(web_data, as_user, coordinator):
    html = _detail(as_user(coordinator), web_data.submitted)
    assert 'data-testid="not-covered"' in html and 'id="coverage-stages"' not in html


def test_party_and_item_pages_badge_illustrative_records_and_count_each_line_once(
    web_data, sipri_report, parties, as_user, liaison_pl
):
    scenario = Dataset.objects.create(
        key="planning-scenario", title="Illustrative planning scenario", illustrative=True
    )
    offer = Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        item_type=web_data.howitzer,
        quantity=6,
        status=PledgeStatus.COMMITTED,
        dataset=scenario,
        releasability=Releasability.PUBLIC,
    )
    client = as_user(liaison_pl)
    party = client.get(reverse("parties:detail", args=["DEU"])).content.decode()
    pledges = party[party.index('id="pledges-heading"') :]
    row = pledges[pledges.index(f'data-pledge="{offer.pk}"') :]
    assert "badge-illustrative" in row[: row.index("</tr>")]
    real = pledges[pledges.index(f'data-pledge="{web_data.german_pledge.pk}"') :]
    assert "badge-illustrative" not in real[: real.index("</tr>")]
    lines = party[party.index('id="lines-heading"') : party.index('id="pledges-heading"')]
    # Germany's shells are one line however many records report them; the illustrative offer its own.
    assert "2 aid lines, from 3 source records." in lines
    assert lines.count("badge-illustrative") == 1
    item = client.get(reverse("catalogue:detail", args=[web_data.shell.pk])).content.decode()
    assert "2 aid lines, from 3 source records." in item  # Germany (entered + SIPRI), Poland
    served = item[item.index('id="item-serves"') :]
    assert "UA-2025-0001" in served[: served.index("</table>")]


def test_the_api_answers_with_the_one_coverage(web_data, api, coordinator, liaison_de):
    path = f"/api/requirements/{web_data.published.pk}"
    body = api(coordinator).get(path).body["coverage"]
    assert body == {
        "unit_kind": "rounds",
        "needed": "200000",
        "announced": "80000",
        "committed": "50000",
        "allocated": "50000",
        "shipped": "0",
        "delivered": "0",
        "in_service": "0",
        "covered_share": "0.2500",
        "gap": "150000",
        "over": "0",
    }
    assert (
        api(coordinator).get(f"/api/requirements/{web_data.submitted.pk}").body["coverage"] is None
    )
