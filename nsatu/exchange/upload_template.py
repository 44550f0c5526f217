"""The fill-in workbook of one kind: a sheet to fill, a "Read me" sheet, and the hidden lists its drop-downs read.

Built from the same columns (upload_columns) and the same lists (upload_selectors) the upload reads, so a template
filled with what its drop-downs offer is accepted as it stands.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from nsatu.core.tables import DECIMAL_FORMAT, WHOLE_FORMAT
from nsatu.exchange.upload_columns import CHOICE, DATE, NUMBER, WHOLE, Column, Sheet
from nsatu.exchange.upload_lists import Book

# Rows of the sheet the drop-downs and formats cover; the upload itself reads up to MAX_ROWS (upload_read).
TEMPLATE_ROWS = 5000
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
REQUIRED_FILL = PatternFill("solid", fgColor="F6D7A7")
BOLD = Font(bold=True)


def date_format() -> str:
    return "dd.mm.yyyy" if (get_language() or "").startswith("uk") else "yyyy-mm-dd"


def _number_format(column: Column) -> str | None:
    if column.type == DATE:
        return date_format()
    if column.type == WHOLE:
        return WHOLE_FORMAT
    if column.type == NUMBER:
        return DECIMAL_FORMAT
    return None


def _text(ws: Worksheet, row: int, column: int, value: str) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    cell.data_type = "s"


def _lists_sheet(wb: Workbook, sheet: Sheet, book: Book) -> dict[str, str]:
    """The hidden sheet of lists; returns each list's cell range for the drop-downs."""
    ws = wb.create_sheet(_("Lists"))
    ws.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    names = sorted({c.choices for c in sheet.columns if c.choices and c.choices in book})
    for n, name in enumerate(names, start=1):
        letter = get_column_letter(n)
        labels = book[name].labels
        ws.cell(row=1, column=n, value=name).font = BOLD
        for r, label in enumerate(labels, start=2):
            # Text only: a label that looks like a formula is written as a string, never as one.
            _text(ws, r, n, label)
        ws.column_dimensions[letter].width = 40
        if labels:
            ranges[name] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(labels) + 1}"
    return ranges


def _validation(column: Column, ranges: dict[str, str]) -> DataValidation | None:
    title = str(column.label)[:32]
    if column.type == CHOICE:
        if column.choices not in ranges:
            return None
        dv = DataValidation(type="list", formula1=f"={ranges[column.choices]}", allow_blank=True)
        dv.error = _("Choose a value of the list.")
    elif column.type in (WHOLE, NUMBER):
        low = column.minimum if column.minimum is not None else Decimal(0)
        high = column.maximum if column.maximum is not None else Decimal("1e15")
        dv = DataValidation(
            type="whole" if column.type == WHOLE else "decimal",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            allow_blank=True,
        )
        dv.error = _("Type a number from %(low)s to %(high)s.") % {"low": low, "high": high}
    elif column.type == DATE:
        # Excel counts dates in days from 1899-12-30: these are 1900-01-01 and 2199-12-31.
        dv = DataValidation(
            type="date", operator="between", formula1="2", formula2="109574", allow_blank=True
        )
        dv.error = _("Type a date.")
    else:
        return None
    dv.errorTitle = title
    dv.showErrorMessage = True
    return dv


def _data_sheet(ws: Worksheet, sheet: Sheet, ranges: dict[str, str]) -> None:
    ws.title = str(sheet.name)
    for n, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(n)
        cell = ws.cell(row=1, column=n, value=str(column.label))
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        dim = ws.column_dimensions[letter]
        dim.width = max(column.width, 10)
        number_format = _number_format(column)
        if number_format:
            dim.number_format = number_format
        validation = _validation(column, ranges)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            ws.add_data_validation(validation)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"


def _example(column: Column, book: Book) -> object:
    if column.type == CHOICE:
        labels = book[column.choices].labels if column.choices in book else []
        if column.example and column.example in labels:
            return column.example
        return labels[0] if labels and column.example else None
    if not column.example:
        return None
    if column.type == DATE:
        return dt.date.fromisoformat(column.example)
    if column.type in (WHOLE, NUMBER):
        return int(column.example) if column.type == WHOLE else Decimal(column.example)
    return column.example


def _allowed(column: Column, book: Book) -> str:
    if column.type == CHOICE:
        count = len(book[column.choices].labels) if column.choices in book else 0
        if count == 0:
            return _("none you may use yet")
        return _("the drop-down list (%(n)s values)") % {"n": count}
    if column.type == DATE:
        return _("a date")
    if column.type == WHOLE:
        return _("a whole number")
    if column.type == NUMBER:
        return _("a number")
    if column.max_length:
        return _("text, at most %(n)s characters") % {"n": column.max_length}
    return _("text")


def _read_me(wb: Workbook, sheet: Sheet, book: Book) -> None:
    ws = wb.create_sheet(_("Read me"))
    lines = [
        _("How to fill in this template"),
        _(
            'Fill one row per record on the sheet "%(sheet)s", from row 2; leave the header row as it is. '
            "Columns with an orange header must be filled."
        )
        % {"sheet": sheet.name},
        _(
            "Choose from the drop-down lists where a column has one: they hold what you may use "
            "(your nation, the item types, hubs and requirements you may see)."
        ),
        _(
            "Upload the file on the upload page: nsatu checks every row and shows what it will create and "
            "every error before anything is written. Uploading the same rows again writes nothing."
        ),
        _("nsatu reads values only: formulas are never run, text is kept as text."),
    ]
    for r, line in enumerate(lines, start=1):
        ws.cell(row=r, column=1, value=line).font = BOLD if r == 1 else Font()
    head = [_("Column"), _("Required"), _("What it takes"), _("Allowed values"), _("Example")]
    top = len(lines) + 2
    for n, label in enumerate(head, start=1):
        cell = ws.cell(row=top, column=n, value=label)
        cell.font = BOLD
        cell.fill = HEADER_FILL
    for r, column in enumerate(sheet.columns, start=top + 1):
        ws.cell(row=r, column=1, value=str(column.label))
        ws.cell(row=r, column=2, value=_("yes") if column.required else "")
        ws.cell(row=r, column=3, value=str(column.help))
        ws.cell(row=r, column=4, value=_allowed(column, book))
        value = _example(column, book)
        example = ws.cell(row=r, column=5)
        if isinstance(value, str):
            _text(ws, r, 5, value)
        else:
            example.value = value
        number_format = _number_format(column)
        if number_format:
            example.number_format = number_format
    for letter, width in zip("ABCDE", (34, 10, 60, 30, 26), strict=True):
        ws.column_dimensions[letter].width = width


def template_workbook(*, sheet: Sheet, book: Book) -> bytes:
    """The template as the bytes of an .xlsx file."""
    wb = Workbook()
    active = wb.active
    assert active is not None  # a new workbook has its first sheet
    ranges = _lists_sheet(wb, sheet, book)
    _data_sheet(active, sheet, ranges)
    _read_me(wb, sheet, book)
    wb.move_sheet(_("Read me"), offset=-1)
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
