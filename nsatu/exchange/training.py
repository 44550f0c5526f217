"""data/reference/ukraine_training_abroad_milestones_sourced.csv -> reported training totals.

Each row is one total a programme published (cumulative personnel trained, or a target), kept exactly as
reported with every source address of the row; nothing is summed across programmes, whose counts overlap.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv
from nsatu.training.models import ReportedMeasure, ReportedTraining

URL = URLValidator(schemes=["http", "https"])
COLUMNS = ("programme", "reported_date", "measure", "personnel", "note", "source_urls")


def _date(table: CsvTable, row: CsvRow, column: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(row[column])
    except ValueError:
        table.problem(row, column, _("%(v)r is not a date YYYY-MM-DD") % {"v": row[column]})
        return None


def _urls(table: CsvTable, row: CsvRow, column: str) -> list[str]:
    urls = [u.strip() for u in row[column].split(" ; ") if u.strip()]
    if not urls:
        table.problem(row, column, _("the cell is empty; at least one source address is needed"))
    for url in urls:
        try:
            URL(url)
        except ValidationError:
            table.problem(
                row,
                column,
                _("%(v)r is not a web address (separate several with ' ; ')") % {"v": url},
            )
    return urls


def import_training_milestones(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = []
    for row in ctx.track(table.rows, "training milestones"):
        if not row["programme"]:
            table.problem(row, "programme", _("the programme is empty"))
        reported = _date(table, row, "reported_date")
        measure = table.choice(row, "measure", ReportedMeasure.values)
        personnel = table.integer(row, "personnel")
        urls = _urls(table, row, "source_urls")
        parsed.append((row, reported, measure, personnel, urls))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)
    records = []
    for row, reported, measure, personnel, urls in parsed:
        assert (
            reported is not None and measure is not None and personnel is not None
        )  # problems were raised
        records.append(
            ReportedTraining(
                programme=row["programme"][:200],
                reported_date=reported,
                measure=measure,
                personnel=personnel,
                note=row["note"],
                source_urls=urls,
                dataset=ctx.dataset,
                source_row=row.line,
            )
        )
    ctx.sync(
        ReportedTraining,
        existing=ReportedTraining.objects.filter(dataset=ctx.dataset),
        new=records,
        key=lambda r: (r.programme, r.reported_date, r.measure),
        fields=("personnel", "note", "source_urls", "source_row"),
    )
