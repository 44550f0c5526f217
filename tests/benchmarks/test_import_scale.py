"""The import benchmark's file: the Kiel columns, one record per line, and nothing but the file when only the
file is asked for (the benchmark writes no results file of its own)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from benchmarks import import_scale


def test_every_line_is_a_distinct_donor_month_in_the_kiel_columns(tmp_path: Path) -> None:
    path = import_scale.write_file(tmp_path / "kiel.csv", 600, seed=3)

    with path.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))

    assert header == [name.strip('"') for name in import_scale.HEADER.split(",")]
    assert len(rows) == 600
    assert len({(row[1], row[2], row[3]) for row in rows}) == 600
    assert all(len(row) == len(header) for row in rows)


def test_write_only_writes_the_file_and_no_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kiel.csv"

    reports = import_scale.main(["--write-only", "--rows", "50", "--out", str(out)])

    assert reports == []
    assert len(out.read_text(encoding="utf-8").splitlines()) == 51
    assert "| database |" not in capsys.readouterr().out
