"""An .xlsx that would unpack into gigabytes is refused before openpyxl inflates it, with a message, and nothing
changes in the database."""

from __future__ import annotations

import zipfile

import pytest
from django.test import override_settings

from nsatu.exchange.errors import ImportFailed
from nsatu.pledges.models import ReportedAid
from tests.exchange.conftest import table_counts

CHUNK = b"\0" * (1024 * 1024)


def _bomb(path, *, megabytes: int) -> None:
    """A workbook-shaped zip whose one sheet is `megabytes` of zeros (deflates about a thousandfold)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(megabytes):
                sheet.write(CHUNK)


def _refused(run_import, path) -> ImportFailed:
    run_import("kiel-aid")
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        run_import("nato-defence", path)
    assert table_counts() == before and ReportedAid.objects.exists()
    return caught.value


def test_archive_bomb_over_the_unpacked_limit_is_refused(run_import, tmp_path):
    bomb = tmp_path / "nato.xlsx"
    _bomb(bomb, megabytes=300)
    assert bomb.stat().st_size < 1024 * 1024  # 300 MB of sheet in well under 1 MB of file
    [problem] = _refused(run_import, bomb).problems
    assert "would unpack to 300.0\xa0MB" in problem.reason and "archive bomb" in problem.reason
    assert problem.file.endswith("nato.xlsx")


@override_settings(NSATU_MAX_XLSX_UNPACKED_BYTES=10 * 1024**3)
def test_absurd_ratio_is_refused_even_under_the_unpacked_limit(run_import, tmp_path):
    bomb = tmp_path / "nato.xlsx"
    _bomb(bomb, megabytes=20)
    [problem] = _refused(run_import, bomb).problems
    assert "xl/worksheets/sheet1.xml" in problem.file and "times its packed size" in problem.reason


@override_settings(NSATU_MAX_UPLOAD_BYTES=100 * 1024)
def test_workbook_over_the_size_limit_is_refused(run_import, data_dir):
    [problem] = _refused(run_import, data_dir / "nato/240617-def-exp-2024-TABLES-en.xlsx").problems
    assert "the limit is 100.0\xa0KB" in problem.reason


def test_the_real_workbook_passes_the_checks(run_import):
    assert run_import("nato-defence")
