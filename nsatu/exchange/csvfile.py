"""Strict CSV reading: UTF-8 only, every row as wide as the header, required columns present.

Rows keep their 1-based line number in the file (header = 1) so every record and every message can point
at the line a person would open in an editor.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from nsatu.exchange.errors import ImportFailed, Problem

MAX_INTEGER = 2**63 - 1
# As for input through the pages and the API (nsatu.core.inputs): date arithmetic past these overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def read_bytes(path: Path, label: str) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed([Problem(label, None, "", _("the file does not exist"))]) from None
    except IsADirectoryError:
        raise ImportFailed(
            [Problem(label, None, "", _("this is a directory, not a file"))]
        ) from None
    if not data.strip():
        raise ImportFailed([Problem(label, None, "", _("the file is empty"))])
    return data


def decode_utf8(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = _(
            "byte 0x%(byte)02X at byte offset %(offset)s is not UTF-8: the file is not UTF-8 encoded (perhaps "
            "Windows-1252/cp1252, as Excel and the SIPRI export write it). Re-save it as UTF-8 and import again."
        ) % {"byte": data[exc.start], "offset": exc.start}
        raise ImportFailed([Problem(label, line, "", reason)]) from None


@dataclass
class CsvRow:
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column].strip()


@dataclass
class CsvTable:
    file: str
    header: list[str]
    rows: list[CsvRow]
    problems: list[Problem] = field(default_factory=list)

    def problem(self, row: CsvRow | int | None, column: str, reason: str) -> None:
        line = row.line if isinstance(row, CsvRow) else row
        self.problems.append(Problem(self.file, line, column, reason))

    def raise_if_problems(self) -> None:
        if self.problems:
            raise ImportFailed(self.problems)

    def decimal(self, row: CsvRow, column: str, *, required: bool = True) -> Decimal | None:
        raw = row[column]
        if raw == "":
            if required:
                self.problem(row, column, _("the cell is empty; a number is needed"))
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.problem(row, column, _("%(value)r is not a number") % {"value": raw})
            return None
        if not value.is_finite():
            self.problem(row, column, _("%(value)r is not a finite number") % {"value": raw})
            return None
        return value

    def integer(
        self, row: CsvRow, column: str, *, required: bool = True, minimum: int | None = 0
    ) -> int | None:
        raw = row[column]
        if raw == "":
            if required:
                self.problem(row, column, _("the cell is empty; a whole number is needed"))
            return None
        # World Bank and scraped files write whole numbers as '1978.0'.
        match = re.fullmatch(r"(-?\d+)(?:\.0+)?", raw)
        if match is None:
            self.problem(row, column, _("%(value)r is not a whole number") % {"value": raw})
            return None
        digits = match.group(1).lstrip("-").lstrip("0")
        if len(digits) > len(str(MAX_INTEGER)) or int(match.group(1)) > MAX_INTEGER:
            self.problem(
                row, column, _("%(value)s is larger than any stored number") % {"value": raw[:40]}
            )
            return None
        value = int(match.group(1))
        if minimum is not None and value < minimum:
            self.problem(
                row, column, _("%(value)s is below %(min)s") % {"value": value, "min": minimum}
            )
            return None
        return value

    def date(self, row: CsvRow, column: str, *, required: bool = True) -> dt.date | None:
        """An ISO date (2024-06-04) within the years the system handles; anything else is a row/column problem,
        never a ValueError from the calendar (year 99999) or an overflow later (9999-12-31)."""
        raw = row[column]
        if raw == "":
            if required:
                self.problem(row, column, _("the cell is empty; a date (YYYY-MM-DD) is needed"))
            return None
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError:
            self.problem(
                row, column, _("%(value)r is not a date (YYYY-MM-DD)") % {"value": raw[:40]}
            )
            return None
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            self.problem(
                row,
                column,
                _("%(value)s is outside the years %(a)s to %(b)s")
                % {"value": raw, "a": FIRST_YEAR, "b": LAST_YEAR},
            )
            return None
        return value

    def boolean(self, row: CsvRow, column: str) -> bool | None:
        raw = row[column].lower()
        if raw in {"true", "1", "yes"}:
            return True
        if raw in {"false", "0", "no"}:
            return False
        self.problem(row, column, _("%(value)r is neither True nor False") % {"value": row[column]})
        return None

    def choice(
        self, row: CsvRow, column: str, allowed: Sequence[str], *, required: bool = True
    ) -> str | None:
        raw = row[column]
        if raw == "" and not required:
            return ""
        if raw not in allowed:
            self.problem(
                row,
                column,
                _("%(value)r is not one of: %(allowed)s")
                % {"value": raw, "allowed": ", ".join(a for a in allowed if a)},
            )
            return None
        return raw

    def url(self, row: CsvRow, column: str, *, required: bool = False) -> str:
        raw = row[column]
        if raw == "":
            if required:
                self.problem(row, column, _("the cell is empty; a web address is needed"))
            return ""
        try:
            _URL(raw)
        except ValidationError:
            self.problem(row, column, _("%(value)r is not a web address") % {"value": raw})
            return ""
        return raw


_URL = URLValidator(schemes=["http", "https"])


def _missing_column_reason(name: str, header: list[str]) -> str:
    close = difflib.get_close_matches(name, header, n=1, cutoff=0.6)
    if close:
        return _(
            "the column %(name)r is missing (renamed to %(close)r?); the header has: %(header)s"
        ) % {"name": name, "close": close[0], "header": ", ".join(header)}
    return _("the column %(name)r is missing; the header has: %(header)s") % {
        "name": name,
        "header": ", ".join(header),
    }


def read_csv(path: Path, *, label: str, required: Sequence[str]) -> CsvTable:
    """Read the whole file or raise ImportFailed naming every structural fault."""
    text = decode_utf8(read_bytes(path, label), label)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    rows: list[CsvRow] = []
    header: list[str] = []
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(
                Problem(
                    label,
                    start,
                    "",
                    _(
                        "malformed CSV (%(error)s): a quoted field is not closed — the file "
                        "looks truncated or a quote is "
                        "missing"
                    )
                    % {"error": exc},
                )
            )
            break
        if not values or all(v.strip() == "" for v in values):
            continue
        if not header:
            header = [v.strip() for v in values]
            continue
        if len(values) != len(header):
            if len(values) < len(header):
                column = header[len(values)]
                reason = _(
                    "the row has %(n)s fields but the header has %(h)s: it is cut short (truncated file?); "
                    "the first missing field is %(column)r"
                ) % {"n": len(values), "h": len(header), "column": column}
            else:
                column = ""
                reason = _(
                    "the row has %(n)s fields but the header has %(h)s (an unquoted comma?)"
                ) % {"n": len(values), "h": len(header)}
            problems.append(Problem(label, start, column, reason))
            continue
        # PostgreSQL refuses a NUL in any text; named here, where the row and column are still known.
        problems += [
            Problem(label, start, column, _("the cell contains a NUL character (\\x00)"))
            for column, value in zip(header, values, strict=True)
            if "\x00" in value
        ]
        rows.append(CsvRow(start, dict(zip(header, values, strict=True))))
    if not header:
        raise ImportFailed([Problem(label, None, "", _("the file is empty"))])
    missing = [
        Problem(label, 1, name, _missing_column_reason(name, header))
        for name in required
        if name not in header
    ]
    if missing:
        raise ImportFailed(missing)
    if problems:
        raise ImportFailed(problems)
    if not rows:
        raise ImportFailed([Problem(label, None, "", _("the file has a header but no data rows"))])
    return CsvTable(file=label, header=header, rows=rows)
