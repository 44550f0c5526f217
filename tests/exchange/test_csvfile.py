"""Bad files: one clear message naming file, row, column and reason — and not one row changes anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.registry import IMPORTERS
from nsatu.pledges.models import ReportedAid
from tests.exchange.conftest import table_counts

AID = "kiel/ust_r29_data_explorer.csv"


@pytest.fixture
def seeded(run_import):
    """Something already imported, so that 'nothing changed' is tested against a non-empty database."""
    run_import("memberships")
    run_import("kiel-aid")


def _fails(run_import, kind: str, path: Path) -> ImportFailed:
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        run_import(kind, path)
    assert table_counts() == before
    return caught.value


def test_row_cut_short(seeded, run_import, data_dir, tmp_path):
    lines = (data_dir / AID).read_text(encoding="utf-8").splitlines(keepends=True)
    cut = lines[500][: lines[500].index(",2022,") + 5]  # '"…","…",2022' then the file ends
    bad = tmp_path / "aid.csv"
    bad.write_text("".join(lines[:500]) + cut, encoding="utf-8")
    failure = _fails(run_import, "kiel-aid", bad)
    [problem] = failure.problems
    assert (problem.row, problem.column) == (501, "month")
    assert (
        problem.file == str(bad) and "cut short" in problem.reason and "3 fields" in problem.reason
    )


def test_unterminated_quote(run_import, data_dir, tmp_path):
    text = (data_dir / "kiel/ust_r29_weapons.csv").read_text(encoding="utf-8")
    end = text.index(
        '"M777 howitzer (4)'
    )  # Canada's howitzers, line 6: the quoted list never closes
    bad = tmp_path / "weapons.csv"
    bad.write_text(text[: end + 10], encoding="utf-8")
    failure = _fails(run_import, "kiel-weapons", bad)
    [problem] = failure.problems
    assert problem.row == 6 and "quoted field is not closed" in problem.reason


def test_renamed_column(seeded, run_import, data_dir, tmp_path):
    text = (data_dir / AID).read_text(encoding="utf-8")
    bad = tmp_path / "aid.csv"
    bad.write_text(text.replace('"military"', '"militray"', 1), encoding="utf-8")
    [problem] = _fails(run_import, "kiel-aid", bad).problems
    assert (problem.row, problem.column) == (1, "military")
    assert "missing" in problem.reason and "'militray'" in problem.reason


def test_missing_column(run_import, data_dir, tmp_path):
    lines = (
        (data_dir / "sipri/sipri_trade_register_ukraine_recipient_2014_2024.csv")
        .read_text()
        .splitlines()
    )
    bad = tmp_path / "sipri.csv"
    bad.write_text(
        "\n".join(",".join(line.split(",")[:-1]) for line in lines) + "\n", encoding="utf-8"
    )
    [problem] = _fails(run_import, "sipri", bad).problems
    assert (problem.row, problem.column) == (1, "tiv_delivered")


def test_text_in_a_number_cell_of_the_workbook(seeded, run_import, data_dir, tmp_path):
    workbook = load_workbook(data_dir / "nato/240617-def-exp-2024-TABLES-en.xlsx")
    workbook["TABLE3"]["N11"] = "n/a"  # Albania, 2024e
    bad = tmp_path / "nato.xlsx"
    workbook.save(bad)
    [problem] = _fails(run_import, "nato-defence", bad).problems
    assert (problem.row, problem.column) == (11, "N (2024e)")
    assert (
        "'n/a' is not a number" in problem.reason
        and "Albania" in problem.reason
        and "2024" in problem.reason
    )
    assert "TABLE3" in problem.file


def test_cp1252_file_read_as_utf8(seeded, run_import, data_dir, tmp_path):
    text = (data_dir / "sipri/sipri_trade_register_ukraine_recipient_2014_2024.csv").read_text(
        encoding="utf-8"
    )
    bad = tmp_path / "sipri_cp1252.csv"
    bad.write_bytes(text.encode("cp1252"))
    [problem] = _fails(run_import, "sipri", bad).problems
    offset = text.encode("cp1252").index("ü".encode("cp1252"))
    assert problem.row == 441  # "Cobra-2 from Türkiye"
    assert "not UTF-8" in problem.reason and f"offset {offset}" in problem.reason
    assert "Re-save it as UTF-8" in problem.reason


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_empty_file(seeded, run_import, tmp_path, kind):
    bad = tmp_path / Path(IMPORTERS[kind].default_path).name
    bad.write_bytes(b"")
    [problem] = _fails(run_import, kind, bad).problems
    assert problem.row is None and "empty" in problem.reason


def test_header_only(run_import, tmp_path):
    bad = tmp_path / "aid.csv"
    bad.write_text(
        '"country","iso","year","month","total","financial","humanitarian","military","commitments",'
        '"to_be_allocated","gdp","pct_gdp"\n',
        encoding="utf-8",
    )
    [problem] = _fails(run_import, "kiel-aid", bad).problems
    assert "no data rows" in problem.reason


def test_unknown_donor_and_bad_numbers_are_all_listed(seeded, run_import, data_dir, tmp_path):
    lines = (data_dir / AID).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace('"Australia","AUS"', '"Atlantis","ATL"')
    lines[3] = lines[3].replace(",0.069697,", ",abc,", 1)
    bad = tmp_path / "aid.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    problems = _fails(run_import, "kiel-aid", bad).problems
    assert [(p.row, p.column) for p in problems] == [(3, "iso"), (4, "total")]
    assert "unknown donor 'Atlantis' (ATL)" in problems[0].reason
    assert "'abc' is not a number" in problems[1].reason
    assert "row 3" in str(problems[0]) and "column iso" in str(problems[0])


def test_a_failure_after_writing_began_leaves_nothing_either(
    seeded, run_import, data_dir, tmp_path
):
    # Two rows for the same donor and month pass the row checks and are caught while writing.
    lines = (data_dir / AID).read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "aid.csv"
    bad.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    aid_before = list(ReportedAid.objects.order_by("pk").values_list("pk", "military_eur"))
    failure = _fails(run_import, "kiel-aid", bad)
    assert "same" in str(failure)
    assert list(ReportedAid.objects.order_by("pk").values_list("pk", "military_eur")) == aid_before
