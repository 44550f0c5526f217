"""An importer answers a value no database column can hold (1e308, year 99999, a 20-digit number, a NUL character)
with a row and field in the message, writes nothing, and behaves alike on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from nsatu.exchange.errors import ImportFailed
from nsatu.pledges.models import ReportedAid, ReportedHeavyWeapons
from tests.exchange.conftest import table_counts

AID_HEADER = (
    "country,iso,year,month,total,financial,humanitarian,military,commitments,to_be_allocated,gdp,"
    "pct_gdp\n"
)
GOOD = "Norway,NOR,2024,3,0.5,0.1,0.1,0.3,0.5,0,450.5,0.11\n"


def aid_row(**cells: str) -> str:
    row = dict(
        zip(
            AID_HEADER.strip().split(","),
            GOOD.strip().split(","),
            strict=True,
        )
    )
    row |= cells
    return ",".join(row.values()) + "\n"


@pytest.mark.parametrize(
    ("cells", "field", "reason"),
    [
        ({"military": "1e308"}, "military_eur", "too large to store"),
        ({"gdp": "1e30"}, "gdp_eur", "too large to store"),
        ({"year": "99999"}, "year", "outside the range"),
        ({"month": "1" * 20}, "month", "larger than any stored number"),
        ({"pct_gdp": "1e400"}, "pct_gdp", "not a finite number"),
    ],
)
def test_a_value_the_database_cannot_hold_names_its_row_and_field(
    run_import, tmp_path, cells, field, reason
):
    path = tmp_path / "aid.csv"
    path.write_text(AID_HEADER + GOOD.replace("2024,3", "2024,2") + aid_row(**cells))
    before = table_counts()
    with pytest.raises(ImportFailed) as failed:
        run_import("kiel-aid", path)
    message = str(failed.value)
    assert "row 3" in message and reason in message, message
    assert f"column {field}" in message, message
    assert table_counts() == before
    assert not ReportedAid.objects.exists()


def test_a_nul_character_in_a_cell_names_its_row_and_column(run_import, tmp_path):
    path = tmp_path / "weapons.csv"
    path.write_text(
        "donor,category,number_of_weapons,monetary_value_eur,weapons_list\n"
        "Norway,Howitzer,2,1000,M109A3GN (2)\n"
        "Poland,Tank,1,1000,PT-91\x00 Twardy (1)\n"
    )
    with pytest.raises(ImportFailed) as failed:
        run_import("kiel-weapons", path)
    message = str(failed.value)
    assert "row 3" in message and "weapons_list" in message and "NUL" in message, message
    assert not ReportedHeavyWeapons.objects.exists()


def test_amounts_are_stored_as_compared(run_import, tmp_path):
    """More decimals than the column keeps: stored rounded, and a second import of the file changes nothing."""
    path = tmp_path / "aid.csv"
    path.write_text(AID_HEADER + aid_row(military="0.3000000000004", total="0.50000000000049"))
    first = run_import("kiel-aid", path)
    assert first.created == 1
    stored = ReportedAid.objects.get()
    assert str(stored.military_eur) == "300000000.000"
    assert str(stored.total_eur) == "500000000.000"
    again = run_import("kiel-aid", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_a_date_past_the_years_handled_names_its_row_and_field(run_import, tmp_path):
    path = tmp_path / "training.csv"
    path.write_text(
        "programme,reported_date,measure,personnel,note,source_urls\n"
        "Operation Interflex (UK-led),2023-04-06,trained_cumulative,10000,,https://example.org/a\n"
        "Operation Interflex (UK-led),9999-12-31,trained_cumulative,20000,,https://example.org/b\n"
    )
    with pytest.raises(ImportFailed) as failed:
        run_import("training-milestones", path)
    message = str(failed.value)
    assert "row 3, column reported_date: 9999-12-31 is outside the years 1900 to 2199" in message
