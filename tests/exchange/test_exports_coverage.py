"""`nsatu export coverage` and `nsatu export aid-lines`: the same figures as the API and the selector, and
each donation counted once against the source files."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from nsatu.coverage.rows import EXPORT_COLUMNS
from nsatu.coverage.selectors import requirement_coverage_get
from nsatu.engine.coverage import STAGES
from tests.coverage.conftest import build_picture


def _export(capsysbinary, *args: str) -> bytes:
    capsysbinary.readouterr()
    call_command("export", *args)
    return capsysbinary.readouterr().out


@pytest.fixture
def picture(parties, people):
    return build_picture(parties, people)


def test_coverage_csv_the_api_and_the_selector_agree_for_every_requirement(
    picture, api, coordinator, capsysbinary
):
    out = _export(capsysbinary, "coverage", "--format", "csv", "--as", "coord.ribeiro").decode()
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == EXPORT_COLUMNS
    rows = {r["reference"]: r for r in reader}
    body = api(coordinator).get("/api/needs/coverage").body
    api_rows = {r["reference"]: r for r in body["requirements"]}
    view = requirement_coverage_get(user=coordinator)
    assert set(rows) == set(api_rows) == {rc.need.reference for rc in view.result.requirements}
    assert set(rows) == {"UA-ARM-001", "UA-ART-002", "UA-ART-003"}
    for rc in view.result.requirements:
        row, api_row = rows[rc.need.reference], api_rows[rc.need.reference]
        assert D(row["needed"]) == D(api_row["needed"]) == rc.need.quantity
        for stage in STAGES:
            assert D(row[stage]) == D(api_row[stage]) == getattr(rc.stages, stage)
        assert row["covered_share"] == api_row["covered_share"]
        assert D(row["covered_share"]) == rc.covered_share.quantize(D("0.0001"))
        assert row["unit_kind"] == api_row["unit_kind"] == rc.need.unit_kind
        assert row["illustrative"] == "False"
    assert rows["UA-ARM-001"]["committed"] == "22"


def test_coverage_json_and_xlsx_carry_the_same_rows(picture, capsysbinary, tmp_path):
    records = json.loads(
        _export(capsysbinary, "coverage", "--format", "json", "--as", "coord.ribeiro")
    )
    assert [list(r) for r in records] == [EXPORT_COLUMNS] * 3
    target = tmp_path / "coverage.xlsx"
    _export(
        capsysbinary, "coverage", "--format", "xlsx", "--as", "coord.ribeiro", "-o", str(target)
    )
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == EXPORT_COLUMNS
    assert [v[0] for v in values[1:]] == [r["reference"] for r in records]


def test_coverage_export_reads_as_the_user_given(picture, capsysbinary):
    public = _export(capsysbinary, "coverage", "--format", "csv").decode()
    assert list(csv.DictReader(io.StringIO(public))) == []  # requirements are for participants
    ukrainian = _export(
        capsysbinary, "coverage", "--format", "csv", "--as", "planner.ua.kovalenko"
    ).decode()
    assert "UA-ARM-005" in {r["reference"] for r in csv.DictReader(io.StringIO(ukrainian))}


# --- aid lines, on the real registers ------------------------------------------------------------


@pytest.fixture
def registers(run_import, people):
    for kind in ("equipment", "kiel-weapons", "sipri", "oryx"):
        run_import(kind)


def _kiel_items(data_dir, donor: str) -> dict[str, int]:
    """The Kiel weapons file's own item counts of a donor: "Leopard-2A4 (8)" -> {"Leopard-2A4": 8}."""
    counts: dict[str, int] = {}
    with (data_dir / "kiel" / "ust_r29_weapons.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["donor"] != donor:
                continue
            for name, number in re.findall(r"([^,;]+?)\s*\((\d+)\)", row["weapons_list"]):
                counts[name.strip()] = int(number)
    return counts


def _sipri_ordered(data_dir, supplier: str, designation: str) -> int:
    path = data_dir / "sipri" / "sipri_trade_register_ukraine_recipient_2014_2024.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(
            int(r["number_ordered"])
            for r in csv.DictReader(fh)
            if r["supplier"] == supplier and r["weapon_designation"] == designation
        )


def _oryx_count(data_dir, supplier: str, name: str) -> int:
    with (data_dir / "oryx" / "oryx_donated_vehicles_jasonwu00.csv").open(
        encoding="utf-8", newline=""
    ) as fh:
        return sum(
            int(r["count"])
            for r in csv.DictReader(fh)
            if r["supplier_abbr"] == supplier and r["vehicle_name"] == name
        )


def test_canadas_leopards_are_one_line_with_three_attestations(registers, data_dir, capsysbinary):
    out = _export(capsysbinary, "aid-lines", "--format", "csv", "--as", "coord.ribeiro").decode()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "line",
        "donor",
        "recipient",
        "kind",
        "item_type",
        "announced",
        "committed",
        "delivered",
        "value_eur",
        "disagreements",
        "illustrative",
        "sources",
    ]
    leopards = [r for r in rows if r["donor"] == "CAN" and r["item_type"] == "Leopard 2A4"]
    assert len(leopards) == 1
    (line,) = leopards
    sources = line["sources"].split("; ")
    assert len(sources) == 3
    assert {s.split(" row ")[0] for s in sources} == {"kiel-weapons", "sipri", "oryx"}
    assert "sipri row 137: 8 ordered, 8 delivered" in sources  # row 137 of the SIPRI file
    assert line["committed"] == line["delivered"] == "8"
    # each source says 8: the line counts them once, not 24
    assert _kiel_items(data_dir, "Canada")["Leopard-2A4"] == 8
    assert _sipri_ordered(data_dir, "Canada", "Leopard-2A4") == 8
    assert _oryx_count(data_dir, "CAN", "Leopard 2A4") == 8


def test_in_kind_sums_per_donor_and_item_type_count_each_line_once(
    registers, data_dir, capsysbinary
):
    out = _export(capsysbinary, "aid-lines", "--format", "csv", "--as", "coord.ribeiro").decode()
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["kind"] == "in_kind"]
    assert len({r["line"] for r in rows}) == len(rows)
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        sums[(r["donor"], r["item_type"])] += int(r["committed"])
    # Canada in the Kiel weapons file: NASAMS 1, M777 4, Leopard 2A4 8; SIPRI and Oryx report the same
    kiel = _kiel_items(data_dir, "Canada")
    assert (
        sums[("CAN", "M777")]
        == kiel["M777 howitzer"]
        == _sipri_ordered(data_dir, "Canada", "UFH/M-777 155mm")
    )
    assert sums[("CAN", "Leopard 2A4")] == kiel["Leopard-2A4"]
    assert sums[("CAN", "NASAMS")] == 1
    # every line with several sources counts the figure of one of them, never their sum
    for r in rows:
        figures = [int(n) for n in re.findall(r"(\d+) (?:committed|ordered)", r["sources"])]
        if len(figures) > 1:
            committed = int(r["committed"])
            assert committed <= max(*figures, int(r["delivered"])), r
            if all(figures):
                assert committed < sum(figures), r


def test_requirements_export_shows_the_coverage_of_published_ones_only(picture, capsysbinary):
    out = _export(capsysbinary, "requirements", "--format", "csv", "--as", "coord.ribeiro")
    rows = {r["reference"]: r for r in csv.DictReader(io.StringIO(out.decode()))}
    coverage = _export(capsysbinary, "coverage", "--format", "csv", "--as", "coord.ribeiro")
    for row in csv.DictReader(io.StringIO(coverage.decode())):
        mine = rows[row["reference"]]
        assert [mine[k] for k in ("needed", "committed", "announced", "covered_share")] == [
            row[k] for k in ("needed", "committed", "announced", "covered_share")
        ]
    draft = rows["UA-ARM-004"]
    assert draft["status"] == "draft"
    assert draft["committed"] == draft["covered_share"] == ""  # not counted, not 0


def test_coverage_export_as_of_a_day_and_over_a_horizon(picture, capsysbinary):
    args = ("coverage", "--format", "json", "--as", "coord.ribeiro", "--as-of", "2026-12-07")
    rows = {r["reference"]: r for r in json.loads(_export(capsysbinary, *args))}
    assert rows["UA-ART-002"]["needed"] == "60000"
    assert rows["UA-ARM-001"]["committed"] == "22"
    # a rate counts up to min(needed-by, horizon end): 10,000 rounds a month for 3 months
    short = {
        r["reference"]: r for r in json.loads(_export(capsysbinary, *args, "--horizon-months", "3"))
    }
    assert short["UA-ARM-001"]["committed"] == "22"
    assert short["UA-ART-002"]["needed"] == "30000"
    with pytest.raises(CommandError, match="--horizon-months must be between 1 and 120"):
        call_command("export", *args, "--horizon-months", "0")
    with pytest.raises(CommandError, match="--as-of must lie between 2014-01-01 and 2100-12-31"):
        call_command("export", "coverage", "--as-of", "9999-12-31")
    with pytest.raises(CommandError, match="not a date"):
        call_command("export", "coverage", "--as-of", "7 Dec")
