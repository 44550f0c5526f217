"""A shipment's life in a real browser: Germany's liaison dispatches it, records it at the hub and hands it over;
Ukraine's planner records a partial receipt with a discrepancy, and the requirement's coverage moves."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from nsatu.catalogue.models import CapabilityArea, ItemType, Standard
from nsatu.core.models import Releasability
from nsatu.logistics.models import Hub, Shipment, ShipmentStatus
from nsatu.logistics.services import LineInput, shipment_create
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge, PledgeStatus
from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]


def _log_in(page, base: str, username: str) -> None:
    page.goto(base + "/")
    page.get_by_label("User name", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + "/")


def _log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


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
    live_server, parties, liaison_de, planner
):
    # The database is touched only before the browser starts and after it stops (see test_requirement_workflow).
    with transaction.atomic():
        shipment, requirement = _world(parties, liaison_de)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            problems = _run(
                browser,
                live_server.url,
                shipment,
                requirement,
                liaison_de.username,
                planner.username,
            )
        finally:
            browser.close()
    assert problems == []
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.RECEIVED
    assert Pledge.objects.get(requirement=requirement).delivered_quantity == 2


def _run(
    browser, base: str, shipment: Shipment, requirement: Requirement, liaison: str, planner: str
) -> list[str]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )

    _log_in(page, base, liaison)
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
    _log_out(page)

    _log_in(page, base, planner)
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
    context.close()
    return problems
