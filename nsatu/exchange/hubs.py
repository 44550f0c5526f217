"""data/reference/logistics_hubs.csv -> logistics hubs and command sites.

Coordinates are kept only where the row states both; a row with one of the two is refused. The file states
no throughput, so `capacity_t_month` stays empty unless the file has a `capacity_t_month` column (an
operator's own copy may): a plan ignores hubs without a capacity rather than invent one. The country is
the ISO alpha-3 code of the site's host nation.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.core.models import Releasability
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv
from nsatu.logistics.models import Hub
from nsatu.parties.countries import is_country_code

COLUMNS = ("name", "country", "lat", "lon", "role", "source_url", "notes")
CAPACITY = "capacity_t_month"


def _coordinate(table: CsvTable, row: CsvRow, column: str, limit: int) -> float | None:
    value = table.decimal(row, column, required=False)
    if value is None:
        return None
    if not -limit <= value <= limit:
        table.problem(
            row, column, _("%(v)s is outside -%(l)s..%(l)s degrees") % {"v": value, "l": limit}
        )
        return None
    return float(value)


def import_hubs(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = []
    for row in ctx.track(table.rows, "hubs"):
        if not row["name"]:
            table.problem(row, "name", _("the name is empty"))
        country = row["country"].upper()
        if not is_country_code(country):
            table.problem(
                row, "country", _("%(c)r is not an ISO 3166-1 alpha-3 code") % {"c": row["country"]}
            )
        lat = _coordinate(table, row, "lat", 90)
        lon = _coordinate(table, row, "lon", 180)
        if (row["lat"] == "") != (row["lon"] == ""):
            table.problem(
                row,
                "lon" if row["lon"] == "" else "lat",
                _("a position needs both latitude and longitude"),
            )
        capacity = (
            table.decimal(row, CAPACITY, required=False) if CAPACITY in table.header else None
        )
        if capacity is not None and capacity <= 0:
            table.problem(
                row,
                CAPACITY,
                _("%(v)s is not a positive capacity in tonnes per month") % {"v": capacity},
            )
        url = table.url(row, "source_url")
        parsed.append((row, country, lat, lon, capacity, url))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    hubs = []
    for row, country, lat, lon, capacity, url in parsed:
        if lat is None:
            ctx.info(row.line, "lat", _("no coordinates stated for %(n)s") % {"n": row["name"]})
        hubs.append(
            Hub(
                name=row["name"][:300],
                country=ctx.parties.get(country),
                lat=lat,
                lon=lon,
                capacity_t_month=capacity,
                role=row["role"],
                notes=row["notes"],
                source_url=url,
                dataset=ctx.dataset,
                source_row=row.line,
                releasability=Releasability.PUBLIC,
            )
        )
    ctx.sync(
        Hub,
        existing=Hub.objects.filter(dataset=ctx.dataset),
        new=hubs,
        key=lambda h: h.name,
        fields=(
            "country_id",
            "lat",
            "lon",
            "capacity_t_month",
            "role",
            "notes",
            "source_url",
            "source_row",
            "releasability",
        ),
    )
