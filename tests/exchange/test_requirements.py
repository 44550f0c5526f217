"""Stated requirements rolled forward into today's planning: units, series, priorities, needed-by dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from nsatu.engine.units import Period, UnitKind
from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.requirements import (
    NEEDED_BY_MONTHS,
    Statement,
    Units,
    add_months,
    roll_forward,
    series_of,
    units_of,
)
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.sources.models import ImportIssue
from tests.exchange.conftest import csv_rows, table_counts

REQUIREMENTS = "reference/stated_requirements.csv"
TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("unit", "period", "expected"),
    [
        ("rounds", "per month", Units(UnitKind.ROUNDS, Period.MONTH, "rounds")),
        ("drones", "per day", Units(UnitKind.ITEMS, Period.DAY, "drones")),
        ("systems", "total", Units(UnitKind.ITEMS, Period.TOTAL, "systems")),
        ("USD bn", "total", Units(UnitKind.FUNDS, Period.TOTAL, "USD", Decimal(10**9))),
        ("USD bn", "per year (2026)", Units(UnitKind.FUNDS, Period.YEAR, "USD", Decimal(10**9))),
        ("EUR m", "per month", Units(UnitKind.FUNDS, Period.MONTH, "EUR", Decimal(10**6))),
    ],
)
def test_unit_kind_and_period_from_the_columns(unit, period, expected):
    assert units_of(unit, period) == expected


def test_a_ratio_or_an_unknown_period_is_no_unit():
    assert "ratio" in str(units_of("interceptors per drone", "ratio"))
    assert "not a period" in str(units_of("rounds", "fortnightly"))


def _statement(line: int, on: dt.date, area: str, series: str) -> Statement:
    return Statement(line, f"UA-SR-{line - 1:02d}", on, area, (series, "items"))


def test_the_latest_statement_of_a_series_supersedes_the_earlier():
    rolled = roll_forward(
        [
            _statement(2, dt.date(2024, 4, 6), "air_defence", "patriot"),
            _statement(3, dt.date(2025, 9, 1), "air_defence", "patriot"),
            _statement(4, dt.date(2024, 6, 11), "air_defence", "patriot"),
        ],
        today=TODAY,
    )
    assert [(r.reference, r.published, r.superseded_by) for r in rolled.values()] == [
        ("UA-SR-02", True, ""),
        ("UA-SR-01", False, "UA-SR-02"),
        ("UA-SR-03", False, "UA-SR-02"),
    ]
    assert rolled["UA-SR-01"].needed_by is None and rolled["UA-SR-01"].priority == 1


def test_priority_by_recency_in_the_area_and_age_with_dates_in_the_priority_band():
    statements = [
        _statement(2, dt.date(2025, 9, 18), "drones", "interceptors"),
        _statement(3, dt.date(2022, 6, 13), "drones", "drones"),
        _statement(4, dt.date(2024, 2, 1), "artillery", "shells"),
        _statement(5, dt.date(2022, 12, 1), "artillery", "howitzers"),
        _statement(6, dt.date(2022, 6, 13), "artillery", "mlrs"),
    ]
    rolled = roll_forward(statements, today=TODAY)
    # Newest of its area 1, next 2...; older than three years one more.
    assert {r.reference: r.priority for r in rolled.values()} == {
        "UA-SR-01": 1,
        "UA-SR-02": 3,
        "UA-SR-03": 1,
        "UA-SR-04": 3,
        "UA-SR-05": 4,
    }
    for r in rolled.values():
        first, last = NEEDED_BY_MONTHS[r.priority]
        assert r.needed_by is not None
        assert add_months(TODAY, first) <= r.needed_by <= add_months(TODAY, last)
    # Two of one priority are spread over the band, in order of area then reference.
    assert rolled["UA-SR-03"].needed_by == add_months(TODAY, 3)
    assert rolled["UA-SR-01"].needed_by == add_months(TODAY, 6)


def test_add_months_keeps_the_day_where_the_month_has_it():
    assert add_months(dt.date(2026, 12, 7), 3) == dt.date(2027, 3, 7)
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 12, 7), -36) == dt.date(2023, 12, 7)


def test_series_keep_unit_kinds_apart():
    assert series_of("funding for interceptor drone production", UnitKind.FUNDS) != series_of(
        "interceptor drones", UnitKind.ITEMS
    )
    assert series_of("F-16 fighters", UnitKind.ITEMS) == series_of(
        "fighter aircraft for full air fleet", UnitKind.ITEMS
    )


@pytest.fixture
def imported(run_import):
    run_import("equipment")
    return run_import("requirements")


def test_the_real_file_rolled_forward(imported, data_dir):
    today = timezone.localdate()
    rows = csv_rows(data_dir / REQUIREMENTS)
    assert imported.rows_read == len(rows) == 28
    assert Requirement.objects.count() == 27  # every row but the ratio
    for r in Requirement.objects.all():
        assert r.illustrative and r.owner.code == "UKR" and r.releasability == "public"
        assert r.source_url and r.stated_by and r.stated_on and r.dataset.key == "requirements"
        # No needed-by date before the day of the import, none beyond the 24-month horizon.
        assert r.needed_by is None or today < r.needed_by <= add_months(today, 24)
    published = Requirement.objects.filter(status=RequirementStatus.PUBLISHED)
    assert all(r.needed_by is not None for r in published)
    assert not Requirement.objects.filter(status=RequirementStatus.CLOSED, needed_by__isnull=False)
    # Restated needs: only the latest statement of each stays published.
    patriot = published.filter(title__icontains="patriot")
    assert [(r.reference, r.stated_on, r.quantity) for r in patriot] == [
        ("UA-SR-25", "2025-09", 10)
    ]
    fighters = published.filter(capability_area="air_force")
    assert [(r.reference, r.item_type.name, r.quantity) for r in fighters] == [
        ("UA-SR-19", "F-16 (AM/BM, C/D)", 128)
    ]
    earlier = Requirement.objects.get(reference="UA-SR-11")
    assert earlier.status == RequirementStatus.CLOSED and "UA-SR-19" in earlier.description


def test_units_and_types_the_coverage_can_find(imported):
    shells = Requirement.objects.get(reference="UA-SR-14")
    assert (shells.unit_kind, shells.period, shells.unit, shells.quantity) == (
        "rounds",
        "month",
        "rounds",
        200000,
    )
    assert shells.ammunition_family.name == "155mm NATO" and shells.priority == 1
    interceptors = Requirement.objects.get(reference="UA-SR-24")
    assert (interceptors.unit_kind, interceptors.period, interceptors.priority) == (
        "items",
        "day",
        1,
    )
    assert interceptors.item_type.name == "Interceptor drone"
    assert interceptors.item_type.capability_area == "drones"
    funding = Requirement.objects.get(reference="UA-SR-22")
    assert (funding.unit_kind, funding.unit, funding.quantity, funding.item_type) == (
        "funds",
        "USD",
        Decimal("6000000000"),
        None,
    )
    partners = Requirement.objects.get(reference="UA-SR-27")
    assert (partners.period, partners.status) == ("year", RequirementStatus.PUBLISHED)
    assert Requirement.objects.get(reference="UA-SR-26").status == RequirementStatus.CLOSED
    ifv = Requirement.objects.get(reference="UA-SR-07")
    assert ifv.quantity == 600 and "lower bound" in ifv.description
    assert "Stated by Gen. Valerii Zaluzhnyi" in ifv.description


def test_the_ratio_row_is_reported_as_skipped(imported, data_dir):
    ratio = [line for line, row in csv_rows(data_dir / REQUIREMENTS) if row["period"] == "ratio"]
    skipped = ImportIssue.objects.filter(dataset__key="requirements", severity="skipped")
    assert [(i.row, i.column) for i in skipped] == [(ratio[0], "period")]
    assert "ratio" in skipped.get().reason


def test_reimport_changes_nothing(imported, run_import):
    again = run_import("requirements")
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)


def test_a_bad_period_names_row_and_column_and_writes_nothing(run_import, data_dir, tmp_path):
    text = (data_dir / REQUIREMENTS).read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(",total,", ",fortnightly,")
    bad = tmp_path / "stated_requirements.csv"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        run_import("requirements", bad)
    assert table_counts() == before
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "period")]
    assert "fortnightly" in caught.value.problems[0].reason
