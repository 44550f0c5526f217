"""Reading a filled-in template: every cell of every row checked against its column, every problem named by
file, sheet, row and column. Nothing here writes; the domain's own rules run after, in upload_services.

Values only: a formula is never run. A formula cell is read as the value Excel computed and saved with it (what
the person saw); one saved without a value is refused. Text stays text, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from nsatu.exchange.archive import check_xlsx_archive
from nsatu.exchange.csvfile import FIRST_YEAR, LAST_YEAR
from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.upload_columns import CHOICE, DATE, NUMBER, TEXT, WHOLE, Column, Sheet
from nsatu.exchange.upload_lists import Book

MAX_ROWS = 5000
# How far a sheet is read: the rows a filled template can hold with room for blank lines between them, and more
# columns than any template has (a person may add notes beside it).
MAX_SHEET_ROWS = 2 * MAX_ROWS + 1
MAX_COLUMNS = 200
AMBIGUOUS_GROUPS = re.compile(r"-?\d{1,3}(,\d{3})+")
PLEDGE_REF = re.compile(r"^\s*#(\d+)")


@dataclass(frozen=True)
class CellProblem:
    file: str
    sheet: str
    row: int | None  # the sheet's row number (header = 1); None when the whole file is at fault
    column: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(self.sheet)
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.reason}"


@dataclass
class ParsedRow:
    row: int
    values: dict[str, object]
    cells: list[tuple[str, str]] = field(
        default_factory=list
    )  # (column label, reason) of refused cells

    @property
    def key(self) -> str:
        """What identifies the row's content, whatever language or spelling its cells used."""
        canonical = json.dumps(
            {k: _canonical(v) for k, v in sorted(self.values.items())}, sort_keys=True
        )
        return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class ParsedSheet:
    file: str
    sheet: str
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)

    def problem(self, row: int | None, column: str, reason: str) -> None:
        self.problems.append(CellProblem(self.file, self.sheet, row, column, reason))


def _canonical(value: object) -> object:
    if isinstance(value, Model):
        return f"{value._meta.label_lower}:{value.pk}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    return value


def _in_every_language(text: object) -> set[str]:
    spellings = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            spellings.add(str(text).strip().lower())
    return spellings


def _open(content: bytes, name: str, parsed: ParsedSheet, *, values: bool) -> Workbook | None:
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=values)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        parsed.problem(
            None, "", _("not a readable Excel .xlsx workbook (%(e)s)") % {"e": exc or name}
        )
        return None


def _checked_archive(content: bytes, name: str, parsed: ParsedSheet) -> bool:
    if not name.lower().endswith(".xlsx"):
        parsed.problem(
            None,
            "",
            _(
                "only Excel workbooks (.xlsx) are read; save the template as an Excel Workbook "
                "and upload that"
            ),
        )
        return False
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as tmp:
        tmp.write(content)
        tmp.flush()
        try:
            check_xlsx_archive(Path(tmp.name), name)
        except ImportFailed as exc:
            for p in exc.problems:
                parsed.problem(None, "", p.reason)
            return False
    return True


def read_upload(*, content: bytes, file_name: str, sheet: Sheet, book: Book) -> ParsedSheet:
    """Every row of the kind's sheet, checked cell by cell; problems of the whole file stop the reading."""
    parsed = ParsedSheet(file_name, str(sheet.name))
    if not _checked_archive(content, file_name, parsed):
        return parsed
    wb = _open(content, file_name, parsed, values=False)
    if wb is None:
        return parsed
    names = _in_every_language(sheet.name)
    ws = next((w for w in wb.worksheets if w.title.strip().lower() in names), None)
    if ws is None:
        parsed.problem(
            None,
            "",
            _('the workbook has no sheet "%(sheet)s"; fill in the template downloaded from nsatu')
            % {"sheet": sheet.name},
        )
        return parsed
    parsed.sheet = ws.title
    # A sheet's declared size is not bounded by the archive check: a 5 KB file may declare a million rows of
    # 16,384 columns. Read no further than a filled template can reach, one row at a time.
    declared = ws.max_row or 0
    if declared > MAX_SHEET_ROWS:
        parsed.problem(
            None,
            "",
            _(
                "the sheet reaches row %(rows)s; a file holds at most %(n)s rows: delete the rows "
                "below your data or split the file"
            )
            % {"rows": declared, "n": MAX_ROWS},
        )
        return parsed
    rows = ws.iter_rows(max_row=MAX_SHEET_ROWS, max_col=MAX_COLUMNS)
    header = next(rows, None)
    if header is None:
        parsed.problem(None, "", _("the sheet is empty"))
        return parsed
    columns = _header(header, sheet, parsed)
    if parsed.problems:
        return parsed
    kept: list[tuple[int, dict[int, object]]] = []
    # Positions (sheet row, column), both from 1: a read-only sheet's empty cells know neither.
    formulas: set[tuple[int, int]] = set()
    for number, row in enumerate(rows, start=2):
        cells = {index: row[index] for index in columns if index < len(row)}
        formulas |= {
            (number, index + 1)
            for index, cell in cells.items()
            if getattr(cell, "data_type", None) == "f"
        }
        raw = {index: getattr(cell, "value", None) for index, cell in cells.items()}
        if all(_blank(v) for v in raw.values()):
            continue
        if len(kept) >= MAX_ROWS:
            parsed.problem(
                number, "", _("a file holds at most %(n)s rows; split it") % {"n": MAX_ROWS}
            )
            break
        kept.append((number, raw))
    computed = _computed(content, file_name, ws.title, formulas, parsed)
    for number, raw in kept:
        for index in raw:
            if (number, index + 1) in formulas:
                raw[index] = computed.get((number, index + 1))
        parsed.rows.append(_row(number, raw, columns, book, formulas))
    wb.close()
    for r in parsed.rows:
        for label, reason in r.cells:
            parsed.problem(r.row, label, reason)
    return parsed


def _header(cells: tuple[object, ...], sheet: Sheet, parsed: ParsedSheet) -> dict[int, Column]:
    by_label = {s: c for c in sheet.columns for s in _in_every_language(c.label)}
    columns: dict[int, Column] = {}
    for index, cell in enumerate(cells):
        value = getattr(cell, "value", None)
        column = by_label.get(str(value).strip().lower()) if value is not None else None
        if column is not None:
            columns[index] = column
    seen = {c.key for c in columns.values()}
    for column in sheet.columns:
        if column.required and column.key not in seen:
            parsed.problem(
                1,
                str(column.label),
                _("this column is missing from the header row; keep the template's header"),
            )
    return columns


def _computed(
    content: bytes,
    name: str,
    title: str,
    formulas: set[tuple[int, int]],
    parsed: ParsedSheet,
) -> dict[tuple[int, int], object]:
    """The values Excel saved with its formula cells; read only when the sheet has formulas."""
    if not formulas:
        return {}
    wb = _open(content, name, parsed, values=True)
    if wb is None:
        return {}
    last_row = max(r for r, _c in formulas)
    last_column = max(c for _r, c in formulas)
    values = {
        (number, index + 1): getattr(cell, "value", None)
        for number, row in enumerate(
            wb[title].iter_rows(max_row=last_row, max_col=last_column), start=1
        )
        for index, cell in enumerate(row)
        if (number, index + 1) in formulas
    }
    wb.close()
    return values


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row(
    number: int,
    raw: dict[int, object],
    columns: dict[int, Column],
    book: Book,
    formulas: set[tuple[int, int]],
) -> ParsedRow:
    parsed = ParsedRow(number, {})
    for index, column in columns.items():
        value = raw.get(index)
        label = str(column.label)
        if value is None and (number, index + 1) in formulas:
            parsed.cells.append(
                (
                    label,
                    _(
                        "the cell holds a formula saved without its value; nsatu never runs formulas: "
                        "type or paste the value"
                    ),
                )
            )
            continue
        result, reason = parse_cell(column, value, book)
        if reason:
            parsed.cells.append((label, reason))
        else:
            parsed.values[column.key] = result
    return parsed


def parse_cell(column: Column, value: object, book: Book) -> tuple[object, str]:
    """The cell's value as the service takes it, or why it cannot be (an empty reason when it can)."""
    if _blank(value):
        return None, _("this column must be filled") if column.required else ""
    if column.type == TEXT:
        return _text(column, value)
    if column.type == CHOICE:
        return _choice(column, value, book)
    if column.type == DATE:
        return _date(value)
    return _number(column, value)


def _text(column: Column, value: object) -> tuple[object, str]:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()[:10]
    text = str(value).strip()
    if "\x00" in text:
        return None, _("contains a NUL character, which the database cannot store")
    if column.max_length and len(text) > column.max_length:
        return None, _("%(n)s characters are more than the %(max)s this field stores") % {
            "n": len(text),
            "max": column.max_length,
        }
    return text, ""


def _choice(column: Column, value: object, book: Book) -> tuple[object, str]:
    text = str(int(value) if isinstance(value, float) and value.is_integer() else value)
    choices = book.get(column.choices)
    found = choices.find(text) if choices is not None else None
    if found is None and choices is not None and (match := PLEDGE_REF.match(text)):
        found = choices.find(f"#{match.group(1)}")
    if found is None:
        return None, _(
            "%(value)r is not among the values you may use here; choose one of the drop-down list"
        ) % {"value": text[:80]}
    return found, ""


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


def _date(value: object) -> tuple[object, str]:
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        for fmt in DATE_FORMATS:
            try:
                day = dt.datetime.strptime(value.strip(), fmt).date()
                break
            except ValueError:
                continue
    if day is None:
        return None, _("%(value)r is not a date") % {"value": str(value)[:40]}
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None, _("%(value)s is outside the years %(a)s to %(b)s") % {
            "value": day.isoformat(),
            "a": FIRST_YEAR,
            "b": LAST_YEAR,
        }
    return day, ""


def _number(column: Column, value: object) -> tuple[object, str]:
    number: Decimal | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # Excel keeps binary floats: 0.1 + 0.2 must read as 0.3, not 0.30000000000000004.
        number = Decimal(format(value, ".15g"))
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        # "1,500" is fifteen hundred in English and one and a half in Ukrainian: ask rather than guess.
        if ("," in text and "." in text) or AMBIGUOUS_GROUPS.fullmatch(text):
            return None, _(
                "%(value)s could be read two ways; type the number without thousands separators "
                "(e.g. 1500 or 1.5)"
            ) % {"value": text[:40]}
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        return None, _("%(value)r is not a number") % {"value": str(value)[:40]}
    if column.type == WHOLE and number != number.to_integral_value():
        return None, _("%(value)s is not a whole number") % {"value": number}
    if column.minimum is not None and number < column.minimum:
        return None, _("%(value)s is less than %(min)s") % {"value": number, "min": column.minimum}
    if column.maximum is not None and number > column.maximum:
        return None, _("%(value)s is more than %(max)s") % {"value": number, "max": column.maximum}
    if column.type == WHOLE:
        return int(number), ""
    assert column.type == NUMBER
    return number, ""
