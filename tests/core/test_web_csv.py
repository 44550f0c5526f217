"""The fast way to a CSV download (core/web.py DownloadRows, csv_cell, csv_text) writes every cell exactly as the
general writer does: the same neutralised formulas, the same cleaned text, the same quoting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from nsatu.core.web import CsvCells, DownloadRows, csv_cell, csv_text, download_response

CELLS = [
    "plain",
    "",
    "=1+2",
    "+49 30 1234",
    "-minus",
    "@at",
    "\ttab first",
    "\rreturn first",
    "comma, inside",
    'quote " inside',
    '"',
    ",",
    "line\nbreak",
    "bell\x07 rings",
    "form\x0cfeed",
    "\x0b=hidden formula",
    "ünïcödé – dash",
    "  spaces  ",
    "'already quoted",
    "a\u2028b",
    "end\t",
    None,
    0,
    -7,
    1.5,
    True,
    Decimal("1234.50"),
    Decimal("-0.00"),
    dt.date(2024, 2, 29),
    dt.datetime(2024, 2, 29, 13, 45, 59, tzinfo=dt.UTC),
]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _general(rows: list[list[object]]) -> bytes:
    """The file the general writer makes of these rows."""
    request = RequestFactory().get("/", {"format": "csv"})
    return _body(download_response(request, "t.csv", ["a", "b"], rows))


@pytest.mark.parametrize("value", CELLS, ids=repr)
def test_a_cell_reads_as_the_general_writer_writes_it(value):
    assert _general([[value, 1]]).decode("utf-8-sig").split("\r\n")[1] == f"{csv_cell(value)},1"
    assert (
        _general([[1, value]]).decode("utf-8-sig").split("\r\n", 1)[1] == f"1,{csv_cell(value)}\r\n"
    )


@given(st.text())
def test_a_text_reads_as_a_cell(value):
    assert csv_text(value) == csv_cell(value)


@pytest.mark.parametrize("value", [v for v in CELLS if isinstance(v, str)], ids=repr)
def test_a_text_of_the_list_reads_as_a_cell(value):
    assert csv_text(value) == csv_cell(value)


def test_download_rows_give_the_csv_their_lines_and_the_xlsx_their_rows():
    typed = [[1, Decimal("2.50")], [2, None]]
    asked: list[str] = []

    def lines():
        asked.append("csv")
        yield "1,2.50\r\n"
        yield "2,\r\n"

    csv_request = RequestFactory().get("/", {"format": "csv"})
    fast = download_response(csv_request, "t.csv", ["a", "b"], DownloadRows(typed, lines))
    assert _body(fast) == _general(typed)
    assert asked == ["csv"]
    xlsx_request = RequestFactory().get("/", {"format": "xlsx"})
    download = DownloadRows(iter(typed), lines)
    assert _body(download_response(xlsx_request, "t.csv", ["a", "b"], download))
    assert asked == ["csv"]  # the XLSX read the typed rows only


def test_a_cell_table_reads_a_missing_key_as_its_stand_in():
    cells = CsvCells({1: "one", None: ""}, missing="hidden")
    assert (cells[1], cells[None], cells[99]) == ("one", "", "hidden")
    assert 99 not in cells
