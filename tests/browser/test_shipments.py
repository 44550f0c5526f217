"""A shipment's life in a real browser: Germany's liaison dispatches it, records it at the hub and hands it over;
Ukraine's planner records a partial receipt with a discrepancy, and the requirement's coverage moves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from nsatu.catalogue.models import CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.logistics.inputs import LineInput
from nsatu.logistics.models import Hub, Shipment, ShipmentStatus
from nsatu.logistics.services import shipment_create
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge, PledgeStatus

pytestmark = pytest.mark.browser


def _world(parties, liaison_de) -> tuple[Shipment, Requirement]:
    hub = Hub.objects.create(
        name="Rzeszów-Jasionka",
        country=parties["POL"],
        lat=50.11,
        lon=22.02,
        capacity_t_month=Decimal(100),
        releasability=Releasability.PUBLIC,
    )
    gepard = ItemType.objects.create(
        name="Gepard",
        capability_area=CapabilityArea.AIR_DEFENCE,
        standard=Standard.NATO,
        unit_mass_t=Decimal("47.5"),
        releasability=Releasability.PUBLIC,
    )
    requirement = Requirement.objects.create(
        reference="REQ-AD-1",
        title="Mobile air defence",
        capability_area=CapabilityArea.AIR_DEFENCE,
        item_type=gepard,
        quantity=Decimal(10),
        priority=1,
        status=RequirementStatus.PUBLISHED,
        owner=parties["UKR"],
    )
    pledge = Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        item_type=gepard,
        quantity=6,
        status=PledgeStatus.COMMITTED,
        requirement=requirement,
        owner=parties["DEU"],
    )
    shipment = shipment_create(
        actor=liaison_de,
        donor=parties["DEU"],
        recipient=parties["UKR"],
        origin="Unterlüß",
        origin_lat=52.85,
        origin_lon=10.29,
        hub=hub,
        handover_point="Lviv",
        planned_dispatch=dt.date(2026, 3, 1),
        planned_at_hub=dt.date(2026, 3, 5),
        planned_handover=dt.date(2026, 3, 10),
        lines=[LineInput(gepard, 4, pledge)],
    )
    return shipment, requirement


def test_shipment_lifecycle_to_partial_receipt_moves_coverage(
    chromium, console_errors, parties, liaison_de, planner
):
    # The database is touched only before the browser starts and after it stops (see tests/browser/conftest.py).
    with transaction.atomic():
        shipment, requirement = _world(parties, liaison_de)
    with chromium.running():
        _run(chromium, shipment, requirement, liaison_de.username, planner.username)
    assert console_errors == []
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.RECEIVED
    assert Pledge.objects.get(requirement=requirement).delivered_quantity == 2


def _run(
    chromium, shipment: Shipment, requirement: Requirement, liaison: str, planner: str
) -> None:
    base = chromium.base_url
    page = chromium.page(liaison)
    page.get_by_role("link", name="Logistics", exact=True).click()
    board = page.get_by_test_id("shipment-board")
    board.locator("[data-status=planned]").get_by_role("link", name=shipment.reference).click()
    for label, day in (
        ("Dispatched", "2026-03-02"),
        ("At hub", "2026-03-06"),
        ("Handed over", "2026-03-09"),
    ):
        page.get_by_label("On", exact=True).fill(day)
        page.get_by_role("button", name=f"Record: {label}").click()
        page.get_by_text(f"is now {label}.").wait_for()
        assert page.get_by_test_id("shipment-status").inner_text() == label

    # The hub map draws with Leaflet from the packaged borders, no tiles.
    page.goto(base + "/logistics/hubs/")
    page.wait_for_selector("#hub-map[data-ready='1'] .leaflet-interactive")
    page.wait_for_selector("canvas[data-chart='chart-throughput'][data-drawn='1']")
    chromium.log_out(page)

    chromium.log_in(page, planner)
    requirement_url = f"{base}/requirements/{requirement.pk}/"
    page.goto(requirement_url)
    assert page.get_by_test_id("coverage-delivered").inner_text() == "0"
    page.goto(f"{base}/logistics/shipments/{shipment.pk}/")
    form = page.get_by_test_id("receipt-form")
    form.get_by_label("Received on", exact=True).fill("2026-03-11")
    form.get_by_label("Gepard: accepted", exact=True).fill("2")
    form.get_by_label("discrepancy", exact=True).select_option("short")
    form.get_by_label("units", exact=True).fill("1")
    form.get_by_role("button", name="Record receipt").click()
    page.get_by_text("Receipt of").wait_for()
    assert page.get_by_test_id("shipment-status").inner_text() == "Received"
    assert "Short: 1" in page.locator("[data-testid^=discrepancies-]").inner_text()

    page.goto(requirement_url)
    assert page.get_by_test_id("coverage-delivered").inner_text() == "2"
