"""An allocation run in a real browser: the coordinator starts it and watches it go from the queue to its result
(a background worker takes it from the database queue meanwhile), the German liaison accepts a proposal, and the
pledge shows "Allocated". Drives Debian's chromium headless through Playwright's sync API."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from playwright.sync_api import expect

from nsatu.planning.management.commands.worker import worker_thread
from nsatu.planning.models import AllocationRun, LineState, PlanLine, RunStatus
from nsatu.pledges.models import PledgeStatus
from tests.planning.conftest import DATABASE_QUEUE, START, build_plan_world

pytestmark = pytest.mark.browser


def test_coordinator_runs_a_plan_and_the_german_liaison_accepts(
    chromium, console_errors, settings, parties, people, coordinator, liaison_de
):
    # The database is touched only before the browser starts and after it stops (see tests/browser/conftest.py).
    settings.TASKS = DATABASE_QUEUE
    world = build_plan_world(parties)
    if connection.vendor == "sqlite":
        # The in-memory test database is shared between the live server's connection and the worker's; readers
        # that do not wait for the worker's short write transactions keep the polling page from seeing a lock.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")
    workers: list[threading.Thread] = []
    try:
        with chromium.running():
            _run(chromium, workers)
    finally:
        for worker in workers:
            worker.join(timeout=60)
    assert console_errors == []

    run = AllocationRun.objects.get()
    assert run.status == RunStatus.DONE and run.created_by == coordinator
    accepted = PlanLine.objects.get(run=run, state=LineState.ACCEPTED)
    assert accepted.owner.code == "DEU" and accepted.decided_by == liaison_de
    world.german_tanks.refresh_from_db()
    assert world.german_tanks.status == PledgeStatus.ALLOCATED
    assert world.german_tanks.requirement == world.tanks_urgent


def _run(chromium, workers: list[threading.Thread]) -> None:
    page = chromium.page("coord.ribeiro", timeout_ms=20_000)
    page.get_by_role("link", name="Planning", exact=True).click()
    page.get_by_label("Start month", exact=True).fill(START)
    page.get_by_label("Horizon (months)", exact=True).fill("12")
    page.get_by_role("button", name="Start the run").click()
    page.wait_for_url(re.compile(r"/planning/runs/\d+/$"))
    run_url = page.url
    assert page.get_by_text("started.").is_visible()
    # Nothing takes the run yet: the page shows it queued and polls its progress.
    assert page.get_by_test_id("run-status").inner_text() == "Queued"
    assert page.get_by_test_id("run-progress").inner_text() == "0 %"
    with page.expect_request(lambda r: r.url.endswith("/progress/")) as polled:
        pass
    assert polled.value.headers.get("hx-request") == "true"

    # A worker starts (the one `nsatu demo` runs, for one task): the panel follows the run, then the page reloads
    # with the result. Starting the thread touches no database here; the thread has its own connection.
    workers.append(worker_thread(interval=0.1, max_tasks=1))
    page.wait_for_selector("[data-testid=solver-status]", timeout=60_000)
    workers[0].join(timeout=30)
    assert not workers[0].is_alive()
    assert page.url == run_url
    assert page.get_by_test_id("run-status").inner_text() == "Done"
    assert page.get_by_test_id("solver-status").inner_text() == "optimal"
    plan = float(page.get_by_test_id("plan-coverage").inner_text().rstrip(" %"))
    baseline = float(page.get_by_test_id("baseline-coverage").inner_text().rstrip(" %"))
    assert plan > baseline
    assert page.locator("#shortfalls").get_by_text("UA-T-01").is_visible()
    assert page.locator("#donor-DEU").is_visible()
    page.wait_for_selector("canvas[data-chart='chart-run-coverage'][data-drawn='1']")
    chromium.log_out(page)

    chromium.log_in(page, "liaison.de.weber")
    page.get_by_role("link", name="Planning", exact=True).click()
    page.get_by_role("link", name="My proposals").click()
    # A click does not wait for the next page: expect() retries until it has loaded (is_visible() would not).
    expect(page.get_by_role("heading", name="Proposals to Germany")).to_be_visible()
    # The proposal of 5 (the list shows the newest run first, whatever order its lines come in).
    first = page.locator("tr[data-line]").filter(
        has=page.locator("td", has_text=re.compile(r"^5$"))
    )
    line_id = first.get_attribute("data-line")
    page.get_by_role("button", name=f"Accept proposal {line_id}").click()
    page.get_by_text(f"Proposal {line_id} (5 for UA-T-02) accepted.").wait_for()
    assert (
        page.locator(f"tr[data-line='{line_id}'] [data-testid=line-state]").inner_text()
        == "Accepted"
    )
    page.locator(f"tr[data-line='{line_id}'] td:nth-child(7) a").click()  # the pledge
    page.wait_for_url(re.compile(r"/pledges/\d+/$"))
    assert page.get_by_test_id("pledge-status").inner_text() == "Allocated"
