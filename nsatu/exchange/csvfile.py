"""Strict CSV reading: UTF-8 only, every row as wide as the header, required columns present.

Rows keep their 1-based line number in the file (header = 1) so every record and every message can point
at the line a person would open in an editor.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import hashlib
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import TracebackType
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from nsatu.exchange.errors import ImportFailed, Problem

MAX_INTEGER = 2**63 - 1
# As for input through the pages and the API (nsatu.core.inputs): date arithmetic past these overflows.
FIRST_YEAR, LAST_YEAR = 1900, 2199
# Files are read and hashed in pieces of this size: memory stays the same whatever the file's size.
CHUNK_BYTES = 1 << 20


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
        raise _not_utf8(label, byte=data[exc.start], offset=exc.start, line=line) from None


def _not_utf8(label: str, *, byte: int, offset: int, line: int) -> ImportFailed:
    reason = _(
        "byte 0x%(byte)02X at byte offset %(offset)s is not UTF-8: the file is not UTF-8 encoded (perhaps "
        "Windows-1252/cp1252, as Excel and the SIPRI export write it). Re-save it as UTF-8 and import again."
    ) % {"byte": byte, "offset": offset}
    return ImportFailed([Problem(label, line, "", reason)])


def _open_bytes(path: Path, label: str) -> IO[bytes]:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise ImportFailed([Problem(label, None, "", _("the file does not exist"))]) from None
    except IsADirectoryError:
        raise ImportFailed(
            [Problem(label, None, "", _("this is a directory, not a file"))]
        ) from None


def file_digest(path: Path, label: str) -> str:
    """SHA-256 of the file, read piece by piece; refuses a missing or empty file as `read_bytes` does."""
    digest = hashlib.sha256()
    blank = True
    with _open_bytes(path, label) as f:
        for chunk in iter(lambda: f.read(CHUNK_BYTES), b""):
            digest.update(chunk)
            blank = blank and not chunk.strip()
    if blank:
        raise ImportFailed([Problem(label, None, "", _("the file is empty"))])
    return digest.hexdigest()


def _first_non_utf8(path: Path, label: str) -> ImportFailed:
    """Where a file stops being UTF-8, found piece by piece: the same message as `decode_utf8` gives."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = lines = 0
    data = b""
    with _open_bytes(path, label) as f:
        if f.read(3) == codecs.BOM_UTF8:
            offset = 3
        else:
            f.seek(0)
        for chunk in iter(lambda: f.read(CHUNK_BYTES), b""):
            # The decoder reads the few bytes it kept from the last piece (a split character) before this one.
            data = decoder.getstate()[0] + chunk
            start = offset - (len(data) - len(chunk))
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = lines + data[: exc.start].count(b"\n") + 1
                return _not_utf8(label, byte=data[exc.start], offset=start + exc.start, line=line)
            offset += len(chunk)
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _not_utf8(label, byte=data[-1], offset=offset - 1, line=lines + 1)
    return ImportFailed([Problem(label, None, "", _("the file is not UTF-8 encoded"))])


@dataclass
class CsvRow:
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column].strip()


class CsvCells:
    """Typed values read from the cells of a row; every fault is kept as a problem naming its row and column."""

    file: str
    problems: list[Problem]

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

    def decimals(
        self, row: CsvRow, columns: Sequence[str], *, required: bool = True
    ) -> list[Decimal | None]:
        """`decimal` of several cells of one row, the common case (all plain numbers) answered first."""
        cells = row.cells
        try:
            values = [Decimal(cells[column]) for column in columns]
        except InvalidOperation:
            pass
        else:
            if all(value.is_finite() for value in values):
                return list(values)
        return [self.decimal(row, column, required=required) for column in columns]

    def integer(
        self, row: CsvRow, column: str, *, required: bool = True, minimum: int | None = 0
    ) -> int | None:
        raw = row[column]
        if raw.isascii() and raw.isdigit() and len(raw) < 19:
            # The common case, answered without the pattern below: plain digits, within any stored range.
            value = int(raw)
            if minimum is None or value >= minimum:
                return value
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


@dataclass
class CsvTable(CsvCells):
    file: str
    header: list[str]
    rows: list[CsvRow]
    problems: list[Problem] = field(default_factory=list)


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


class CsvStream(CsvCells):
    """A CSV file read one row at a time, so that memory does not grow with the file.

    The header is read and checked on opening (missing columns refuse the file at once); a row that is
    malformed (wrong width, a NUL character) becomes a problem and is not yielded; a byte that is not UTF-8
    refuses the file where it is found. Use it in a `with` block: the file is closed at its end.
    """

    def __init__(self, path: Path, *, label: str, required: Sequence[str]) -> None:
        self.file = label
        self.problems = []
        self.rows_read = 0
        self._path = path
        self._raw = _open_bytes(path, label)
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8-sig", newline="")
        self._reader = csv.reader(self._text, strict=True)
        self._done = False
        try:
            self.header = self._read_header(required)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> CsvStream:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._text.close()

    def _next(self) -> tuple[int, list[str]] | None:
        """The next non-blank record and the line it starts on; None at the end (or after a broken quote)."""
        while not self._done:
            start = self._reader.line_num + 1
            try:
                values = next(self._reader)
            except StopIteration:
                self._done = True
            except UnicodeDecodeError:
                raise _first_non_utf8(self._path, self.file) from None
            except csv.Error as exc:
                self.problem(
                    start,
                    "",
                    _(
                        "malformed CSV (%(error)s): a quoted field is not closed — the file "
                        "looks truncated or a quote is "
                        "missing"
                    )
                    % {"error": exc},
                )
                self._done = True
            else:
                if values and "".join(values).strip():
                    return start, values
        return None

    def _read_header(self, required: Sequence[str]) -> list[str]:
        first = self._next()
        if first is None:
            raise ImportFailed(
                self.problems or [Problem(self.file, None, "", _("the file is empty"))]
            )
        header = [v.strip() for v in first[1]]
        missing = [
            Problem(self.file, 1, name, _missing_column_reason(name, header))
            for name in required
            if name not in header
        ]
        if missing:
            raise ImportFailed(missing)
        return header

    def __iter__(self) -> Iterator[CsvRow]:
        header = self.header
        for start, values in self.records():
            yield CsvRow(start, dict(zip(header, values, strict=True)))

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """The well-formed rows as (line, cells in header order), each fault of the others named: for a reader
        of a million rows, for whom a dict per row costs more than the parse."""
        header, width = self.header, len(self.header)
        while (record := self._next()) is not None:
            start, values = record
            if len(values) != width:
                self._wrong_width(start, len(values))
                continue
            if "\x00" in "".join(values):
                # PostgreSQL refuses a NUL in any text; named here, where the row and column are still known.
                for column, value in zip(header, values, strict=True):
                    if "\x00" in value:
                        self.problem(start, column, _("the cell contains a NUL character (\\x00)"))
                continue
            self.rows_read += 1
            yield start, values
        if not self.rows_read and not self.problems:
            self.problem(None, "", _("the file has a header but no data rows"))

    def _wrong_width(self, start: int, n: int) -> None:
        width = len(self.header)
        if n < width:
            self.problem(
                start,
                self.header[n],
                _(
                    "the row has %(n)s fields but the header has %(h)s: it is cut short (truncated file?); "
                    "the first missing field is %(column)r"
                )
                % {"n": n, "h": width, "column": self.header[n]},
            )
        else:
            self.problem(
                start,
                "",
                _("the row has %(n)s fields but the header has %(h)s (an unquoted comma?)")
                % {"n": n, "h": width},
            )


def stream_csv(path: Path, *, label: str, required: Sequence[str]) -> CsvStream:
    """Open the file for reading row by row (see CsvStream); raises ImportFailed if its header is unusable."""
    return CsvStream(path, label=label, required=required)


def read_csv(path: Path, *, label: str, required: Sequence[str]) -> CsvTable:
    """Read the whole file or raise ImportFailed naming every structural fault."""
    with stream_csv(path, label=label, required=required) as stream:
        rows = list(stream)
    stream.raise_if_problems()
    return CsvTable(file=label, header=stream.header, rows=rows)
