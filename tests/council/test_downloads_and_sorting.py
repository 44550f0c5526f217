"""Council pages as staff work with them: the downloads carry readable labels and typed cells, a column heading
orders the whole list, and the pages read in Ukrainian."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings

from tests.downloads import assert_xlsx_matches_csv, csv_rows

pytestmark = pytest.mark.django_db

ACTION_LABELS = ["Due date", "Action", "Tasked party", "Status", "Overdue"]


def test_the_actions_xlsx_has_the_labels_and_the_rows_of_the_csv(council, as_user, coordinator):
    client = as_user(coordinator)
    rows = assert_xlsx_matches_csv(client, "/council/actions/", ACTION_LABELS)
    header = rows[0]
    by_title = {r[header.index("Action")]: r for r in rows[1:]}
    overdue = by_title[council.overdue.title]
    assert overdue[header.index("Status")] == "In progress"  # the label, never "in_progress"
    assert overdue[header.index("Overdue")] == "Yes"
    assert isinstance(overdue[header.index("Due date")], dt.datetime)
    assert overdue[header.index("Tasked party")] == council.overdue.owner.name


def test_the_meetings_and_a_meetings_actions_download(council, as_user, liaison_de):
    client = as_user(liaison_de)
    meetings = assert_xlsx_matches_csv(client, "/council/", ["Date", "Place", "Level"])
    assert [r[2] for r in meetings[1:]] == ["Foreign ministers"]
    actions = assert_xlsx_matches_csv(
        client, f"/council/meetings/{council.meeting.pk}/", ACTION_LABELS
    )
    assert "qzxaction" not in {r[1] for r in actions[1:]}


def test_sorting_by_tasked_party_orders_the_whole_list(council, as_user, coordinator, settings):
    settings.NSATU_PAGE_SIZE = 1
    client = as_user(coordinator)
    names = [r[2] for r in csv_rows(client, "/council/actions/?sort=owner")[1:]]
    assert names == sorted(names) and len(set(names)) > 1
    first = client.get("/council/actions/", {"sort": "owner"}).content.decode()
    last = client.get("/council/actions/", {"sort": "-owner"}).content.decode()
    pick = re.compile(r'<tr data-action="(\d+)"')
    assert len(pick.findall(first)) == 1
    assert pick.findall(first) != pick.findall(last)
    assert 'data-sort="descending"' in last
    descending = [r[2] for r in csv_rows(client, "/council/actions/?sort=-owner")[1:]]
    assert descending == sorted(names, reverse=True)


def test_the_council_pages_read_in_ukrainian(council, as_user, coordinator):
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = client.get("/council/").content.decode()
    assert "<h1>Рада Україна – НАТО: засідання</h1>" in page
    actions = client.get("/council/actions/").content.decode()
    assert "<h1>Дії за рішеннями Ради</h1>" in actions
    assert csv_rows(client, "/council/actions/")[0][:2] == ["Строк виконання", "Дія"]
