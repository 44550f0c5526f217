"""`nsatu export` on the real data: the figures equal the sources' own."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from nsatu.core.tables import neutralise


def _export(capsysbinary, *args: str) -> bytes:
    call_command("export", *args)
    return capsysbinary.readouterr().out


def test_donor_aid_equals_the_kiel_sums_to_the_euro(run_import, data_dir, capsysbinary):
    run_import("kiel-aid")
    expected: dict[str, dict[str, Decimal]] = {}
    with (data_dir / "kiel" / "ust_r29_data_explorer.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            sums = expected.setdefault(
                row["iso"],
                {k: Decimal(0) for k in ("military", "financial", "humanitarian", "total")},
            )
            for key in sums:
                sums[key] += Decimal(row[key]) * 10**9
    out = _export(capsysbinary, "donor-aid", "--format", "csv").decode()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(expected) == 42
    for row in rows:
        want = expected[row["donor_iso3"]]
        for key in ("military", "financial", "humanitarian", "total"):
            assert Decimal(row[f"{key}_eur"]) == want[key], (row["donor_iso3"], key)
    usa = next(r for r in rows if r["donor_iso3"] == "USA")
    assert usa["donor"] == "United States"


def test_defence_spending_2024_counts_23_allies_at_or_above_two_percent(run_import, capsysbinary):
    run_import("nato-defence")
    rows = json.loads(
        _export(capsysbinary, "defence-spending", "--year", "2024", "--format", "json")
    )
    assert len(rows) == 31
    assert sum(r["meets_2pct"] for r in rows) == 23
    svk = next(r for r in rows if r["iso3"] == "SVK")
    assert svk["pct_gdp"] == 2.0 and svk["meets_2pct"] is True
    assert (
        sum(
            r["meets_2pct"]
            for r in json.loads(
                _export(capsysbinary, "defence-spending", "--year", "2014", "--format", "json")
            )
        )
        == 3
    )


def test_xlsx_export_to_a_file_reads_back(run_import, tmp_path):
    run_import("kiel-aid")
    target = tmp_path / "aid.xlsx"
    call_command("export", "donor-aid", "--format", "xlsx", "-o", str(target))
    ws = openpyxl.load_workbook(target).active
    header = [c.value for c in ws[1]]
    assert header == [
        "donor_iso3",
        "donor",
        "military_eur",
        "financial_eur",
        "humanitarian_eur",
        "total_eur",
    ]
    assert ws.max_row == 43


def test_defence_spending_without_year_or_data_is_a_clear_error(db):
    with pytest.raises(CommandError, match="--year"):
        call_command("export", "defence-spending")
    with pytest.raises(CommandError, match="import the NATO workbook"):
        call_command("export", "defence-spending", "--year", "2024")


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("Germany") == "Germany"
    assert neutralise(-5) == -5
