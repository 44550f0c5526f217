"""The roadmap as staff work with it: the timeline downloads under readable labels with typed cells, a column
heading orders the whole list, and the pages read in Ukrainian."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings

from nsatu.roadmap.models import Milestone
from tests.downloads import assert_xlsx_matches_csv, csv_rows

pytestmark = pytest.mark.django_db

LABELS = ["Due date", "Milestone", "Area", "Owner", "Status", "Overdue"]


def test_the_timeline_xlsx_has_the_labels_and_the_rows_of_the_csv(road, as_user, coordinator):
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(client, "/roadmap/", LABELS)
    header = rows[0]
    overdue = next(r for r in rows[1:] if r[1] == road.overdue.title)
    assert overdue[header.index("Overdue")] == "Yes"
    assert isinstance(overdue[header.index("Due date")], dt.datetime)
    assert overdue[header.index("Status")] in {"Planned", "In progress"}
    # The summary downloads too, with its labels.
    summary = assert_xlsx_matches_csv(client, "/roadmap/summary/", ["Area", "Planned"])
    assert summary[0][-1] == "Total"


def test_sorting_by_title_orders_the_whole_list(road, as_user, coordinator, settings):
    settings.NSATU_PAGE_SIZE = 1
    client = as_user(coordinator)
    # What the coordinator may see, in any order.
    titles = sorted(r[1] for r in csv_rows(client, "/roadmap/")[1:])
    assert len(titles) > 2
    first = client.get("/roadmap/", {"sort": "title"}).content.decode()
    shown = re.findall(r'<tr data-milestone="(\d+)"', first)
    assert shown == [str(Milestone.objects.get(title=titles[0]).pk)]
    last = client.get("/roadmap/", {"sort": "-title"}).content.decode()
    assert re.findall(r'<tr data-milestone="(\d+)"', last) == [
        str(Milestone.objects.get(title=titles[-1]).pk)
    ]
    assert 'data-sort="descending"' in last
    # Quarters head the rows only in the order of the due dates.
    assert 'class="group"' not in first
    assert [r[1] for r in csv_rows(client, "/roadmap/?sort=title")[1:]] == titles


def test_the_roadmap_reads_in_ukrainian(road, as_user, coordinator):
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = client.get("/roadmap/").content.decode()
    assert "<h1>Шлях до членства: етапи</h1>" in page
    summary = client.get("/roadmap/summary/").content.decode()
    assert "<h1>Етапи за статусами і напрямами</h1>" in summary
    assert csv_rows(client, "/roadmap/")[0][:2] == ["Строк виконання", "Етап"]
