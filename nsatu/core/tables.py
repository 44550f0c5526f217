"""A table of plain values written as CSV, XLSX or JSON: the one writer behind every export, page download
and plan file."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

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


def _xlsx(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(list(columns))
    for row in rows:
        ws.append([neutralise(float(v) if isinstance(v, Decimal) else v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
