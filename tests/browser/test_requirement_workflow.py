"""A requirement's life in a real browser: the planner drafts and submits it, the coordinator validates and publishes
it, and it appears on the overview. Drives Debian's chromium headless through Playwright's sync API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction

from nsatu.needs.models import Requirement, RequirementStatus
from tests.conftest import PASSWORD
from tests.fixtures.scenario import build_web_data

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TITLE = "Counter-battery radars for the eastern front"

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


def _log_out(page, base: str) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.get_by_text("You have been logged out.").is_visible()


def test_planner_drafts_coordinator_publishes_overview_shows(
    live_server, parties, planner, coordinator
):
    # Playwright's sync API keeps an asyncio loop running in this thread, and Django refuses database calls there
    # (SynchronousOnlyOperation). Rather than set DJANGO_ALLOW_ASYNC_UNSAFE for the whole test process, this test
    # touches the database only before the browser starts and after it stops; the live server has its own thread.
    with transaction.atomic():  # services never commit; the caller owns the transaction
        build_web_data(parties, coordinator)  # Kiel figures, so the overview draws its charts too
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            problems = _run_workflow(
                browser, live_server.url, planner.username, coordinator.username
            )
        finally:
            browser.close()
    assert problems == []

    requirement = Requirement.objects.get(title=TITLE)
    assert requirement.status == RequirementStatus.PUBLISHED
    assert requirement.owner.code == "UKR"
    assert requirement.version == 4  # created, submitted, validated, published


def _run_workflow(browser, base: str, planner: str, coordinator: str) -> list[str]:
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

    _log_in(page, base, planner)
    assert "Olena Kovalenko" in page.get_by_test_id("current-user").inner_text()
    page.get_by_role("link", name="Requirements", exact=True).click()
    page.get_by_role("link", name="New requirement").click()
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Capability area", exact=True).select_option("artillery")
    page.get_by_label("Described capability", exact=True).fill(
        "Counter-battery radar, 40 km detection range"
    )
    page.get_by_label("Quantity", exact=True).fill("6")
    page.get_by_label("Unit", exact=True).fill("systems")
    page.get_by_label("Priority", exact=True).select_option("1")
    page.get_by_label("Needed by", exact=True).fill("2026-09-30")
    page.get_by_role("button", name="Create draft").click()
    page.get_by_text("created as a draft").wait_for()
    assert page.get_by_test_id("requirement-status").inner_text() == "Draft"
    detail_url = page.url

    # Submitting goes through HTMX: only the workflow panel and the messages are swapped, the URL stays.
    with page.expect_request(lambda r: r.url.endswith("/transition/")) as sent:
        page.get_by_role("button", name="Submit for validation").click()
    assert sent.value.headers.get("hx-request") == "true"
    assert sent.value.headers.get("x-csrftoken")  # from hx-headers on <body>
    _wait_for_status(page, "Submitted")
    assert page.url == detail_url
    assert page.get_by_text("is now Submitted.").is_visible()
    assert page.get_by_role("button", name="Validate").count() == 0
    _log_out(page, base)

    _log_in(page, base, coordinator)
    page.goto(detail_url)
    page.get_by_role("button", name="Validate").click()
    _wait_for_status(page, "Validated")
    page.get_by_role("button", name="Publish").click()
    _wait_for_status(page, "Published")
    assert page.get_by_text("is now Published.").is_visible()

    page.get_by_role("link", name="Overview").click()
    page.wait_for_url(base + "/")
    assert page.locator("#overview-requirements").get_by_text(TITLE).is_visible()
    # nsatu.js drew every chart from its JSON spec (a drawn canvas is marked).
    page.wait_for_selector("canvas[data-chart='chart-donor-aid'][data-drawn='1']")
    assert (
        page.locator("canvas[data-drawn='1']").count()
        == page.locator("canvas[data-chart]").count()
        == 4
    )
    context.close()
    return problems


def _wait_for_status(page, label: str) -> None:
    page.wait_for_function(
        "label => document.querySelector('[data-testid=requirement-status]').textContent === label",
        arg=label,
    )
