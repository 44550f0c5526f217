"""One coverage in a real browser: the coordinator opens the overview and sees a requirement covered by aid of
its type that nobody earmarked, opens it, reads its stages and the sources of one aid line side by side, confirms
a proposed link on the aid ledger, and finds the same totals on the overview, the requirement page and the
coverage page, before and after, equal to the one computation. Drives Debian's chromium headless."""

from __future__ import annotations

import re

import pytest
from django.db import transaction

from nsatu.aid.models import LinkDecision, Verdict
from nsatu.coverage.selectors import requirement_coverage_get
from nsatu.engine.coverage import STAGES
from tests.resilience.world import build_small

pytestmark = pytest.mark.browser

REF = "ART-1"  # 20 M777: the US M777 in service and on the way, Germany's FH70 substitutes; no earmark


def test_coordinator_follows_one_coverage_from_overview_to_ledger(
    chromium, console_errors, parties, coordinator
):
    # The database is touched only before the browser starts and after it stops (see tests/browser/conftest.py).
    with transaction.atomic():
        small = build_small(parties)
    before = requirement_coverage_get(user=coordinator).of(small.art1.pk)
    with chromium.running():
        seen = _follow(chromium, chromium.page(coordinator.username))
    assert console_errors == []

    after = requirement_coverage_get(user=coordinator).of(small.art1.pk)
    expected = [
        {s: _shown(c.stages.as_dict()[s]) for s in ("announced", "committed", "delivered")}
        for c in (before, after)
    ]
    assert seen["before"] == [expected[0]] * 3  # overview, requirement page, coverage page
    assert seen["after"] == [expected[1]] * 3
    assert before.stages.committed > 0
    assert seen["stages"] == {s: _shown(before.stages.as_dict()[s]) for s in STAGES}
    [decision] = LinkDecision.objects.all()
    assert decision.verdict == Verdict.CONFIRM and decision.decided_by == coordinator


def _shown(value) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _row_figures(page, selector: str) -> dict[str, str]:
    row = page.locator(selector)
    return {
        s: row.get_by_test_id(s).inner_text().split()[0]
        for s in ("announced", "committed", "delivered")
    }


def _detail_figures(page) -> dict[str, str]:
    return {
        s: page.get_by_test_id(f"coverage-{s}").inner_text()
        for s in ("announced", "committed", "delivered")
    }


def _totals(chromium, page) -> list[dict[str, str]]:
    page.goto(chromium.base_url + "/")
    overview = _row_figures(page, f"#overview-requirements tr[data-reference='{REF}']")
    page.locator("#overview-requirements").get_by_role("link", name=REF, exact=True).click()
    page.wait_for_url(re.compile(r"/requirements/\d+/$"))
    detail = _detail_figures(page)
    page.goto(chromium.base_url + "/coverage/")
    coverage = _row_figures(page, f"tr[data-reference='{REF}']")
    return [overview, detail, coverage]


def _follow(chromium, page) -> dict:
    seen: dict = {}
    # The overview shows the requirement covered, though no pledge is earmarked for it.
    share = page.locator(
        f"#overview-requirements tr[data-reference='{REF}'] [data-testid='covered-share']"
    )
    assert share.inner_text().strip() != "0 %"
    seen["before"] = _totals(chromium, page)

    # The requirement page: the six stages, and the sources of the US M777 side by side.
    page.goto(chromium.base_url + "/")
    page.locator("#overview-requirements").get_by_role("link", name=REF, exact=True).click()
    page.get_by_role("heading", name="Aid lines that make up this coverage").wait_for()
    stages = page.locator("#coverage-stages tr[data-stage]")
    assert stages.count() == 6
    seen["stages"] = {
        s: page.get_by_test_id(f"coverage-{s}").inner_text()
        for s in ("announced", "committed", "allocated", "shipped", "delivered", "in_service")
    }
    us_line = page.locator("article.aid-line").filter(has_text="United States").first
    sources = us_line.get_by_test_id("attestation")
    assert sources.count() >= 2
    assert "sipri" in us_line.inner_text().casefold() and "oryx" in us_line.inner_text().casefold()

    # The aid ledger's proposals: the coordinator confirms the first as one donation.
    page.goto(chromium.base_url + "/aid/proposals/")
    page.get_by_role("heading", name="Proposed links").wait_for()
    first = page.locator("#proposals tbody tr").first
    first.get_by_role("button", name="Confirm: one donation").click()
    page.wait_for_load_state()

    seen["after"] = _totals(chromium, page)
    return seen
