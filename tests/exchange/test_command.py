"""`nsatu import KIND PATH [--dry-run]`: summary and issues on success, a clear message and exit 1 on a bad file."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from nsatu.pledges.models import Pledge
from nsatu.sources.models import Dataset
from tests.exchange.conftest import table_counts


def test_import_prints_summary_and_issues(db):
    out = StringIO()
    call_command(
        "import", "oryx", "oryx/oryx_donated_vehicles_jasonwu00.csv", stdout=out
    )  # relative to data dir
    text = out.getvalue()
    assert (
        "oryx: oryx/oryx_donated_vehicles_jasonwu00.csv — 355 rows read; records 339 created"
        in text
    )
    assert (
        "oryx/oryx_donated_vehicles_jasonwu00.csv, 349, recipient, [skipped] delivery to Russia by Iran"
        in text
    )
    assert Pledge.objects.filter(dataset__key="oryx").count() == 339


def test_dry_run_saves_nothing(db):
    out = StringIO()
    before = table_counts()
    call_command(
        "import",
        "purl",
        str(Path(settings.DATA_DIR) / "reference/purl_packages.csv"),
        "--dry-run",
        stdout=out,
    )
    assert "28 created" in out.getvalue() and "Dry run: nothing was saved." in out.getvalue()
    assert table_counts() == before and not Dataset.objects.exists()


def test_bad_file_is_a_command_error_naming_row_and_column(db, tmp_path):
    bad = tmp_path / "memberships.csv"
    bad.write_text(
        "iso3,group,since,source_url\nDEU,NATO,1955,https://www.nato.int/\nXXX,NATO,2000,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        call_command("import", "memberships", str(bad), stdout=StringIO())
    message = str(caught.value)
    assert "nothing was changed" in message
    assert f"{bad}, row 3, column iso3: 'XXX' is not an ISO 3166-1 alpha-3 country code" in message
    assert f"{bad}, row 3, column source_url: the cell is empty" in message
    assert not Dataset.objects.exists()


def test_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "sipri", str(tmp_path / "nope.csv"))


def test_exit_code_and_no_traceback_from_the_console(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    # A throwaway SQLite file: the subprocess must never touch the developer's or CI's real database.
    env = {
        **os.environ,
        "NSATU_ENV": "test",
        "NSATU_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "import", "sipri", str(empty)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert f"{empty}: the file is empty" in done.stderr
    assert "Traceback" not in done.stderr
