"""Registering a NATO-Ukraine Council decision with one action in a real browser: the coordinator opens a
meeting from the Council page, registers a decision with the action it tasks, and finds both on the meeting
page and the action, overdue, flagged on the action list. Drives Debian's chromium headless through
Playwright's sync API (tests/browser/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from nsatu.core.models import Releasability
from nsatu.council.models import Action, Decision, Meeting, MeetingLevel

pytestmark = pytest.mark.browser

TEXT = "Allies back a demining trust fund for Ukraine"
TASK = "Set up the demining trust fund"


def test_register_a_decision_with_one_action(chromium, console_errors, parties, coordinator):
    # The database is touched only before the browser starts and after it stops (see tests/browser/conftest.py).
    meeting = Meeting.objects.create(
        date=dt.date(2023, 11, 29),
        place="Brussels",
        level=MeetingLevel.FOREIGN,
        source_url="https://example.org/nuc",
        releasability=Releasability.PUBLIC,
    )
    due = timezone.localdate() - dt.timedelta(days=5)
    with chromium.running():
        page = chromium.page(coordinator.username)
        page.goto(chromium.base_url + "/council/")
        page.get_by_role("link", name="2023-11-29").click()
        page.get_by_role("link", name="Register a decision").click()
        page.get_by_label("Decision", exact=True).fill(TEXT)
        page.get_by_label("Source address").fill("https://example.org/demining")
        row = page.locator('fieldset[data-row="0"]')
        row.get_by_label("Action", exact=True).fill(TASK)
        row.get_by_label("Tasked party").select_option("NOR")
        row.get_by_label("Due date").fill(due.isoformat())
        page.get_by_role("button", name="Register the decision").click()
        page.get_by_text("Decision registered with its actions.").wait_for()
        assert page.get_by_text(TEXT).count() == 1
        page.get_by_role("link", name=TASK).wait_for()
        page.goto(chromium.base_url + "/council/actions/?overdue=yes")
        flagged = page.locator("#actions tbody tr.overdue").filter(has_text=TASK)
        assert flagged.get_by_test_id("overdue").count() == 1
    assert console_errors == []
    decision = Decision.objects.get(meeting=meeting)
    assert decision.text == TEXT and decision.source_url == "https://example.org/demining"
    action = Action.objects.get(decision=decision)
    assert (action.title, action.owner.code, action.due_date) == (TASK, "NOR", due)
