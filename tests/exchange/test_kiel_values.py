"""The Kiel data explorer's amounts read the short way (whole euros as integers) store what the general reading
stores: fractions of a euro, negative figures, empty GDP cells, figures too large for their column."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.import_scale import HEADER
from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.services import ImportResult, dataset_import
from nsatu.pledges.models import ReportedAid

# country, iso, year, month, total, financial, humanitarian, military, commitments, to_be_allocated, gdp, pct
LINES = [
    '"Germany","DEU",2022,3,0.123456,0.000000,0.087000,0.036456,0.123456,0,4000.12345678901,0.0031',
    # Twelve decimals of a billion: thousandths of a euro, stored to the euro's thousandth.
    '"Germany","DEU",2022,4,0.000000000001,1.5,2,-0.25,0.1234567891234,007.1,,',
    # Exponents and spaces: the general reading.
    '"France","FRA",2022,3,1e-3, 0.5 ,0,0,0,0,2.5e3,1e-2',
    '"France","FRA",2022,4,12345678.999999999,0,0,0,0,0,123456789012.9,100',
]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(path: Path, *, batch_size: int = 2) -> ImportResult:
    return dataset_import(
        actor=None, kind="kiel-aid", path=path, data_dir=path.parent, batch_size=batch_size
    )


def _stored(line: int) -> dict[str, object]:
    return ReportedAid.objects.filter(source_row=line).values().get()


def _expected(cell: str) -> Decimal:
    return (Decimal(cell) * 10**9).quantize(Decimal("0.001"))


@pytest.mark.parametrize("line", [2, 3, 4, 5])
def test_every_amount_is_the_cell_times_a_billion(db, tmp_path, line):
    _import(_write(tmp_path / "kiel.csv", LINES))

    [cells] = csv.reader([LINES[line - 2]])
    stored = _stored(line)
    names = ("total", "financial", "humanitarian", "military", "commitments", "to_be_allocated")
    for name, cell in zip(names, cells[4:10], strict=True):
        assert stored[f"{name}_eur"] == _expected(cell), name
    gdp = cells[10].strip()
    assert stored["gdp_eur"] == ((Decimal(gdp) * 10**9).quantize(Decimal(1)) if gdp else None)
    assert stored["pct_gdp"] == (float(Decimal(cells[11])) if cells[11].strip() else None)


def test_a_reimport_of_such_figures_reports_nothing_changed(db, tmp_path):
    path = _write(tmp_path / "kiel.csv", LINES)
    _import(path)

    again = _import(path, batch_size=3)

    assert (again.created, again.updated, again.unchanged) == (0, 0, len(LINES))


def test_a_changed_fraction_of_a_euro_is_an_update(db, tmp_path):
    path = _write(tmp_path / "kiel.csv", LINES)
    _import(path)
    changed = [*LINES]
    changed[1] = changed[1].replace("0.000000000001,", "0.000000000002,")

    result = _import(_write(tmp_path / "kiel.csv", changed))

    assert (result.updated, result.unchanged) == (1, len(LINES) - 1)
    assert _stored(3)["total_eur"] == Decimal("0.002")


def test_a_changed_whole_amount_is_an_update_and_an_equal_one_is_not(db, tmp_path):
    path = _write(tmp_path / "kiel.csv", LINES)
    _import(path)
    changed = [*LINES]
    changed[0] = changed[0].replace(",0.087000,", ",0.087001,")
    # Another spelling of the same figures: the line is read again, its record is the same.
    changed[2] = changed[2].replace("1e-3,", "0.001,")

    result = _import(_write(tmp_path / "kiel.csv", changed))

    assert (result.updated, result.unchanged) == (1, len(LINES) - 1)
    assert _stored(2)["humanitarian_eur"] == Decimal("87001000")


def test_a_figure_too_large_for_its_column_is_named_by_row_and_column(db, tmp_path):
    lines = [*LINES, '"Italy","ITA",2022,3,123456789,0,0,0,0,0,1,1']

    with pytest.raises(ImportFailed) as failed:
        _import(_write(tmp_path / "kiel.csv", lines))

    [problem] = failed.value.problems
    assert (problem.row, problem.column) == (6, "total_eur")
    assert "too large" in problem.reason
    assert not ReportedAid.objects.exists()


def test_the_same_donor_month_twice_in_one_batch_is_refused(db, tmp_path):
    with pytest.raises(ImportFailed) as failed:
        _import(_write(tmp_path / "kiel.csv", [*LINES, LINES[0]]), batch_size=10)

    assert [(p.row, p.column) for p in failed.value.problems] == [(6, "")]
    assert "two rows describe the same" in failed.value.problems[0].reason


def test_a_donor_month_stored_before_and_given_twice_is_refused(db, tmp_path):
    _import(_write(tmp_path / "kiel.csv", LINES))
    changed = [*LINES, LINES[1].replace("0.000000000001,", "0.5,")]

    with pytest.raises(ImportFailed) as failed:
        _import(_write(tmp_path / "kiel.csv", changed))

    assert [p.row for p in failed.value.problems] == [6]
