"""Need-to-know in a real browser: the Polish liaison cannot open a German owner-only pledge by its address (a plain
404, as for a pledge that does not exist), and finds no trace of it in the lists, the coverage it adds to, or the
CSV export; the German liaison sees all of it. Drives Debian's chromium headless."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.models import Releasability
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.pledges.models import Pledge, PledgeStatus
from tests.browser.test_requirement_workflow import CHROMIUM, CHROMIUM_ARGS, _log_in, _log_out

SECRET = "Kanonenhaubitze Sonderlieferung"
REFERENCE = "UA-NTK-01"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]


def test_polish_liaison_finds_no_trace_of_a_german_owner_only_pledge(live_server, parties, people):
    # The database is touched only before the browser starts (Playwright's sync API runs an asyncio loop here).
    with transaction.atomic():
        requirement = Requirement.objects.create(
            reference=REFERENCE,
            title="Howitzers for the southern front",
            capability_area=CapabilityArea.ARTILLERY,
            quantity=Decimal(100),
            priority=1,
            status=RequirementStatus.PUBLISHED,
            owner=parties["UKR"],
            releasability=Releasability.PARTICIPANTS,
        )
        secret = Pledge.objects.create(
            donor=parties["DEU"],
            recipient=parties["UKR"],
            owner=parties["DEU"],
            description=SECRET,
            quantity=40,
            status=PledgeStatus.COMMITTED,
            requirement=requirement,
            announced_on=dt.date(2025, 5, 1),
            value_eur=Decimal("987654321.00"),
            releasability=Releasability.OWNER,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            polish = _what_one_sees(browser, live_server.url, "liaison.pl.nowak", secret.pk)
            german = _what_one_sees(browser, live_server.url, "liaison.de.weber", secret.pk)
        finally:
            browser.close()

    assert polish["detail_status"] == 404
    assert polish["detail_status_missing"] == 404
    # The refusal reads exactly like the page for an address that never existed.
    assert polish["detail_text"] == polish["detail_text_missing"]
    assert SECRET not in polish["detail_text"]
    assert SECRET not in polish["pledge_list"]
    assert SECRET not in polish["csv"] and "987654321" not in polish["csv"]
    assert "987654321" not in polish["api"] and SECRET not in polish["api"]
    assert polish["firm_on_overview"] == "0"

    # The same pages as the owner: so the checks above look where the pledge would show.
    assert german["detail_status"] == 200 and SECRET in german["detail_text"]
    assert SECRET in german["pledge_list"]
    assert SECRET in german["csv"] and "987654321" in german["csv"]
    assert SECRET in german["api"]
    assert german["firm_on_overview"] == "40"


def _what_one_sees(browser, base: str, username: str, pk: int) -> dict[str, object]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    _log_in(page, base, username)
    seen: dict[str, object] = {}
    row = page.locator("#overview-requirements tr", has_text=REFERENCE)
    seen["firm_on_overview"] = row.locator("td").nth(6).inner_text().strip()

    response = page.goto(f"{base}/pledges/{pk}/")
    seen["detail_status"] = response.status if response else None
    seen["detail_text"] = page.locator("body").inner_text()
    response = page.goto(f"{base}/pledges/{pk + 100_000}/")
    seen["detail_status_missing"] = response.status if response else None
    seen["detail_text_missing"] = page.locator("body").inner_text()

    page.goto(f"{base}/pledges/")
    seen["pledge_list"] = page.locator("main").inner_text()
    # The export and the API, fetched with this browser's own session cookie.
    seen["csv"] = page.request.get(f"{base}/pledges/?format=csv").text()
    seen["api"] = page.request.get(f"{base}/api/pledges/?limit=500").text()
    page.goto(f"{base}/")
    _log_out(page, base)
    context.close()
    return seen
