"""A table of plain values written as CSV, XLSX or JSON: the one writer behind every export, page download
and plan file."""

from __future__ import annotations

import csv
import datetime
import io
import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[Any]]


class ExportError(ValueError):
    pass


def neutralise[T](value: T) -> T | str:
    """A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def render(table: Table, fmt: str) -> bytes:
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(
            [[neutralise(_plain(v)) if v is not None else "" for v in row] for row in table.rows]
        )
        return buf.getvalue().encode()
    if fmt == "json":
        records = [dict(zip(table.columns, map(_plain, row), strict=True)) for row in table.rows]
        return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode()
    if fmt == "xlsx":
        return _xlsx(table.columns, table.rows)
    raise ExportError(f"unknown format {fmt!r}: use csv, xlsx or json")


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel reads these as number and date formats and shows them in the reader's own locale.
WHOLE_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
MAX_WIDTH = 60


# Excel's last row; a download with more rows says where the rest are rather than write a file Excel cuts.
XLSX_MAX_ROWS = 1_048_576


def plain_text(value: str) -> str:
    """Text without the control characters a spreadsheet cannot hold (a form feed from a PDF's text): the CSV
    and the XLSX of a page carry the same text, and the XLSX does not fail on it."""
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", value)
    return cleaned


def download_datetime(value: datetime.datetime) -> datetime.datetime:
    """A moment as every download gives it: UTC, to the minute, without a zone (Excel has none)."""
    if timezone.is_aware(value):
        value = value.astimezone(datetime.UTC)
    return value.replace(tzinfo=None, second=0, microsecond=0)


def _date_format() -> str:
    return "dd.mm.yyyy" if (get_language() or "").startswith("uk") else "yyyy-mm-dd"


def _xlsx_cell(ws: Any, value: object, date_format: str) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal | float | int):
        number = float(value) if isinstance(value, Decimal) else value
        cell = WriteOnlyCell(ws, value=number)
        whole = isinstance(value, int) or float(number).is_integer()
        cell.number_format = WHOLE_FORMAT if whole else DECIMAL_FORMAT
        return cell
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(ws, value=download_datetime(value))
        cell.number_format = date_format + " hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = date_format
        return cell
    # A text cell, whatever it starts with: Excel never runs it as a formula, and it reads as typed.
    cell = WriteOnlyCell(ws, value=plain_text(str(value)))
    cell.data_type = "s"
    return cell


def xlsx_write(target: IO[bytes], columns: Sequence[object], rows: Iterable[Sequence[Any]]) -> None:
    """One sheet as a person reads it in Excel (see xlsx_sheet), written through openpyxl's write-only
    workbook, which keeps rows on disk rather than in memory."""
    wb = Workbook(write_only=True)
    xlsx_sheet(wb, "data", columns, rows)
    wb.save(target)


def xlsx_sheet(
    wb: Workbook, title: str, columns: Sequence[object], rows: Iterable[Sequence[Any]]
) -> None:
    """A sheet of a write-only workbook: the labels as a bold, frozen header row, figures as numbers with
    thousands separators, dates as dates, text as text (never run as a formula). Every download and the
    briefing's workbook write their sheets through here."""
    ws = wb.create_sheet(title[:31])  # Excel's limit on a sheet's name
    labels = [str(c) for c in columns]
    ws.freeze_panes = "A2"
    for n, label in enumerate(labels, start=1):
        ws.column_dimensions[get_column_letter(n)].width = min(max(len(label) + 2, 12), MAX_WIDTH)
    header = []
    for label in labels:
        cell = WriteOnlyCell(ws, value=plain_text(label))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    date_format = _date_format()
    for n, row in enumerate(rows, start=2):
        if n == XLSX_MAX_ROWS:
            ws.append([_("More rows than Excel holds: the CSV download has all of them.")])
            break
        ws.append([_xlsx_cell(ws, v, date_format) for v in row])


def xlsx_file(columns: Sequence[object], rows: Iterable[Sequence[Any]]) -> IO[bytes]:
    """The workbook in a temporary file, rewound for reading (a download streams it from there)."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it once sent
    xlsx_write(target, columns, rows)
    target.seek(0)
    return target


def _xlsx(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.BytesIO()
    xlsx_write(buf, columns, rows)
    return buf.getvalue()


def yes_no(value: bool | None) -> str:
    """A flag in a download or on a page, in the reader's language; empty when unknown."""
    if value is None:
        return ""
    return str(_("Yes") if value else _("No"))
