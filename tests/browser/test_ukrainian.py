"""The planner's requirement workflow in Ukrainian, in a real browser (issue #16, "What it must show", point 5).

Ukraine's planner switches the interface to Ukrainian with the header's switch, drafts a requirement and submits
it; the coordinator, in Ukrainian too, validates and publishes it. Every page of the way holds no English phrase
of nsatu's own catalogues (tests/core/english.py), dates read 07.12.2026 and figures 1 234 567,89.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from nsatu.needs.models import Requirement, RequirementStatus
from tests.core.english import english_in, readable_text, stored_texts
from tests.fixtures.scenario import build_web_data

pytestmark = pytest.mark.browser

TITLE = "Контрбатарейні радари для східного фронту"
DESCRIPTION = "Контрбатарейний радар, дальність виявлення 40 км"
ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
UK_DATE = re.compile(r"(?<!\d)\d{2}\.\d{2}\.\d{4}(?!\d)")
# A figure of four digits or more grouped the English way ("1,234"), rather than "1 234".
EN_GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")
UK_GROUPED = re.compile(r"\d{1,3}(?:\xa0\d{3})+")


def _uk(*msgids: str) -> dict[str, str]:
    """The Ukrainian words the pages use, read from the catalogues, so the test follows their wording."""
    with translation.override("uk"):
        return {m: gettext(m) for m in msgids}


WORDS = (
    "Requirements",
    "New requirement",
    "Title",
    "Capability area",
    "Described capability",
    "Quantity",
    "Unit",
    "Priority",
    "Needed by",
    "Create draft",
    "Submit for validation",
    "Validate",
    "Publish",
    "Draft",
    "Submitted",
    "Validated",
    "Published",
    "Overview",
)


class Reader:
    """Reads every page the test reaches, in Ukrainian, and keeps what it finds wrong."""

    def __init__(self, stored: list[str]) -> None:
        self.stored = stored
        self.problems: list[str] = []
        self.pages = 0
        self.uk_dates = 0
        self.uk_figures = 0

    def _stored(self, fragment: str) -> bool:
        return any(fragment in value for value in self.stored)

    def read(self, page) -> None:
        page.wait_for_load_state("networkidle")
        self.pages += 1
        where = page.url
        if page.locator("html").get_attribute("lang") != "uk":
            self.problems.append(f"{where}: not in Ukrainian")
        html = page.content()
        self.problems += [f"{where}: {hit}" for hit in english_in(html, self.stored)]
        text = readable_text(html)
        # A date or figure inside a source's own words ("USD 500,000,000", "on 2024-07-10") is data.
        self.problems += [
            f"{where}: ISO date {m!r}" for m in ISO_DATE.findall(text) if not self._stored(m)
        ]
        self.problems += [
            f"{where}: figure grouped the English way {m!r}"
            for m in EN_GROUPED.findall(text)
            if not self._stored(m)
        ]
        self.uk_dates += len(UK_DATE.findall(text))
        self.uk_figures += len(UK_GROUPED.findall(text))


def test_planner_and_coordinator_work_in_ukrainian(
    chromium, console_errors, parties, planner, coordinator
):
    # The database is touched only before the browser starts and after it stops (see tests/browser/conftest.py).
    with transaction.atomic():
        build_web_data(parties, coordinator)  # figures and dates on the overview and the lists
    reader = Reader([*stored_texts(), TITLE, DESCRIPTION])
    words = _uk(*WORDS)
    with chromium.running():
        _run_workflow(chromium, reader, words, planner.username, coordinator.username)
    assert console_errors == []
    assert reader.problems == [], "\n".join(reader.problems)
    assert reader.pages >= 8
    assert reader.uk_dates > 0 and reader.uk_figures > 0  # there were dates and figures to read

    requirement = Requirement.objects.get(title=TITLE)
    assert requirement.status == RequirementStatus.PUBLISHED
    planner.refresh_from_db()
    coordinator.refresh_from_db()
    assert planner.language == coordinator.language == "uk"  # the switch is stored on the user


def _switch_to_ukrainian(page) -> None:
    page.get_by_test_id("language-switch").get_by_role("button", name="Українська").click()
    page.wait_for_function("document.documentElement.lang === 'uk'")


def _wait_for_status(page, label: str) -> None:
    page.wait_for_function(
        "label => document.querySelector('[data-testid=requirement-status]').textContent === label",
        arg=label,
    )


def _run_workflow(
    chromium, reader: Reader, w: dict[str, str], planner: str, coordinator: str
) -> None:
    page = chromium.page(planner)
    _switch_to_ukrainian(page)
    reader.read(page)  # the overview: figures and charts
    # The charts and sortable tables format figures with the page's language (nsatu.js reads <html lang>).
    assert page.evaluate(
        "new Intl.NumberFormat(document.documentElement.lang).format(1234567.5)"
    ) in ("1\xa0234\xa0567,5", "1\u202f234\u202f567,5")
    page.get_by_role("link", name=w["Requirements"], exact=True).click()
    reader.read(page)
    page.get_by_role("link", name=w["New requirement"]).click()
    reader.read(page)
    page.get_by_label(w["Title"], exact=True).fill(TITLE)
    page.get_by_label(w["Capability area"], exact=True).select_option("artillery")
    page.get_by_label(w["Described capability"], exact=True).fill(DESCRIPTION)
    page.get_by_label(w["Quantity"], exact=True).fill("1500")
    page.get_by_label(w["Unit"], exact=True).fill("systems")
    page.get_by_label(w["Priority"], exact=True).select_option("1")
    page.get_by_label(w["Needed by"], exact=True).fill("2027-09-30")
    page.get_by_role("button", name=w["Create draft"]).click()
    _wait_for_status(page, w["Draft"])
    reader.read(page)
    detail_url = page.url
    assert "30.09.2027" in page.content()
    assert "1\xa0500" in readable_text(page.content())  # the quantity, grouped the Ukrainian way

    page.get_by_role("button", name=w["Submit for validation"]).click()
    _wait_for_status(page, w["Submitted"])
    reader.read(page)

    page = chromium.page(coordinator)
    _switch_to_ukrainian(page)
    reader.read(page)  # the coordinator's overview: what awaits validation
    page.goto(detail_url)
    reader.read(page)
    page.get_by_role("button", name=w["Validate"]).click()
    _wait_for_status(page, w["Validated"])
    reader.read(page)
    page.get_by_role("button", name=w["Publish"]).click()
    _wait_for_status(page, w["Published"])
    reader.read(page)
    page.get_by_role("link", name=w["Requirements"], exact=True).click()
    page.wait_for_url(re.compile(r"/requirements/$"))
    expect(page.get_by_text(TITLE).first).to_be_visible()
    reader.read(page)
