"""The sourced training milestones: every figure shown equals the file's, re-import changes nothing, bad rows
are named by row and column and change nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command

from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.registry import DEMO_IMPORTS, IMPORTERS
from nsatu.training.models import ReportedTraining
from nsatu.training.selectors import reported_training_list
from tests.exchange.conftest import csv_rows, table_counts

FILE = "reference/ukraine_training_abroad_milestones_sourced.csv"


def test_every_row_is_kept_as_reported_with_its_sources(run_import, data_dir):
    result = run_import("training-milestones")
    rows = csv_rows(data_dir / FILE)
    assert result.rows_read == result.created == len(rows) == 8
    for line, row in rows:
        record = ReportedTraining.objects.get(source_row=line)
        assert (
            record.programme,
            record.reported_date,
            record.measure,
            record.personnel,
            record.note,
        ) == (
            row["programme"],
            dt.date.fromisoformat(row["reported_date"]),
            row["measure"],
            int(row["personnel"]),
            row["note"],
        )
        assert record.source_urls == [u.strip() for u in row["source_urls"].split(" ; ")]
    interflex = ReportedTraining.objects.get(
        programme="Operation Interflex (UK-led)", reported_date="2024-01-22"
    )
    assert interflex.personnel == 34000 and len(interflex.source_urls) == 1
    eumam = ReportedTraining.objects.get(
        programme="EUMAM Ukraine", reported_date="2024-12-19", measure="trained_cumulative"
    )
    assert eumam.personnel == 60000
    assert eumam.source_urls == [
        "https://thedefensepost.com/2024/12/19/eu-trains-ukrainian-soldiers/amp"
    ]


def test_reimport_changes_nothing_and_the_demo_and_sources_page_include_it(
    run_import, as_user, analyst
):
    run_import("training-milestones")
    again = run_import("training-milestones")
    assert (again.created, again.updated, again.unchanged, again.deleted) == (0, 0, 8, 0)
    assert ReportedTraining.objects.count() == 8
    assert ("training-milestones", FILE) in DEMO_IMPORTS
    page = as_user(analyst).get("/sources/")
    assert IMPORTERS["training-milestones"].title in page.content.decode()


def test_page_and_export_show_the_files_figures(run_import, data_dir, as_user, analyst, capsys):
    run_import("training-milestones")
    rows = [row for _line, row in csv_rows(data_dir / FILE)]
    page = as_user(analyst).get("/training/")
    shown = [
        (r.programme, r.reported_date.isoformat(), r.measure, r.personnel)
        for r in page.context["reported"]
    ]
    assert sorted(shown) == sorted(
        (r["programme"], r["reported_date"], r["measure"], int(r["personnel"])) for r in rows
    )
    assert "34,000" in page.content.decode() and "75,000" in page.content.decode()
    call_command("export", "training-reported")
    exported = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted(
        (e["programme"], e["reported_date"], e["personnel"], e["source_urls"]) for e in exported
    ) == sorted(
        (r["programme"], r["reported_date"], r["personnel"], r["source_urls"]) for r in rows
    )
    assert len(list(reported_training_list())) == 8


def test_bad_rows_are_named_and_change_nothing(run_import, data_dir, tmp_path):
    run_import("training-milestones")
    lines = (data_dir / FILE).read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "milestones.csv"
    bad.write_text(
        "\n".join(
            [
                lines[0],
                lines[1].replace("2023-04-06", "06/04/2023"),
                lines[2].replace("trained_cumulative", "trained"),
                lines[3].replace(",33000,", ",-5,"),
                lines[4].replace("https://www.parallelparliament", "www.parallelparliament"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    before = list(ReportedTraining.objects.values_list("pk", "personnel"))
    counts = table_counts()
    with pytest.raises(ImportFailed) as caught:
        run_import("training-milestones", bad)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "reported_date"),
        (3, "measure"),
        (4, "personnel"),
        (5, "source_urls"),
    ]
    assert "is not a date YYYY-MM-DD" in caught.value.problems[0].reason
    assert "milestones.csv, row 5, column source_urls" in str(caught.value)
    assert list(ReportedTraining.objects.values_list("pk", "personnel")) == before
    assert table_counts() == counts
