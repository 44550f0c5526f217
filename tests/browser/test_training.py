"""The training pages in a real browser: the coordinator follows the Training link, the quarter chart draws
under the CSP without errors, and the readiness page shows the F-16 tranche short of 4 pilots with the
cohorts that close the gap. Drives Debian's chromium headless (tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from tests.training.conftest import build_training

pytestmark = pytest.mark.browser


def test_readiness_shows_the_crew_gap_and_the_proposed_cohorts(
    chromium, console_errors, parties, people, coordinator, liaison_de, liaison_pl
):
    world = build_training(parties, liaison_de, liaison_pl)
    key = f"tranche:{world.tranche.pk}"
    with chromium.running():
        _run(chromium.page(coordinator.username), key)
    assert console_errors == []


def _run(page, key: str) -> None:
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("heading", name="Training courses and cohorts").wait_for()
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length === 1")
    page.get_by_role("link", name="Readiness", exact=True).click()
    row = page.locator(f'tr[data-delivery="{key}"]')
    assert row.get_by_test_id("gap").inner_text() == "4"
    assert "late: crews cannot be trained in time" in row.inner_text()
    assert "F-16 conversion" in row.inner_text() and "English for aviators" in row.inner_text()
