"""A joint production project registered and given a capacity from the pages in a real browser, as the
coordinator; the detail page then says what still keeps it out of a plan. Drives Debian's chromium headless
(tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from nsatu.production.models import JointProject

pytestmark = pytest.mark.browser

NAME = "Shells made together (browser)"


def test_the_coordinator_registers_a_project_and_sets_its_capacity(
    chromium, console_errors, parties, people, coordinator
):
    with chromium.running():
        page = chromium.page(coordinator.username, timeout_ms=60_000)
        page.goto(chromium.base_url + "/production/")
        page.get_by_role("link", name="Register a project").click()
        page.get_by_label("Name").fill(NAME)
        page.get_by_label("Lead nation (keeps the project)").select_option("DEU")
        page.get_by_label("Status").select_option(label="Agreed")
        page.get_by_label("Source address").fill("https://example.org/shells")
        page.get_by_role("button", name="Register").click()
        page.get_by_role("heading", name=NAME).wait_for()
        form = page.get_by_test_id("capacity-form")
        form.get_by_label("From month").fill("2027-03")
        form.get_by_label("Units per month").fill("250")
        form.get_by_role("button", name="Set capacity").click()
        page.get_by_role("heading", name=NAME).wait_for()
        assert "2027-03" in page.locator("#capacity").inner_text()
        gaps = page.get_by_test_id("feed-gaps")
        assert gaps.is_visible()
        assert "No funds pledge pays for it" in page.content()
    project = JointProject.objects.get(name=NAME)
    assert project.owner is not None and project.owner.code == "DEU"
    assert [(c.from_month.isoformat(), c.units_per_month) for c in project.capacities.all()] == [
        ("2027-03-01", 250)
    ]
    assert console_errors == []
