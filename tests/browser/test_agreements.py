"""Linking a pledge to an agreement in a real browser: Germany's liaison opens Germany's agreement from the
agreements page, links a delivered pledge, and sees 2025's delivered amount go from 0 to EUR 600 million.
Drives Debian's chromium headless through Playwright's sync API (tests/browser/conftest.py)."""

from __future__ import annotations

import re

import pytest

from nsatu.agreements.models import AgreementLink
from tests.agreements.conftest import build_scene

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("who", ["coordinator", "liaison_de"])
def test_link_a_pledge_and_see_the_years_delivered_amount_change(
    chromium, console_errors, parties, people, request, who
):
    # The database is touched only before the browser starts and after it stops (see tests/browser/conftest.py).
    scene = build_scene(parties)
    user = request.getfixturevalue(who)
    agreement_title, pledge_id = scene.de.title, scene.pledge_de.pk
    with chromium.running():
        _run(chromium.page(user.username), agreement_title, pledge_id)
    assert console_errors == []
    link = AgreementLink.objects.get()
    assert (link.agreement, link.pledge, link.linked_by) == (scene.de, scene.pledge_de, user)


def _run(page, title: str, pledge_id: int) -> None:
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
