"""Reading a table page's two downloads back, for tests that check the XLSX carries the CSV's rows under the
labels a person reads."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook

# A date-time at midnight reads back from the XLSX as the date it shows; the CSV writes its time.
MIDNIGHT = re.compile(r"\d{4}-\d{2}-\d{2} 00:00")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@contextmanager
def in_ukrainian(client: Any) -> Iterator[Any]:
    """The client asks for Ukrainian; afterwards the thread's language is English again (LocaleMiddleware
    leaves the last request's language active, and later tests read messages outside a request)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    try:
        yield client
    finally:
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]
        translation.activate(settings.LANGUAGE_CODE)


def _body(response: Any) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(client: Any, url: str) -> list[list[str]]:
    sep = "&" if "?" in url else "?"
    text = _body(client.get(f"{url}{sep}format=csv")).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(client: Any, url: str) -> list[list[Any]]:
    sep = "&" if "?" in url else "?"
    response = client.get(f"{url}{sep}format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response[
        "Content-Type"
    ]
    book = load_workbook(io.BytesIO(_body(response)), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def _same(cell: Any) -> Any:
    """A cell as the CSV writes it: dates in ISO, figures compared as numbers, empty as ''."""
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        if cell.time() == datetime.time():
            return cell.date().isoformat()
        return cell.isoformat(sep=" ", timespec="minutes")
    if isinstance(cell, str) and MIDNIGHT.fullmatch(cell):
        return cell[:10]
    # The CSV's guard against a spreadsheet running the text; the XLSX needs none.
    if isinstance(cell, str) and cell.startswith("'") and cell[1:2] in FORMULA_STARTS:
        return cell[1:]
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        return Decimal(str(cell)).normalize()
    try:
        return Decimal(cell).normalize() if cell not in ("", "NaN") else cell
    except (InvalidOperation, TypeError, ValueError):
        return cell


def assert_xlsx_matches_csv(client: Any, url: str, labels: list[str]) -> list[list[Any]]:
    """The XLSX's header row is `labels` (in order, as a prefix of the header) and its rows equal the CSV's.
    Returns the XLSX rows."""
    from_csv = csv_rows(client, url)
    from_xlsx = xlsx_rows(client, url)
    header = [str(h) for h in from_xlsx[0]]
    assert header[: len(labels)] == labels, header
    assert header == from_csv[0]
    assert len(from_xlsx) == len(from_csv)
    for got, want in zip(from_xlsx[1:], from_csv[1:], strict=True):
        padded = got + [None] * (len(want) - len(got))
        assert [_same(c) for c in padded] == [_same(c) for c in want], (got, want)
    return from_xlsx
