"""NATO "Defence Expenditure of NATO Countries (2014-2024)", TABLE3: defence expenditure as a share of real GDP.

Only the first block of the sheet ("Share of real GDP (%)") is read; the second ("Annual real change (%)")
is not a share of GDP. Years come from the header row; a year is an estimate when its header carries an 'e'
('2023e') or the sheet's notes say so ("Figures for 2023 and 2024 are estimates"). Aggregate rows (NATO
Europe and Canada, NATO Total) are not parties and are skipped with an info note. The workbook's floats are
stored unrounded.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from nsatu.exchange.archive import check_xlsx_archive
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import read_bytes
from nsatu.exchange.errors import ImportFailed, Problem
from nsatu.parties.countries import party_code_for
from nsatu.parties.models import DefenceSpending

SHEET = "TABLE3"
AGGREGATES = {"nato europe and canada", "nato total", "nato europe"}
_YEAR = re.compile(r"^(\d{4})(e?)$")
_SECTION_START = "share of real gdp"
_SECTION_END = "annual real change"


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def import_nato_defence(ctx: ImportContext, path: Path) -> None:
    label = ctx.label
    read_bytes(path, label)  # empty/missing file -> a clear message before openpyxl's own
    check_xlsx_archive(path, label)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ImportFailed(
            [
                Problem(
                    label, None, "", _("not a readable Excel .xlsx workbook (%(e)s)") % {"e": exc}
                )
            ]
        ) from None
    if SHEET not in workbook.sheetnames:
        raise ImportFailed(
            [
                Problem(
                    label,
                    None,
                    "",
                    _("the workbook has no sheet %(s)s (sheets: %(all)s)")
                    % {"s": SHEET, "all": ", ".join(workbook.sheetnames)},
                )
            ]
        )
    rows = [list(r) for r in workbook[SHEET].iter_rows(min_row=1, values_only=True)]
    workbook.close()
    problems: list[Problem] = []

    def problem(row: int | None, column: str, reason: str) -> None:
        problems.append(Problem(f"{label} [{SHEET}]", row, column, reason))

    # The header row is the first with at least five year cells.
    years: dict[int, tuple[int, bool]] = {}  # column index -> (year, estimate)
    header_row = None
    for r, values in enumerate(rows, start=1):
        found = {c: _YEAR.match(_text(v)) for c, v in enumerate(values)}
        hits = {c: (int(m.group(1)), bool(m.group(2))) for c, m in found.items() if m}
        if len(hits) >= 5:
            years, header_row = hits, r
            break
    if header_row is None:
        raise ImportFailed(
            [
                Problem(
                    f"{label} [{SHEET}]",
                    None,
                    "",
                    _(
                        "no header row with years (2014, 2015, … '2024e') found; is this the NATO expenditure workbook?"
                    ),
                )
            ]
        )
    noted: set[int] = set()
    for values in rows:
        for v in values:
            m = re.search(r"Figures for ((?:\d{4}(?:,\s*| and )?)+) are estimates", _text(v))
            if m:
                noted |= {int(y) for y in re.findall(r"\d{4}", m.group(1))}
    years = {c: (y, est or y in noted) for c, (y, est) in years.items()}

    in_section = False
    parsed = []
    for r, values in enumerate(rows[header_row:], start=header_row + 1):
        texts = [_text(v) for v in values]
        joined = " ".join(t for t in texts if t).casefold()
        if joined.startswith(_SECTION_START):
            in_section = True
            continue
        if joined.startswith(_SECTION_END):
            break
        if not in_section:
            continue
        first_year_col = min(years)
        name = next((t for t in texts[:first_year_col] if t), "")
        if not name:
            continue
        if name.strip("* ").casefold() in AGGREGATES:
            ctx.info(r, "", _("aggregate row %(n)r skipped: not a party") % {"n": name})
            continue
        code = party_code_for(name)
        if code is None:
            problem(
                r,
                get_column_letter(texts.index(name) + 1),
                _("unknown country %(n)r: add it to nsatu/parties/countries.py if it is an ally")
                % {"n": name},
            )
            continue
        for c, (year, estimate) in sorted(years.items()):
            value = values[c] if c < len(values) else None
            column = f"{get_column_letter(c + 1)} ({_text(rows[header_row - 1][c])})"
            if isinstance(value, bool) or not isinstance(value, int | float):
                what = (
                    _("the cell is empty") if value is None or _text(value) == "" else repr(value)
                )
                problem(
                    r,
                    column,
                    _("%(v)s is not a number (%(country)s, %(year)s)")
                    % {"v": what, "country": name, "year": year},
                )
                continue
            parsed.append((r, get_column_letter(c + 1), code, year, float(value), estimate))
    if not parsed and not problems:
        problem(None, "", _("no country rows found under 'Share of real GDP (%)'"))
    if problems:
        raise ImportFailed(problems)
    ctx.outcome.rows_read = len({p[0] for p in parsed})

    new = [
        DefenceSpending(
            party=ctx.parties.get(code),
            year=year,
            pct_gdp=pct,
            is_estimate=estimate,
            dataset=ctx.dataset,
            source_row=r,
            source_column=col,
        )
        for r, col, code, year, pct, estimate in parsed
    ]
    ctx.sync(
        DefenceSpending,
        existing=DefenceSpending.objects.all(),
        new=new,
        key=lambda d: (d.party_id, d.year),
        fields=("pct_gdp", "is_estimate", "dataset_id", "source_row", "source_column"),
    )
