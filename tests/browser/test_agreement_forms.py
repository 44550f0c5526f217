"""The agreement forms in a real browser: the coordinator registers an agreement, adds a yearly commitment, links
a pledge to Germany's agreement with the picker, then unlinks it, and sees the delivered figure follow.
Drives Debian's chromium headless through Playwright's sync API (tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from nsatu.agreements.models import Agreement, AgreementLink
from nsatu.audit.models import AuditEvent
from tests.agreements.conftest import build_scene

pytestmark = pytest.mark.browser


def test_register_commit_link_and_unlink_from_the_pages(
    chromium, console_errors, parties, people, coordinator
):
    # The database is touched only before the browser starts and after it stops (see tests/browser/conftest.py).
    scene = build_scene(parties)
    title, pledge_id = scene.de.title, scene.pledge_de.pk
    with chromium.running():
        page = chromium.page(coordinator.username)
        _register(page)
        _link_and_unlink(page, title, pledge_id)
    assert console_errors == []
    created = Agreement.objects.get(title="Ukraine – United States (browser)")
    assert set(created.parties.values_list("code", flat=True)) == {"USA", "UKR"}
    assert created.commitments.get(year=2026).amount_eur == 3_000_000_000
    assert not AgreementLink.objects.exists()
    assert AuditEvent.objects.filter(action="agreement.link_pledge").count() == 1
    assert AuditEvent.objects.filter(action="agreement.unlink").count() == 1


def _register(page) -> None:
    page.get_by_role("link", name="Agreements", exact=True).click()
    page.get_by_role("link", name="Register an agreement").click()
    page.get_by_label("Title").fill("Ukraine – United States (browser)")
    page.get_by_label("Parties").select_option(["USA", "UKR"])
    page.get_by_label("Owner").select_option("USA")
    page.get_by_label("Signed on").fill("2024-06-13")
    page.get_by_label("Source address").fill("https://example.org/us-agreement")
    page.get_by_role("button", name="Register").click()
    page.get_by_role("heading", level=1, name="Ukraine – United States (browser)").wait_for()
    form = page.locator("#commitment-form")
    form.get_by_role("spinbutton", name="Year").fill("2026")
    form.get_by_role("spinbutton", name="Amount", exact=False).first.fill("3000000000")
    form.get_by_label("Currency").fill("EUR")
    form.get_by_role("button", name="Save commitment").click()
    page.get_by_text("Commitment for 2026 saved.").wait_for()
    assert page.locator('#commitments li[data-year="2026"]').count() == 1


def _link_and_unlink(page, title: str, pledge_id: int) -> None:
    page.get_by_role("link", name="Agreements", exact=True).click()
    page.get_by_role("link", name=title).click()
    delivered = page.get_by_test_id("delivered-2025")
    assert delivered.inner_text() == "0"
    # The picker offers the visible pledges of the agreement's parties.
    assert page.locator(f'#pledge-options option[value="{pledge_id}"]').count() == 1
    page.get_by_label("Pledge (id)").fill(str(pledge_id))
    page.get_by_role("button", name="Link to this agreement").click()
    page.get_by_text(f"Linked pledge {pledge_id} to this agreement.").wait_for()
    assert delivered.inner_text() == "600,000,000"
    page.locator("#links tbody tr").filter(has_text=str(pledge_id)).get_by_role(
        "button", name="Unlink"
    ).click()
    page.get_by_text("Link removed.").wait_for()
    assert page.get_by_test_id("delivered-2025").inner_text() == "0"
    assert page.locator(f'#pledge-options option[value="{pledge_id}"]').count() == 1
