"""Reading pledges out of an article in a real browser: the coordinator uploads a statement, the German liaison
confirms one claim and rejects another, and the confirmed one is an announced pledge that quotes its source span.
Drives Debian's chromium headless through Playwright's sync API (tests/browser/conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nsatu.intake.models import Claim, ClaimStatus
from nsatu.pledges.models import Pledge, PledgeStatus
from tests.intake.conftest import GERMAN_STATEMENT, make_catalogue, make_donors

pytestmark = pytest.mark.browser


def test_upload_confirm_one_reject_another_see_the_announced_pledge(
    chromium, console_errors, tmp_path, parties, coordinator, liaison_de
):
    # The database is touched only before the browser starts and after it stops (see tests/browser/conftest.py).
    make_donors(parties)
    make_catalogue()
    article = tmp_path / "german-statement.txt"
    article.write_text(GERMAN_STATEMENT, encoding="utf-8")
    with chromium.running():
        _run(chromium, article, coordinator.username, liaison_de.username)
    assert console_errors == []

    confirmed = Claim.objects.get(status=ClaimStatus.CONFIRMED)
    assert confirmed.evidence == "€500 million" and confirmed.reviewed_by == liaison_de
    assert Claim.objects.get(status=ClaimStatus.REJECTED).evidence == "Patriot system"
    pledge = Pledge.objects.get()
    assert (pledge.status, pledge.donor.code, pledge, confirmed.pledge) == (
        PledgeStatus.ANNOUNCED,
        "DEU",
        pledge,
        pledge,
    )


def _run(chromium, article: Path, uploader: str, liaison: str) -> None:
    page = chromium.page(uploader)
    page.get_by_role("link", name="Sources", exact=True).click()
    page.get_by_role("link", name="Documents and their extraction").click()
    page.get_by_role("link", name="Upload or paste a document").click()
    page.get_by_label("File (.txt, .html, .pdf)").set_input_files(str(article))
    page.get_by_role("button", name="Store and read").click()
    page.get_by_text("5 claim(s) read").wait_for()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Germany pledges new air defence for Ukraine"
    )
    assert page.locator("#claims tbody tr").count() == 5
    assert page.locator("[data-testid=document-text] mark").count() == 5
    chromium.log_out(page)

    chromium.log_in(page, liaison)
    page.get_by_role("link", name="Claims", exact=True).click()
    queue = page.locator("#queue tbody tr")
    assert (
        queue.count() == 3
    )  # Germany's two and the unassigned one; Poland's earlier package is background
    queue.filter(has_text="EUR").get_by_role("link").first.click()
    assert (
        "€500 million for artillery ammunition"
        in page.get_by_test_id("claim-sentence").inner_text()
    )
    page.get_by_role("button", name="Confirm as announced pledge").click()
    page.get_by_text(re.compile(r"confirmed as pledge \d+ \(announced\)")).wait_for()
    claim_url = page.url

    page.get_by_role("link", name="Claims", exact=True).click()
    page.locator("#queue tbody tr").filter(has_text="Patriot").get_by_role("link").first.click()
    page.get_by_label("Why is it rejected?").fill("A third Patriot system is not decided yet")
    page.get_by_role("button", name="Reject").click()
    page.get_by_text("rejected.").wait_for()
    assert page.get_by_test_id("claim-status").inner_text() == "Rejected"

    page.goto(claim_url)
    page.get_by_test_id("claim-status").get_by_role("link").click()
    assert page.get_by_test_id("pledge-status").inner_text() == "Announced"
    notes = page.locator("dd", has_text="Read from «").inner_text()
    assert "Germany pledges new air defence for Ukraine" in notes
    assert re.search(r"characters \d+–\d+", notes)
    assert "Germany also pledged €500 million for artillery ammunition" in notes
