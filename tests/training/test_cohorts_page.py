"""The cohorts on their own page: paged, sorted over the whole list, filtered, and downloaded as the page
shows them (the XLSX with the CSV's rows under readable labels)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from nsatu.training.services import cohort_create
from tests.downloads import assert_xlsx_matches_csv, csv_rows, in_ukrainian

pytestmark = pytest.mark.django_db

COHORTS = reverse("training:cohorts")
STARTS = (dt.date(2026, 3, 2), dt.date(2025, 1, 6), dt.date(2026, 9, 7), dt.date(2025, 10, 6))


def _more_cohorts(training, liaison_de) -> None:
    for n, start in enumerate(STARTS):
        cohort_create(
            actor=liaison_de, course=training.pilots, start=start, seats=10 + n, enrolled=n
        )


def test_cohorts_xlsx_has_the_labels_and_the_rows_of_the_csv(training, as_user, liaison_de):
    rows = assert_xlsx_matches_csv(
        as_user(liaison_de), COHORTS, ["Course", "Start", "End", "Seats", "Enrolled", "Graduated"]
    )
    assert rows[1:] == [
        ["F-16 conversion", dt.datetime(2025, 6, 16), dt.datetime(2025, 12, 1), 4, 3, 2]
    ]


def test_the_polish_owner_only_cohort_is_neither_listed_nor_downloaded(
    training, as_user, liaison_de
):
    client = as_user(liaison_de)
    assert "Polish owner-only course" not in client.get(COHORTS).content.decode()
    assert [r[0] for r in csv_rows(client, COHORTS)[1:]] == ["F-16 conversion"]


@pytest.mark.parametrize("key", ["start", "-start", "seats", "-seats"])
def test_sorting_orders_the_whole_cohort_list(training, as_user, liaison_de, key, settings):
    _more_cohorts(training, liaison_de)
    client = as_user(liaison_de)
    everything = csv_rows(client, f"{COHORTS}?sort={key}")[1:]
    column = 1 if key.endswith("start") else 3
    values = [r[column] if column == 1 else int(r[column]) for r in everything]
    assert len(values) == 5
    assert values == sorted(values, reverse=key.startswith("-"))
    settings.NSATU_PAGE_SIZE = 2
    page = client.get(f"{COHORTS}?sort={key}")
    assert page.context["cohorts"].paginator.num_pages == 3
    field = "start" if column == 1 else "seats"
    shown = [getattr(c, field) for c in page.context["cohorts"]]
    # The first page holds the two first of the whole list, not the first two rows of some page sorted.
    expected = [dt.date.fromisoformat(v) if column == 1 else v for v in values[:2]]
    assert shown == expected
    assert re.search(r'data-sort="(ascending|descending)"', page.content.decode())


def test_filters_choose_the_rows_of_page_and_download(training, as_user, liaison_de):
    _more_cohorts(training, liaison_de)
    client = as_user(liaison_de)
    query = "?start_from=2026-01-01&start_to=2026-12-31"
    rows = csv_rows(client, COHORTS + query)[1:]
    assert [r[1] for r in rows] == ["2026-03-02", "2026-09-07"]
    page = client.get(COHORTS + query)
    assert [c.start for c in page.context["cohorts"]] == [dt.date(2026, 3, 2), dt.date(2026, 9, 7)]
    ended = csv_rows(client, f"{COHORTS}?state=ended")[1:]
    assert ended and all(dt.date.fromisoformat(r[2]) < dt.date.today() for r in ended)
    assert 'data-search="1"' in page.content.decode()  # the course picker is searchable


def test_the_courses_page_links_to_the_cohorts(training, as_user, liaison_de):
    html = as_user(liaison_de).get(reverse("training:courses")).content.decode()
    assert f'href="{COHORTS}"' in html and 'id="cohorts"' not in html


def test_the_cohorts_page_reads_in_ukrainian(training, as_user, liaison_de):
    with in_ukrainian(as_user(liaison_de)) as client:
        html = client.get(COHORTS).content.decode()
    assert "<h1>Cohorts</h1>" not in html
