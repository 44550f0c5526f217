"""A coordinator keeps a coalition's membership from its page in a real browser: the list filters to air
defence, the page shows the leads with their sources and the area's coverage, and a member is added with its
source, made lead and removed again. Drives Debian's chromium headless (tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from nsatu.parties.models import CoalitionMember
from tests.coalitions.conftest import build_air

pytestmark = pytest.mark.browser


def test_coordinator_edits_membership_from_the_page(
    chromium, console_errors, parties, people, coordinator
):
    air = build_air(parties)
    with chromium.running():
        page = chromium.page(coordinator.username)
        page.goto(chromium.base_url + "/coalitions/")
        page.get_by_label("Capability area").select_option("air_defence")
        page.get_by_role("button", name="Apply").click()
        page.get_by_role("link", name=air.coalition.name).click()
        page.get_by_role("heading", name=air.coalition.name).wait_for()
        assert (
            page.locator('tr[data-reference="UA-2026-0101"]')
            .get_by_test_id("committed")
            .inner_text()
            == "6"
        )
        form = page.locator("#add-member")
        form.get_by_label("Party").select_option("NOR")
        form.get_by_label("Source address").fill("https://example.org/norway-joins")
        form.get_by_role("button", name="Add as member").click()
        row = page.locator('tr[data-member="NOR"]')
        row.wait_for()
        assert "Member" in row.inner_text() and "norway-joins" in row.inner_text()
        row.get_by_role("button", name="Make lead").click()
        page.locator('tr[data-member="NOR"]').get_by_text("Lead", exact=True).wait_for()
        page.locator('tr[data-member="USA"]').get_by_role("button", name="Remove").click()
        page.get_by_text("removed from").wait_for()
        assert page.locator('tr[data-member="USA"]').count() == 0
    assert console_errors == []
    leads = CoalitionMember.objects.filter(coalition=air.coalition, lead=True)
    assert sorted(leads.values_list("party__code", flat=True)) == ["DEU", "NOR"]
