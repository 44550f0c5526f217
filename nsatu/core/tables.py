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

from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
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
        cell = WriteOnlyCell(ws, value=value.replace(tzinfo=None))
        cell.number_format = date_format + " hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = date_format
        return cell
    return neutralise(str(value))


def xlsx_write(target: IO[bytes], columns: Sequence[object], rows: Iterable[Sequence[Any]]) -> None:
    """One sheet as a person reads it in Excel: the labels as a bold, frozen header row, figures as numbers
    with thousands separators, dates as dates, text cells that would run as formulas neutralised.

    Written through openpyxl's write-only workbook, which keeps rows on disk rather than in memory.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    labels = [str(c) for c in columns]
    ws.freeze_panes = "A2"
    for n, label in enumerate(labels, start=1):
        ws.column_dimensions[get_column_letter(n)].width = min(max(len(label) + 2, 12), MAX_WIDTH)
    header = []
    for label in labels:
        cell = WriteOnlyCell(ws, value=neutralise(label))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    date_format = _date_format()
    for row in rows:
        ws.append([_xlsx_cell(ws, v, date_format) for v in row])
    wb.save(target)


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
