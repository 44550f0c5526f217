"""`nsatu plan`: on the database with --export, and offline with --instance (no database at all)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from nsatu.needs.models import Requirement
from nsatu.planning.models import AllocationRun
from tests.planning.conftest import START

INSTANCE = {
    "parameters": {"start": "2026-01", "horizon": 6},
    "item_types": [{"id": "Leopard 2A4", "capability_area": "armour"}, {"id": "M1A1 Abrams"}],
    "requirements": [
        {
            "id": "R-old",
            "quantity": 5,
            "priority": 4,
            "needed_by": 2,
            "satisfied_by": ["Leopard 2A4"],
        },
        {
            "id": "R-urgent",
            "quantity": 3,
            "priority": 1,
            "needed_by": 1,
            "satisfied_by": ["Leopard 2A4", "M1A1 Abrams"],
        },
    ],
    "tranches": [
        {"id": "DEU-1", "donor": "DEU", "item_type": "Leopard 2A4", "quantity": 4, "available": 0},
        {
            "id": "USA-1",
            "donor": "USA",
            "item_type": "M1A1 Abrams",
            "quantity": 2,
            "available": 1,
            "transit": 1,
        },
    ],
}


def _write(tmp_path: Path, data: object, name: str = "instance.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_offline_instance_prints_objective_and_lines(tmp_path, capsys):
    # No database fixture: any query would fail this test.
    call_command("plan", instance=_write(tmp_path, INSTANCE))
    out = json.loads(capsys.readouterr().out)
    assert out["status"] == "optimal"
    lines = {(ln["source_id"], ln["requirement_id"]): ln["quantity"] for ln in out["lines"]}
    # The urgent need takes Leopards arriving at once (weight 16, on time); the fourth goes to the older need.
    # The Abrams serve only the urgent need, which is already met.
    assert lines == {("DEU-1", "R-urgent"): 3, ("DEU-1", "R-old"): 1}
    assert out["objective"] == pytest.approx(16 * 3 + 2 * 1)
    assert [(s["requirement_id"], s["covered"]) for s in out["shortfalls"]] == [("R-old", 1)]


def test_offline_instance_export(tmp_path, capsys):
    target = tmp_path / "lines.xlsx"
    call_command("plan", instance=_write(tmp_path, INSTANCE), export=target)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("donor", "source_kind", "source_id", "requirement_id") and len(rows) == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["tranches"][1].update(item_type="T-72"),
            'tranches[1] (id "USA-1").item_type: unknown item type "T-72"',
        ),
        (
            lambda d: d["requirements"][0].update(quantity=-5),
            'requirements[0] (id "R-old").quantity: -5 is not a positive quantity',
        ),
        (
            lambda d: d["requirements"][1].update(needed_by=-1),
            'requirements[1] (id "R-urgent").needed_by: -1 is before month 0',
        ),
    ],
)
def test_bad_instance_names_the_entry(tmp_path, change, message):
    data = json.loads(json.dumps(INSTANCE))
    change(data)
    with pytest.raises(CommandError) as caught:
        call_command("plan", instance=_write(tmp_path, data))
    assert str(caught.value) == f"{tmp_path / 'instance.json'}: {message}"


def test_malformed_json_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"instance.json: line 2, column 1: malformed JSON"):
        call_command("plan", instance=_write(tmp_path, '{"parameters": {}\n'))
    with pytest.raises(CommandError, match="cannot read the instance file"):
        call_command("plan", instance=tmp_path / "missing.json")


def test_console_exit_code_and_no_traceback(tmp_path):
    data = json.loads(json.dumps(INSTANCE))
    data["tranches"][0]["quantity"] = "four"
    path = _write(tmp_path, data)
    env = {**os.environ, "NSATU_ENV": "test", "NSATU_VAR_DIR": str(tmp_path / "var")}
    done = subprocess.run(
        [sys.executable, "-m", "nsatu.cli", "plan", "--instance", str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f'CommandError: {path}: tranches[0] (id "DEU-1").quantity: expected a whole number, got a string "four"'
    ]
    assert not (tmp_path / "var" / "nsatu.sqlite3").exists()  # the offline mode opened no database


def test_plan_on_the_database_prints_the_summary_and_exports(plan_world, tmp_path, capsys):
    target = tmp_path / "lines.csv"
    call_command("plan", start=START, export=target)
    run = AllocationRun.objects.get()
    assert (
        run.status == "done" and run.created_by is None and run.task_id == ""
    )  # run here, not queued
    out = capsys.readouterr()
    assert (
        f"Run {run.pk}: optimal, objective" in out.out and "4 requirements, 4 tranches" in out.out
    )
    assert (
        f"plan {run.plan_weighted_coverage:.1%}, status quo {run.baseline_weighted_coverage:.1%}"
        in out.out
    )
    assert "Left out" not in out.out  # nothing was
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 4 and {r["donor_iso3"] for r in rows} == {"DEU", "POL", "NOR"}
    german = [r for r in rows if r["donor_iso3"] == "DEU"]
    assert [(r["requirement"], r["quantity"], r["arrival_month"]) for r in german] == [
        ("UA-T-02", "5", "2026-02"),
        ("UA-T-02", "3", "2026-04"),
    ]
    json_target = tmp_path / "lines.json"
    call_command("plan", start=START, export=json_target, horizon=12)
    assert len(json.loads(json_target.read_text())) == 4
    assert AllocationRun.objects.latest("id").parameters["horizon"] == 12


def test_plan_on_the_database_refusals(plan_world, tmp_path, analyst):
    with pytest.raises(CommandError, match=r"must end in \.csv, \.xlsx or \.json"):
        call_command("plan", export=tmp_path / "lines.txt")
    with pytest.raises(CommandError, match="may not start allocation runs"):
        call_command("plan", as_user=analyst.username)
    with pytest.raises(CommandError, match="not a month written YYYY-MM"):
        call_command("plan", start="2026-1")
    assert not AllocationRun.objects.exists()


def test_plan_on_the_database_names_what_it_left_out(plan_world, parties, capsys):
    Requirement.objects.create(
        reference="UA-M-01",
        title="Air defence fund",
        capability_area="air_defence",
        quantity=Decimal(2_000_000),
        unit_kind="funds",
        priority=1,
        owner=parties["UKR"],
        status="published",
        releasability="participants",
    )
    call_command("plan", start=START)
    out = capsys.readouterr().out
    assert (
        "Left out: requirements for funds: a plan allocates items and rounds, not money (1): UA-M-01"
        in out
    )
