from __future__ import annotations

import csv
import io

from django.core.management import call_command


def test_export_training_and_readiness_as_a_user_sees_them(training, liaison_de, capsys):
    call_command("export", "readiness", "--as", liaison_de.username)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [
        (r["item_type"], r["arrival"], r["crews_needed"], r["crews_ready_by_arrival"], r["gap"])
        for r in rows
    ] == [("F-16 (test)", "2026-06-01", "6", "2", "4")]
    call_command("export", "training", "--as", liaison_de.username)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["course"], r["graduated"]) for r in rows] == [("F-16 conversion", "2")]
    call_command("export", "training")  # no user: public records only
    assert list(csv.DictReader(io.StringIO(capsys.readouterr().out))) == []
