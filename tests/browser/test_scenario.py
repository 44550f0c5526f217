"""A resilience scenario in a real browser: the coordinator builds "the United States withdraws", compares it with
the baseline, sees the side-by-side tables and chart, and saves it. Drives Debian's chromium headless."""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from playwright.sync_api import expect

from nsatu.resilience.models import Scenario
from tests.resilience.world import AS_OF, build_small

NAME = "United States withdraws in November"

pytestmark = pytest.mark.browser


def test_coordinator_builds_compares_and_saves_a_scenario(
    chromium, console_errors, parties, coordinator
):
    # The database is touched only before the browser starts and after it stops (see tests/browser/conftest.py).
    with transaction.atomic():
        build_small(parties)
    with chromium.running():
        _build_and_compare(chromium.page(coordinator.username))
    assert console_errors == []

    saved = Scenario.objects.get(name=NAME)
    assert saved.as_of == AS_OF and saved.owner.code == "NSATU"
    assert [(r.donor.code, r.kind, r.start) for r in saved.rules.all()] == [
        ("USA", "withdraw", AS_OF)
    ]


def _build_and_compare(page) -> None:
    page.get_by_role("link", name="Resilience", exact=True).click()
    page.wait_for_url(re.compile(r"/resilience/$"))
    # Before a scenario is built, the page shows today's concentration on donors.
    assert page.get_by_role("heading", name="Concentration on donors").is_visible()

    page.get_by_label("As of", exact=True).fill(AS_OF.isoformat())
    page.locator("#id_form-0-donor").select_option("USA")
    page.locator("#id_form-0-kind").select_option("withdraw")
    page.locator("#id_form-0-start").fill(AS_OF.isoformat())
    page.get_by_role("button", name="Compare with the baseline").click()

    page.get_by_role("heading", name="Scenario against the baseline").wait_for()
    assert "United States withdraws from" in page.get_by_test_id("effects").inner_text()
    artillery = page.locator("#compare-areas tr[data-area='artillery'] td")
    # The aid ledger counts Oryx's 4 delivered PzH 2000 and the 3 Poland's liaison entered as one donation.
    assert artillery.all_inner_texts() == ["30", "22", "16", "-6", "65.0 %", "50.0 %"]
    requirement = page.locator("#compare-requirements tbody tr").first.locator("td")
    assert requirement.all_inner_texts()[:7] == [
        "1",
        "ART-1",
        "Need M777",
        "20 Items",
        "18",
        "12",
        "-6",
    ]
    page.wait_for_selector("canvas[data-chart='chart-compare'][data-drawn='1']")

    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_text(f"Scenario {NAME} saved.").wait_for()
    assert page.get_by_role("heading", name=NAME, level=1).is_visible()
    assert page.locator("#compare-areas tr[data-area='artillery'] td").nth(3).inner_text() == "-6"

    page.get_by_role("link", name="Scenarios", exact=True).click()
    expect(page.locator("#saved-scenarios").get_by_role("link", name=NAME)).to_be_visible()
