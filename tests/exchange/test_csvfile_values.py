"""The typed readers of a CSV cell name a value no column can hold by row and column, never raise from Python."""

from __future__ import annotations

import datetime as dt

import pytest

from nsatu.exchange.csvfile import read_csv
from nsatu.exchange.errors import ImportFailed


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(
        "on,count\n"
        "2024-06-04,12\n"
        "9999-12-31,99999999999999999999\n"
        "99999-01-01," + "1" * 5000 + "\n"
        "2024-02-30,-3\n"
    )
    return read_csv(path, label="values.csv", required=["on", "count"])


def test_dates_within_the_years_handled_are_read(table):
    assert table.date(table.rows[0], "on") == dt.date(2024, 6, 4)
    assert [table.date(row, "on") for row in table.rows[1:]] == [None, None, None]
    reasons = [str(p) for p in table.problems]
    assert (
        reasons[0] == "values.csv, row 3, column on: 9999-12-31 is outside the years 1900 to 2199"
    )
    assert "row 4, column on" in reasons[1] and "not a date" in reasons[1]
    assert "row 5, column on" in reasons[2] and "not a date" in reasons[2]


def test_whole_numbers_beyond_64_bits_are_named(table):
    assert table.integer(table.rows[0], "count") == 12
    assert table.integer(table.rows[1], "count") is None
    assert table.integer(table.rows[2], "count") is None
    assert [p.row for p in table.problems] == [3, 4]
    assert all("larger than any stored number" in p.reason for p in table.problems)


def test_a_nul_character_is_named_by_row_and_column(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_text("name,count\nLeopard\x00,1\n")
    with pytest.raises(
        ImportFailed, match=r"row 2, column name: the cell contains a NUL character"
    ):
        read_csv(path, label="nul.csv", required=["name"])
