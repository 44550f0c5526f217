"""Courses and cohorts made from the pages in a real browser, as the coordinator: a course (refused next to its
field until it names the item type it trains for), a cohort of it, its enrolment and its graduates. Drives
Debian's chromium headless (tests/browser/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from nsatu.training.models import Cohort, Course
from tests.training.conftest import build_training

pytestmark = pytest.mark.browser

NAME = "F-16 maintainers (browser)"


def test_the_coordinator_creates_a_course_and_runs_a_cohort_from_the_pages(
    chromium, console_errors, parties, people, coordinator, liaison_de, liaison_pl
):
    world = build_training(parties, liaison_de, liaison_pl)
    start = timezone.localdate() - dt.timedelta(weeks=10)
    with chromium.running():
        page = chromium.page(coordinator.username)
        _create_course(page, world.f16.name)
        _plan_enrol_graduate(page, start)
    course = Course.objects.get(name=NAME)
    assert (course.host.code, course.skill, course.item_type_id) == (
        "DEU",
        "maintainer",
        world.f16.pk,
    )
    cohort = Cohort.objects.get(course=course)
    assert (cohort.start, cohort.end, cohort.seats, cohort.enrolled, cohort.graduated) == (
        start,
        start + dt.timedelta(weeks=8),
        6,
        6,
        5,
    )
    # The one refused form answers 400, which the browser reports; nothing else went wrong.
    assert [e for e in console_errors if "400 (Bad Request)" not in e] == []
    assert len(console_errors) == 1


def _create_course(page, item_type: str) -> None:
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_test_id("new-course").click()
    page.get_by_role("heading", name="New course").wait_for()
    page.get_by_label("Host nation").select_option("DEU")
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Skill").select_option(label="Maintainer")
    page.get_by_label("Duration (weeks)").fill("8")
    page.get_by_label("Seats per cohort").fill("6")
    page.get_by_role("button", name="Create course").click()
    error = page.locator("#id_item_type_error")
    assert "name it" in error.inner_text()
    page.get_by_label("Item type").select_option(label=item_type)
    page.get_by_role("button", name="Create course").click()
    page.get_by_role("heading", name=NAME).wait_for()
    assert "Course F-16 maintainers (browser) of Germany created." in page.content()


def _plan_enrol_graduate(page, start: dt.date) -> None:
    page.get_by_label("Start").fill(start.isoformat())
    page.get_by_role("button", name="Plan cohort").click()
    row = page.locator("#course-cohorts tbody tr").first
    row.get_by_role("link", name="Enrol").click()
    page.get_by_label("Enrolled").fill("6")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=NAME).wait_for()
    assert row.get_by_test_id("enrolled").inner_text() == "6"
    row.get_by_role("link", name="Record graduates").click()
    page.get_by_label("Graduated").fill("5")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=NAME).wait_for()
    assert row.get_by_test_id("graduated").inner_text() == "5"
