"""The joint production list as staff work with it: the XLSX carries the CSV's rows under readable labels, a
column heading orders the whole list (not one page of it), and the page reads in Ukrainian."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from nsatu.production.models import JointProject, ProjectStatus
from tests.downloads import assert_xlsx_matches_csv

pytestmark = pytest.mark.django_db

LABELS = ["Id", "Project", "Item type", "Status", "Lead nation", "Partners"]


def _ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-project="(\d+)">', html)]


def test_the_xlsx_has_the_labels_and_the_rows_of_the_csv(project, as_user, coordinator):
    project.announced_on = dt.date(2025, 2, 14)
    project.save()
    rows = assert_xlsx_matches_csv(as_user(coordinator), reverse("production:list"), LABELS)
    header = rows[0]
    (row,) = rows[1:]
    assert row[header.index("Status")] == "Agreed"
    assert row[header.index("Feeds a plan")] == "Yes"
    assert row[header.index("Announced on")] == dt.datetime(2025, 2, 14)
    assert "agreed" not in [str(c) for c in row]


def test_sorting_by_status_orders_the_whole_list(project, as_user, coordinator, parties, settings):
    made = {
        status: JointProject.objects.create(name=f"P {status}", status=status, owner=parties["POL"])
        for status in (ProjectStatus.PROPOSED, ProjectStatus.PRODUCING, ProjectStatus.CLOSED)
    }
    settings.NSATU_PAGE_SIZE = 2
    client = as_user(coordinator)
    # Stored order of the codes: agreed, closed, producing, proposed.
    first = client.get(reverse("production:list") + "?sort=status").content.decode()
    assert _ids(first) == [project.pk, made[ProjectStatus.CLOSED].pk]
    second = client.get(reverse("production:list") + "?sort=status&page=2").content.decode()
    assert _ids(second) == [made[ProjectStatus.PRODUCING].pk, made[ProjectStatus.PROPOSED].pk]
    reversed_first = client.get(reverse("production:list") + "?sort=-status").content.decode()
    assert _ids(reversed_first)[0] == made[ProjectStatus.PROPOSED].pk
    assert 'data-sort="descending"' in reversed_first


def test_the_list_reads_in_ukrainian(project, as_user, coordinator):
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    page = client.get(reverse("production:list")).content.decode()
    assert "<h1>Проєкти спільного виробництва</h1>" in page
    assert "Погоджено" in page
    detail = client.get(reverse("production:detail", args=[project.pk])).content.decode()
    assert "Графік потужностей" in detail
