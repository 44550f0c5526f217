"""data/reference/logistics_hubs.csv -> logistics hubs and command sites.

Coordinates are kept only where the row states both; a row with one of the two is refused. The country is
the ISO alpha-3 code of the site's host nation.

Capacity: a `capacity_t_month` column (an operator's own copy may have one) is taken as stated. The
reference file states none; a plan ignores hubs without a capacity, so the two NSATU logistics hubs get an
*illustrative* capacity instead, marked as such in their notes: NSATU's published throughput of about
THROUGHPUT_T_MONTH tonnes a month through its hubs in Poland and Romania (THROUGHPUT_SOURCES: Aug and Nov
2025 statements of NSATU's deputy commander; about 220,000 t in 2025, i.e. some 18,300 t a month), split
80 / 20 between the Polish hub (Rzeszów-Jasionka) and the Romanian node (LEN-R) by the lower bound of the
80-95 % share of aid the reference file's Rzeszów row reports routed through that hub. Every other hub
stays without a capacity: nothing else is invented.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.core.models import Releasability
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv
from nsatu.logistics.models import Hub
from nsatu.parties.countries import is_country_code

COLUMNS = ("name", "country", "lat", "lon", "role", "source_url", "notes")
CAPACITY = "capacity_t_month"
THROUGHPUT_T_MONTH = Decimal(18000)
THROUGHPUT_SOURCES = (
    "https://thegaze.media/news/nsatu-marks-60000-successful-military-shipments-to-ukraine-since-march",
    "https://www.ukrinform.net/amp/rubric-ato/4064321-delivery-of-defense-materials-to-ukraine-continues-"
    "uninterrupted-nsatu-deputy-commander.html",
    "https://sud.ua/ru/news/abroad/349000-s-yanvarya-2026-goda-v-rumynii-zarabotaet-vtoroy-tsentr-"
    "tranzita-voennoy-pomoschi-dlya-ukrainy",
)
# (the hub's name starts with, its share of the published throughput)
ILLUSTRATIVE_SPLIT = (
    ("Rzeszow-Jasionka", Decimal("0.8")),
    ("Logistic Enabling Node - Romania", Decimal("0.2")),
)


def illustrative_capacity(name: str) -> tuple[Decimal, str] | None:
    """The illustrative capacity of an NSATU hub the file states none for, and the note that says so."""
    share = next((s for prefix, s in ILLUSTRATIVE_SPLIT if name.startswith(prefix)), None)
    if share is None:
        return None
    tonnes = (THROUGHPUT_T_MONTH * share).quantize(Decimal(1))
    note = _(
        "Illustrative capacity, not a stated one: %(t)s t per month = %(pct)s %% of NSATU's published "
        "throughput of about %(total)s t a month through its Polish and Romanian hubs (%(sources)s); "
        "split 80/20 by the lower bound of the 80-95 %% share of aid reported routed via Rzeszów."
    ) % {
        "t": f"{tonnes:,}",
        "pct": f"{share * 100:.0f}",
        "total": f"{THROUGHPUT_T_MONTH:,}",
        "sources": "; ".join(THROUGHPUT_SOURCES),
    }
    return tonnes, note


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
    for row, country, lat, lon, stated, url in parsed:
        if lat is None:
            ctx.info(row.line, "lat", _("no coordinates stated for %(n)s") % {"n": row["name"]})
        capacity, notes = stated, row["notes"]
        illustrative = illustrative_capacity(row["name"]) if stated is None else None
        if illustrative is not None:
            capacity, note = illustrative
            notes = f"{notes} {note}".strip()
            ctx.info(row.line, CAPACITY, note)
        hubs.append(
            Hub(
                name=row["name"][:300],
                country=ctx.parties.get(country),
                lat=lat,
                lon=lon,
                capacity_t_month=capacity,
                role=row["role"],
                notes=notes,
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
