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

SECRET = "Kanonenhaubitze Sonderlieferung"
REFERENCE = "UA-NTK-01"

pytestmark = pytest.mark.browser


def test_polish_liaison_finds_no_trace_of_a_german_owner_only_pledge(chromium, parties, people):
    # The database is touched only before the browser starts (see tests/browser/conftest.py).
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
    with chromium.running():
        polish = _what_one_sees(chromium, "liaison.pl.nowak", secret.pk)
        german = _what_one_sees(chromium, "liaison.de.weber", secret.pk)

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


def _what_one_sees(chromium, username: str, pk: int) -> dict[str, object]:
    base = chromium.base_url
    page = chromium.page(username)
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
    chromium.log_out(page)
    return seen
