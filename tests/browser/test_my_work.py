"""Each role's landing page lists what awaits it, and following an item completes the action: the coordinator
validates a submitted requirement, the German liaison accepts a plan proposal, Ukraine's planner confirms a
receipt. Drives Debian's chromium headless through Playwright's sync API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from nsatu.core.models import Releasability
from nsatu.logistics.models import Shipment, ShipmentStatus
from nsatu.logistics.services import shipment_advance
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.planning.models import AllocationRun, LineState, PlanLine, RunStatus
from nsatu.pledges.models import Pledge
from tests.browser.test_shipments import _world
from tests.fixtures.scenario import build_web_data

pytestmark = pytest.mark.browser


def _card(page, key: str):
    return page.get_by_test_id("my-work").locator(f"[data-work={key}]")


def test_the_coordinator_validates_from_the_landing_page(
    chromium, console_errors, parties, coordinator
):
    with transaction.atomic():
        data = build_web_data(parties, coordinator)
    with chromium.running():
        page = chromium.page(coordinator.username)
        card = _card(page, "validate")
        card.get_by_role("link", name=data.submitted.reference, exact=False).click()
        page.get_by_role("button", name="Validate").click()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=requirement-status]').textContent"
            " === 'Validated'"
        )
        page.goto(chromium.base_url + "/")
        assert _card(page, "validate").count() == 0
        assert _card(page, "publish").get_by_text(data.submitted.reference).is_visible()
    assert console_errors == []
    assert Requirement.objects.get(pk=data.submitted.pk).status == RequirementStatus.VALIDATED


def _proposal(parties, coordinator) -> PlanLine:
    data = build_web_data(parties, coordinator)
    run = AllocationRun.objects.create(
        created_by=coordinator,
        status=RunStatus.DONE,
        objective=1.0,
        releasability=Releasability.PARTICIPANTS,
    )
    return PlanLine.objects.create(
        run=run,
        pledge=data.german_pledge,
        requirement=data.published,
        source_kind="tranche",
        source_id="t1",
        quantity=4,
        arrival=timezone.localdate() + dt.timedelta(days=60),
        month=2,
        value=1.0,
        owner=parties["DEU"],
        releasability=Releasability.COMMAND,
    )


def test_the_german_liaison_accepts_a_proposal_from_the_landing_page(
    chromium, console_errors, parties, coordinator, liaison_de
):
    with transaction.atomic():
        line = _proposal(parties, coordinator)
    with chromium.running():
        page = chromium.page(liaison_de.username)
        _card(page, "proposals").get_by_role("link").first.click()
        page.get_by_role("button", name=f"Accept proposal {line.pk}").click()
        page.get_by_text(f"Proposal {line.pk} (4 for").wait_for()
        page.goto(chromium.base_url + "/")
        assert _card(page, "proposals").count() == 0
    assert console_errors == []
    line.refresh_from_db()
    assert line.state == LineState.ACCEPTED
    assert Pledge.objects.get(pk=line.pledge_id).requirement_id == line.requirement_id


def _handed_over(parties, liaison_de) -> Shipment:
    shipment, _requirement = _world(parties, liaison_de)
    for status, day in (("dispatched", 2), ("at_hub", 6), ("handed_over", 9)):
        shipment = shipment_advance(
            actor=liaison_de,
            shipment=shipment,
            status=status,
            on=dt.date(2026, 3, day),
            expected_version=shipment.version,
            today=dt.date(2026, 3, 20),
        )
    return shipment


def test_the_planner_confirms_a_receipt_from_the_landing_page(
    chromium, console_errors, parties, liaison_de, planner
):
    with transaction.atomic():
        shipment = _handed_over(parties, liaison_de)
    with chromium.running():
        page = chromium.page(planner.username)
        _card(page, "receipts").get_by_role("link", name=shipment.reference).click()
        form = page.get_by_test_id("receipt-form")
        form.get_by_label("Received on", exact=True).fill("2026-03-11")
        form.get_by_label("Gepard: accepted", exact=True).fill("4")
        form.get_by_role("button", name="Record receipt").click()
        page.get_by_text("Receipt of").wait_for()
        page.goto(chromium.base_url + "/")
        assert _card(page, "receipts").count() == 0
    assert console_errors == []
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.RECEIVED
