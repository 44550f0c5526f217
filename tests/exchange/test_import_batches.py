"""Large files are imported in fixed-size batches: memory holds one batch, yet the import stays one atomic,
idempotent unit that names every bad row and column (issue #18)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Count, Sum

from benchmarks.import_scale import HEADER, kiel_rows, write_file
from nsatu.audit.models import AuditEvent
from nsatu.exchange.csvfile import CsvCells
from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.services import ImportResult, dataset_import
from nsatu.pledges.models import ReportedAid, ReportedAidDonorTotal, ReportedAidMonthTotal
from tests.exchange.conftest import table_counts

ROWS = 1050
BATCH = 100


def _import(path: Path, *, batch_size: int = BATCH) -> ImportResult:
    return dataset_import(
        actor=None, kind="kiel-aid", path=path, data_dir=path.parent, batch_size=batch_size
    )


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _with_cell(line: str, column: str, value: str) -> str:
    """The CSV line with one unquoted cell replaced (the country name is quoted and may hold commas)."""
    quoted, rest = line.split('",', 1)
    cells = rest.rstrip("\n").split(",")
    names = HEADER.replace('"', "").split(",")[1:]
    cells[names.index(column)] = value
    return quoted + '",' + ",".join(cells) + "\n"


@pytest.fixture
def kiel_file(tmp_path: Path) -> Path:
    return write_file(tmp_path / "kiel.csv", ROWS)


def test_a_large_file_is_written_in_batches_of_the_set_size(db, kiel_file):
    result = _import(kiel_file)

    assert result.batches == -(-ROWS // BATCH) == 11
    assert result.largest_batch == BATCH
    assert (result.rows_read, result.created, result.updated, result.deleted) == (ROWS, ROWS, 0, 0)
    assert ReportedAid.objects.count() == ROWS
    # Stored as the file says: row 2 is the first data row; EUR billions become euros.
    first = _lines(kiel_file)[1].split(",")
    stored = ReportedAid.objects.get(source_row=2)
    assert stored.military_eur == Decimal(first[7]) * 10**9
    assert (stored.year, stored.month) == (int(first[2]), int(first[3]))


def test_an_unchanged_reimport_reports_nothing_changed_and_writes_nothing(db, kiel_file):
    _import(kiel_file)
    before = table_counts()
    events = AuditEvent.objects.count()

    again = _import(kiel_file, batch_size=64)

    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert again.unchanged == ROWS
    assert again.batches == -(-ROWS // 64)
    # Only the import's own event is added (and the dataset's issues rewritten, none here).
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "import.kiel-aid"
    assert event.after["unchanged"] == ROWS and event.after["updated"] == 0
    assert table_counts() == {**before, "audit.AuditEvent": events + 1}


def test_a_reimport_updates_changed_rows_and_removes_dropped_ones(db, kiel_file, tmp_path):
    _import(kiel_file)
    lines = _lines(kiel_file)
    changed = tmp_path / "changed.csv"
    # Line 500 gets a new figure; the last row is gone (rows keep their line numbers).
    lines[499] = _with_cell(lines[499], "military", "0.5")
    changed.write_text("".join(lines[:-1]), encoding="utf-8")

    result = _import(changed)

    assert (result.created, result.updated, result.deleted) == (0, 1, 1)
    assert result.unchanged == ROWS - 2
    assert ReportedAid.objects.get(source_row=500).military_eur == Decimal("500000000")
    assert ReportedAid.objects.count() == ROWS - 1


def test_a_bad_row_in_the_middle_is_named_and_nothing_is_written(db, kiel_file, tmp_path):
    lines = _lines(kiel_file)
    lines[736] = _with_cell(lines[736], "military", "n/a")  # line 737 of the file, in the 8th batch
    bad = tmp_path / "bad.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    before = table_counts()

    with pytest.raises(ImportFailed) as failed:
        _import(bad)

    [problem] = failed.value.problems
    assert (problem.file, problem.row, problem.column) == ("bad.csv", 737, "military")
    assert "'n/a' is not a number" in problem.reason
    # Seven batches had been written before the row was read: the one transaction took them back.
    assert table_counts() == before


def test_a_failed_reimport_leaves_the_first_import_as_it_was(db, kiel_file, tmp_path):
    _import(kiel_file)
    stored = list(ReportedAid.objects.order_by("id").values_list("id", "military_eur"))
    lines = _lines(kiel_file)
    lines[2] = _with_cell(
        lines[2], "military", "0.75"
    )  # first batch: updated before the fault is seen
    lines[1000] = _with_cell(lines[1000], "month", "13")  # last batch
    bad = tmp_path / "bad.csv"
    bad.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(ImportFailed) as failed:
        _import(bad)

    assert [(p.row, p.column) for p in failed.value.problems] == [(1001, "month")]
    assert list(ReportedAid.objects.order_by("id").values_list("id", "military_eur")) == stored


def test_every_bad_row_is_named_not_only_the_first(db, kiel_file, tmp_path):
    lines = _lines(kiel_file)
    lines[10] = _with_cell(lines[10], "year", "1789")
    lines[400] = _with_cell(lines[400], "total", "")
    lines[1040] = _with_cell(lines[1040], "gdp", "lots")
    bad = tmp_path / "bad.csv"
    bad.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(ImportFailed) as failed:
        _import(bad)

    assert [(p.row, p.column) for p in failed.value.problems] == [
        (11, "year"),
        (401, "total"),
        (1041, "gdp"),
    ]


def test_the_same_donor_month_twice_in_different_batches_is_refused(db, kiel_file, tmp_path):
    lines = _lines(kiel_file)
    twice = tmp_path / "twice.csv"
    twice.write_text("".join([*lines, lines[5]]), encoding="utf-8")  # row 6 again as row 1052

    with pytest.raises(ImportFailed) as failed:
        _import(twice)

    [problem] = failed.value.problems
    assert problem.row == ROWS + 2
    assert "two rows describe the same" in problem.reason
    assert not ReportedAid.objects.exists()


def test_a_non_utf8_byte_past_the_first_megabyte_is_found_by_line_and_offset(db, tmp_path):
    path = tmp_path / "latin.csv"
    rows = list(kiel_rows(14_000))
    bad = rows[12_345].replace('"', '"Café ', 1)  # the name cell, as Windows-1252 writes é
    head = (HEADER + "\n" + "".join(rows[:12_345])).encode("utf-8")
    path.write_bytes(head + bad.encode("cp1252") + "".join(rows[12_346:]).encode("utf-8"))
    assert len(head) > 2**20

    with pytest.raises(ImportFailed) as failed:
        _import(path, batch_size=5000)

    [problem] = failed.value.problems
    assert problem.row == 12_347
    assert f"offset {len(head) + bad.encode('cp1252').index(b'\xe9')}" in problem.reason
    assert not ReportedAid.objects.exists()


@pytest.fixture
def values_read(monkeypatch) -> list[int]:
    """The lines whose amounts the import parsed (a spy: the parse itself still runs)."""
    lines: list[int] = []
    parse = CsvCells.decimals

    def counted(self, row, columns, *, required=True):
        lines.append(row.line)
        return parse(self, row, columns, required=required)

    monkeypatch.setattr(CsvCells, "decimals", counted)
    return lines


def _totals() -> dict[str, tuple[Decimal, int]]:
    return {
        t.donor.code: (t.military_eur, t.months)
        for t in ReportedAidDonorTotal.objects.select_related("donor")
    }


def test_an_unchanged_reimport_parses_no_rows_values(db, kiel_file, values_read):
    _import(kiel_file)
    assert len(set(values_read)) == ROWS
    values_read.clear()

    again = _import(kiel_file)

    assert (again.created, again.updated, again.deleted, again.unchanged) == (0, 0, 0, ROWS)
    assert values_read == []


def test_a_changed_row_is_parsed_and_updated_and_the_totals_follow(
    db, kiel_file, tmp_path, values_read
):
    _import(kiel_file)
    stored = ReportedAid.objects.get(source_row=300)
    donor = stored.donor.code
    before = _totals()[donor]
    lines = _lines(kiel_file)
    lines[299] = _with_cell(lines[299], "military", "0.25")
    changed = tmp_path / "kiel.csv"  # the same name: only line 300 differs
    changed.write_text("".join(lines), encoding="utf-8")
    values_read.clear()

    result = _import(changed)

    assert (result.created, result.updated, result.unchanged) == (0, 1, ROWS - 1)
    assert set(values_read) == {300}
    assert ReportedAid.objects.get(source_row=300).military_eur == Decimal("250000000")
    assert _totals()[donor] == (
        before[0] - stored.military_eur + Decimal("250000000"),
        before[1],
    )


def test_the_totals_equal_the_sums_of_the_rows(db, kiel_file):
    _import(kiel_file)

    sums = ReportedAid.objects.values("donor__code").annotate(
        military=Sum("military_eur"), months=Count("pk")
    )
    assert _totals() == {s["donor__code"]: (s["military"], s["months"]) for s in sums}
    assert ReportedAidMonthTotal.objects.count() == len(
        {(r.year, r.month) for r in ReportedAid.objects.only("year", "month")}
    )


def test_rows_stored_without_a_digest_get_one_without_counting_as_changed(db, kiel_file):
    _import(kiel_file)
    ReportedAid.objects.filter(source_row__lte=200).update(content_hash=None)

    again = _import(kiel_file)

    assert (again.created, again.updated, again.unchanged) == (0, 0, ROWS)
    assert not ReportedAid.objects.filter(content_hash__isnull=True).exists()


def test_a_line_moved_to_another_line_is_read_again_and_its_row_follows(db, kiel_file, tmp_path):
    _import(kiel_file)
    lines = _lines(kiel_file)
    moved = tmp_path / "kiel.csv"
    # Line 3 goes to the end: its record keeps its values and takes its new line number.
    moved.write_text("".join([lines[0], lines[1], *lines[3:], lines[2]]), encoding="utf-8")
    first = ReportedAid.objects.get(source_row=3)

    result = _import(moved)

    assert result.updated == ROWS - 1  # every line from 3 on has a new number
    assert ReportedAid.objects.get(pk=first.pk).source_row == ROWS + 1


def test_a_release_that_swaps_two_columns_headings_reads_every_line_again(
    db, kiel_file, tmp_path, values_read
):
    """The same cells under other headings are other values: the header is part of each line's digest."""
    _import(kiel_file)
    row = ReportedAid.objects.get(source_row=300)
    lines = _lines(kiel_file)
    lines[0] = lines[0].replace('"financial","humanitarian"', '"humanitarian","financial"')
    swapped = tmp_path / "kiel.csv"
    swapped.write_text("".join(lines), encoding="utf-8")
    values_read.clear()

    _import(swapped)

    assert len(set(values_read)) == ROWS
    moved = ReportedAid.objects.get(source_row=300)
    assert (moved.financial_eur, moved.humanitarian_eur) == (
        row.humanitarian_eur,
        row.financial_eur,
    )
