"""Every table page that downloads as CSV also downloads as XLSX, the same table: one mechanism, walked over the
whole URL configuration rather than listed by hand, so a page that gains a download is checked without a test of
its own."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from nsatu.accounts.models import User
from tests.fixtures.scenario import WebData
from tests.security.endpoints import Endpoint, all_endpoints

# Machine surfaces with formats of their own (`briefing.<fmt>`, the API) are not table pages.
NOT_PAGES = ("api/",)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _routes(web_data: WebData) -> list[str]:
    ids = sorted(
        {
            str(record.pk)
            for record in (
                web_data.published,
                web_data.howitzer,
                web_data.german_pledge,
                web_data.fund_flow,
                web_data.kiel,
            )
        }
    )
    found: list[str] = []
    for endpoint in all_endpoints():
        if endpoint.route.startswith(NOT_PAGES) or endpoint.is_format:
            continue
        found += _filled(endpoint, ids, keys=["DEU", web_data.kiel.key])
    return found


def _filled(endpoint: Endpoint, ids: list[str], *, keys: list[str]) -> list[str]:
    if not endpoint.params:
        return [endpoint.fill("")]
    converters = {converter for converter, _name in endpoint.params}
    if converters == {"int"}:
        return [endpoint.fill(i) for i in ids]
    if converters <= {"str", "slug"}:
        # A party's code or a dataset's key: the scenario's Germany and its Kiel release.
        return [endpoint.fill(key) for key in keys]
    return []


def _csv_table(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


@pytest.fixture
def downloading(web_data: WebData, coordinator: User, client: Client) -> tuple[Client, list[str]]:
    client.force_login(coordinator)
    offered = []
    for route in _routes(web_data):
        response = client.get(route + "?format=csv")
        if response.status_code == 200 and response["Content-Type"].startswith("text/csv"):
            offered.append(route)
    return client, offered


def _differences(client: Client, route: str) -> list[str]:
    table = _csv_table(client.get(route + "?format=csv"))
    response = client.get(route + "?format=xlsx")
    if response.status_code != 200 or not response["Content-Type"].startswith(XLSX):
        return [f"{route}: ?format=xlsx answered {response.status_code} {response['Content-Type']}"]
    found = []
    if ".xlsx" not in response["Content-Disposition"]:
        found.append(f"{route}: the file is not named .xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    if [str(v) for v in rows[0]] != table[0]:
        found.append(f"{route}: XLSX header {rows[0]} is not the CSV's {table[0]}")
    if len(rows) != len(table):
        found.append(f"{route}: {len(rows)} XLSX rows, {len(table)} CSV rows")
    if sheet.freeze_panes != "A2":
        found.append(f"{route}: the header row is not frozen")
    # A person reads the header: no snake_case column keys.
    keys = [h for h in table[0] if "_" in h and h == h.lower()]
    if keys:
        found.append(f"{route}: column keys instead of labels: {keys}")
    return found


def test_every_csv_download_has_the_same_table_as_xlsx(downloading) -> None:
    client, offered = downloading
    # The requirement list, the documents and the review queue at least: the walk found the pages.
    assert {"/requirements/", "/intake/", "/intake/claims/"} <= set(offered)
    problems = [p for route in offered for p in _differences(client, route)]
    assert problems == [], "\n".join(problems)


def test_an_unknown_format_is_refused_not_answered_with_the_page(downloading) -> None:
    client, offered = downloading
    for route in offered:
        assert client.get(route + "?format=bogus").status_code == 400, route
