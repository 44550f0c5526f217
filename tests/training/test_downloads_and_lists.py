"""The training tables as staff work with them: courses, cohorts and readiness download as CSV and XLSX with
readable labels, the course list sorts as a whole, and the pages read in Ukrainian."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from nsatu.training.services import course_create
from tests.downloads import assert_xlsx_matches_csv, xlsx_rows

pytestmark = pytest.mark.django_db

COURSE_LABELS = ["Course", "Host nation", "Site", "Skill", "Item type", "Duration (weeks)"]


def test_the_course_list_xlsx_has_labels_and_the_rows_of_the_csv(training, as_user, liaison_de):
    rows = assert_xlsx_matches_csv(as_user(liaison_de), reverse("training:courses"), COURSE_LABELS)
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"English for aviators", "F-16 conversion"}
    pilots = by_name["F-16 conversion"]
    assert pilots[3] == "Pilot" and pilots[5] == 24 and pilots[9] == "English for aviators"
    assert "pilot" not in [str(c) for c in pilots]


def test_the_cohorts_and_a_course_s_cohorts_download(training, as_user, liaison_de):
    client = as_user(liaison_de)
    cohorts = assert_xlsx_matches_csv(
        client, reverse("training:courses") + "?table=cohorts", ["Course", "Start", "End"]
    )
    assert cohorts[1:] == [
        ["F-16 conversion", dt.datetime(2025, 6, 16), dt.datetime(2025, 12, 1), 4, 3, 2]
    ]
    mine = assert_xlsx_matches_csv(
        client, reverse("training:course", args=[training.pilots.pk]), ["Course", "Start"]
    )
    assert len(mine) == 2


def test_readiness_downloads_with_labels_not_codes(training, as_user, liaison_de):
    rows = assert_xlsx_matches_csv(
        as_user(liaison_de), reverse("training:readiness"), ["Delivery", "Source", "Item type"]
    )
    header, row = rows[0], rows[1]
    assert row[header.index("Source")] == "pledge tranche"
    assert (
        row[header.index("Status")] == "crew gap: closable" or "late" in row[header.index("Status")]
    )
    assert row[header.index("Ammunition by arrival")] in ("Yes", "No")
    page = as_user(liaison_de).get(reverse("training:readiness")).content.decode()
    assert "(tranche)" not in page and "(pledge tranche)" in page


@pytest.mark.parametrize("key", ["weeks", "-weeks"])
def test_sorting_orders_the_whole_course_list(parties, as_user, liaison_de, key, settings):
    settings.NSATU_PAGE_SIZE = 2
    for n, weeks in enumerate((7, 2, 11, 5, 3)):
        course_create(
            actor=liaison_de,
            host=parties["DEU"],
            name=f"Sorted course {n}",
            skill="other",
            duration_weeks=weeks,
            seats_per_cohort=10,
        )
    client = as_user(liaison_de)
    page = client.get(reverse("training:courses") + f"?sort={key}").content.decode()
    shown = re.findall(r"Sorted course (\d)", page)
    expected = ["1", "4"] if key == "weeks" else ["2", "0"]
    assert shown[:2] == expected and len(shown) == 2
    everything = xlsx_rows(client, reverse("training:courses") + f"?sort={key}")
    weeks = [r[5] for r in everything[1:]]
    assert weeks == sorted(weeks, reverse=key.startswith("-")) and len(weeks) == 5


def test_template_and_upload_links_only_for_those_who_may_create(
    training, as_user, liaison_de, analyst
):
    shown = as_user(liaison_de).get(reverse("training:courses")).content.decode()
    assert reverse("exchange:template", args=["courses"]) in shown
    assert reverse("exchange:upload", args=["courses"]) in shown
    hidden = as_user(analyst).get(reverse("training:courses")).content.decode()
    assert reverse("exchange:upload", args=["courses"]) not in hidden


def test_the_pages_read_in_ukrainian(training, as_user, liaison_de):
    client = as_user(liaison_de)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = client.get(reverse("training:courses")).content.decode()
    assert "<h1>Курси підготовки та групи</h1>" in page and "Пілот" in page
    readiness = client.get(reverse("training:readiness")).content.decode()
    assert "<h1>Готовність: ОВТ, боєприпаси та екіпажі разом</h1>" in readiness
    assert xlsx_rows(client, reverse("training:courses"))[0][:2] == ["Курс", "Країна-організатор"]
