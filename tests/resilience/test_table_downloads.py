"""Issue #16 on the resilience pages' other tables: the scenario comparison, today's concentration, the
consolidation tables and the fleet's open offers download as CSV and XLSX of what the page shows, under the
labels a person reads, with figures as numbers and no stored code."""

from __future__ import annotations

import pytest

from tests.downloads import assert_xlsx_matches_csv, csv_rows

pytestmark = pytest.mark.django_db

SCENARIOS = "/resilience/"
# The United States withdraws on the small world's day (tests/resilience/test_views.py's builder).
SCENARIO = (
    "/resilience/?form-TOTAL_FORMS=1&form-INITIAL_FORMS=0&as_of=2026-11-22&horizon_months=12"
    "&form-0-donor=USA&form-0-kind=withdraw&form-0-start=2026-11-22&form-0-unit=EUR"
)
CONSOLIDATION = "/resilience/consolidation/"
CODES = {"artillery", "items", "sipri", "kiel-weapons", "committed", "announced", "in_kind"}


def _no_codes(rows: list[list[object]]) -> None:
    cells = {str(c) for row in rows for c in row}
    assert not cells & CODES, cells & CODES


def test_scenario_comparison_tables_download(small, as_user, coordinator):
    client = as_user(coordinator)
    areas = assert_xlsx_matches_csv(
        client,
        f"{SCENARIO}&table=areas",
        ["Capability area", "Unit kind", "Needed", "Baseline", "Scenario", "Change"],
    )
    assert areas[1][:6] == ["Artillery", "Items", 30, 22, 16, -6]
    requirements = assert_xlsx_matches_csv(
        client,
        f"{SCENARIO}&table=requirements",
        ["Priority", "Reference", "Requirement", "Unit kind", "Needed"],
    )
    assert {r[1] for r in requirements[1:]} >= {"ART-1", "ART-2"}
    _no_codes(areas + requirements)
    html = client.get(SCENARIO).content.decode()
    assert "table=requirements&amp;format=xlsx" in html and "form-0-donor=USA" in html


def test_concentration_tables_download_without_a_scenario(small, as_user, analyst):
    client = as_user(analyst)
    areas = assert_xlsx_matches_csv(
        client, f"{SCENARIOS}?table=concentration-areas", ["Capability area", "Unit kind", "Units"]
    )
    by_req = assert_xlsx_matches_csv(
        client,
        f"{SCENARIOS}?table=concentration-requirements",
        ["Reference", "Requirement", "Units", "Largest donor", "Share", "HHI"],
    )
    shown = client.get(SCENARIOS).context["p"].concentration
    assert (len(areas) - 1, len(by_req) - 1) == (len(shown.areas), len(shown.requirements))
    _no_codes(areas + by_req)
    # Without `table` the page's first table downloads; an unknown one is not found.
    assert csv_rows(client, SCENARIOS)[0][:2] == ["Capability area", "Unit kind"]
    assert client.get(SCENARIOS, {"table": "nothing", "format": "csv"}).status_code == 404


@pytest.mark.parametrize(
    ("table", "labels"),
    [
        ("standardise", ["Capability area", "Standardise on (units, share)", "Share of units"]),
        ("offers", ["Item type", "Offers", "Units", "Burden added"]),
        ("duplicates", ["Donor", "Item type", "Quantity", "Keep", "Merge its sources into it"]),
        ("over", ["Reference", "Requirement", "Unit kind", "Needed", "Committed", "Beyond need"]),
    ],
)
def test_consolidation_tables_download(small, as_user, coordinator, table, labels):
    rows = assert_xlsx_matches_csv(as_user(coordinator), f"{CONSOLIDATION}?table={table}", labels)
    _no_codes(rows)


def test_consolidation_page_offers_each_table_and_names_registers(small, as_user, coordinator):
    client = as_user(coordinator)
    html = client.get(CONSOLIDATION).content.decode()
    assert "table=standardise&amp;format=csv" in html
    standardise = csv_rows(client, f"{CONSOLIDATION}?table=standardise")
    assert standardise[1][0] == "Artillery"
    assert client.get(CONSOLIDATION, {"format": "csv"}).status_code == 404


def test_fleet_open_offers_download_all_of_them(small, as_user, planner):
    client = as_user(planner)
    rows = assert_xlsx_matches_csv(
        client,
        "/resilience/fleet/?table=offers",
        ["Donor", "Item type", "Firm", "Capability area", "Units", "New type"],
    )
    page = client.get("/resilience/fleet/")
    assert len(rows) - 1 == len(page.context["p"].offers)
    assert all(isinstance(r[4], int) for r in rows[1:])
    _no_codes(rows)
    assert "table=offers&amp;format=xlsx" in page.content.decode()
