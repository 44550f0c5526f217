"""A requirement's life in a real browser: the planner drafts and submits it, the coordinator validates and publishes
it, and it appears on the overview. Drives Debian's chromium headless through Playwright's sync API."""

from __future__ import annotations

import pytest
from django.db import transaction

from nsatu.needs.models import Requirement, RequirementStatus
from tests.fixtures.scenario import build_web_data

TITLE = "Counter-battery radars for the eastern front"

pytestmark = pytest.mark.browser


def test_planner_drafts_coordinator_publishes_overview_shows(
    chromium, console_errors, parties, planner, coordinator
):
    # The database is touched only before the browser starts and after it stops (see tests/browser/conftest.py).
    with transaction.atomic():  # the whole picture in one transaction
        build_web_data(parties, coordinator)  # Kiel figures, so the overview draws its charts too
    with chromium.running():
        _run_workflow(chromium, planner.username, coordinator.username)
    assert console_errors == []

    requirement = Requirement.objects.get(title=TITLE)
    assert requirement.status == RequirementStatus.PUBLISHED
    assert requirement.owner.code == "UKR"
    assert requirement.version == 4  # created, submitted, validated, published


def _run_workflow(chromium, planner: str, coordinator: str) -> None:
    base = chromium.base_url
    page = chromium.page(planner)
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
    chromium.log_out(page)

    chromium.log_in(page, coordinator)
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


def _wait_for_status(page, label: str) -> None:
    page.wait_for_function(
        "label => document.querySelector('[data-testid=requirement-status]').textContent === label",
        arg=label,
    )
