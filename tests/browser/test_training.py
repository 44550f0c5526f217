"""The training pages in a real browser: the coordinator follows the Training link, the quarter chart draws
under the CSP without errors, and the readiness page shows the F-16 tranche short of 4 pilots with the
cohorts that close the gap. Drives Debian's chromium headless, as tests/browser/test_requirement_workflow.py."""

from __future__ import annotations

import pytest

from tests.browser.test_requirement_workflow import CHROMIUM, CHROMIUM_ARGS, _log_in
from tests.training.conftest import build_training

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]


def test_readiness_shows_the_crew_gap_and_the_proposed_cohorts(
    live_server, parties, people, coordinator, liaison_de, liaison_pl
):
    world = build_training(parties, liaison_de, liaison_pl)
    key = f"tranche:{world.tranche.pk}"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            problems = _run(browser, live_server.url, coordinator.username, key)
        finally:
            browser.close()
    assert problems == []


def _run(browser, base: str, username: str, key: str) -> list[str]:
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

    _log_in(page, base, username)
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("heading", name="Training courses and cohorts").wait_for()
    page.wait_for_function("() => window.Chart && Object.keys(window.Chart.instances).length === 1")
    page.get_by_role("link", name="Readiness", exact=True).click()
    row = page.locator(f'tr[data-delivery="{key}"]')
    assert row.get_by_test_id("gap").inner_text() == "4"
    assert "late: crews cannot be trained in time" in row.inner_text()
    assert "F-16 conversion" in row.inner_text() and "English for aviators" in row.inner_text()
    return problems
