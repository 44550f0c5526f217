"""Linking a pledge to an agreement in a real browser: Germany's liaison opens Germany's agreement from the
agreements page, links a delivered pledge, and sees 2025's delivered amount go from 0 to EUR 600 million.
Drives Debian's chromium headless through Playwright's sync API, as tests/browser/test_requirement_workflow.py."""

from __future__ import annotations

import re

import pytest

from nsatu.agreements.models import AgreementLink
from tests.agreements.conftest import build_scene
from tests.browser.test_requirement_workflow import CHROMIUM, CHROMIUM_ARGS, _log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
    ),
]


@pytest.mark.parametrize("who", ["coordinator", "liaison_de"])
def test_link_a_pledge_and_see_the_years_delivered_amount_change(
    live_server, parties, people, request, who
):
    # The database is touched only before the browser starts and after it stops (Playwright's sync API runs an
    # asyncio loop in this thread).
    scene = build_scene(parties)
    user = request.getfixturevalue(who)
    agreement_title, pledge_id = scene.de.title, scene.pledge_de.pk
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            problems = _run(browser, live_server.url, user.username, agreement_title, pledge_id)
        finally:
            browser.close()
    assert problems == []
    link = AgreementLink.objects.get()
    assert (link.agreement, link.pledge, link.linked_by) == (scene.de, scene.pledge_de, user)


def _run(browser, base: str, username: str, title: str, pledge_id: int) -> list[str]:
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
    page.get_by_role("link", name="Agreements", exact=True).click()
    page.get_by_role("link", name=title).click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    delivered = page.get_by_test_id("delivered-2025")
    assert delivered.inner_text() == "0"
    page.get_by_label("Pledge (id)").fill(str(pledge_id))
    page.get_by_role("button", name="Link to this agreement").click()
    page.get_by_text(f"Linked pledge {pledge_id} to this agreement.").wait_for()
    assert delivered.inner_text() == "600,000,000"
    assert (
        page.locator("#links tbody tr")
        .filter(has_text=re.compile(rf"Pledge\s+{pledge_id}"))
        .count()
        == 1
    )
    context.close()
    return problems
