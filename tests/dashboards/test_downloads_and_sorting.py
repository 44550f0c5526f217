"""The requirement list as staff work with it: the same rows in Excel as in the CSV, whole-list sorting, Ukrainian."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from nsatu.needs.models import Requirement


def _csv(client, url: str) -> list[list[str]]:
    body = client.get(url).getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _xlsx(client, url: str) -> list[tuple]:
    response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.freeze_panes == "A2"
    return list(sheet.iter_rows(values_only=True))


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else str(value)
    if isinstance(value, float):
        return str(Decimal(str(value)).normalize())
    return str(value)


def test_the_requirement_list_as_xlsx_has_the_labels_and_the_csv_rows(
    web_data, as_user, coordinator
):
    client = as_user(coordinator)
    url = reverse("needs:list")
    rows = _xlsx(client, url + "?format=xlsx")
    text = _csv(client, url + "?format=csv")
    assert list(rows[0]) == text[0]
    assert rows[0][:3] == ("Reference", "Title", "Capability area")
    assert len(rows) == len(text) == Requirement.objects.count() + 1
    by_reference = {r[0]: r for r in rows[1:]}
    shells = by_reference["UA-2025-0001"]
    # Figures and dates are typed cells, not text.
    assert shells[4] == dt.datetime(2026, 12, 31)
    assert shells[5] == 200000 and shells[3] == 1
    for xrow, crow in zip(rows[1:], text[1:], strict=True):
        assert xrow[0] == crow[0]
        assert [
            Decimal(_as_text(x)).normalize() if c.replace(".", "").isdigit() else _as_text(x)
            for x, c in zip(xrow, crow, strict=True)
        ] == [Decimal(c).normalize() if c.replace(".", "").isdigit() else c for c in crow]


@override_settings(NSATU_PAGE_SIZE=2)
def test_sorting_by_a_column_orders_the_whole_list_not_just_the_page(
    web_data, as_user, coordinator
):
    client = as_user(coordinator)
    everything = sorted(Requirement.objects.values_list("title", flat=True))
    assert len(everything) > settings.NSATU_PAGE_SIZE
    first = client.get(reverse("needs:list") + "?sort=title").context["page"]
    assert [r.title for r in first.object_list] == everything[:2]
    last = client.get(reverse("needs:list") + "?sort=-title").context["page"]
    assert [r.title for r in last.object_list] == everything[::-1][:2]
    html = client.get(reverse("needs:list") + "?sort=title").content.decode()
    assert 'class="sort-link"' in html and 'data-sort="ascending"' in html
    # The download follows the page's order over every row.
    titles = [r[1] for r in _csv(client, reverse("needs:list") + "?sort=-title&format=csv")[1:]]
    assert titles == everything[::-1]


def test_an_unknown_format_is_refused(web_data, as_user, coordinator):
    assert as_user(coordinator).get(reverse("needs:list") + "?format=pdf").status_code == 400


def test_the_requirement_list_and_overview_read_in_ukrainian(web_data, as_user, coordinator):
    client = as_user(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    html = client.get(reverse("needs:list")).content.decode()
    assert "<h1>Потреби</h1>" in html
    assert "Завантажити" in html
    header = _csv(client, reverse("needs:list") + "?format=csv")[0]
    assert header[0] == "Номер" and "Статус" in header
    overview = client.get(reverse("dashboards:overview")).content.decode()
    assert 'lang="uk"' in overview and "Мої завдання" in overview
