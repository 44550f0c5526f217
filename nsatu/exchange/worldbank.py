"""World Bank GDP, current US$ (NY.GDP.MKTP.CD), long form: Country Name, Country Code, Year, Value.

GDP is stored for the nations that are parties already (donors, allies, members imported before this file);
other countries are counted in one info note, and so are the aggregates (World, Euro area, income groups …),
recognised by a code that is not an ISO 3166 country in pycountry. Values are rounded to whole dollars: the
file prints binary floats to 17 digits, so cents are noise, and SQLite keeps whole numbers exactly where it
would round a 16-digit figure with cents (a re-import would then see a change that is not there).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import read_csv
from nsatu.parties.countries import is_country_code
from nsatu.parties.models import GdpFigure, PartyKind

COLUMNS = ("Country Name", "Country Code", "Year", "Value")
DOLLAR = Decimal(1)


def import_worldbank_gdp(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = []
    for row in ctx.track(table.rows, "worldbank-gdp"):
        code = row["Country Code"].upper()
        if not code:
            table.problem(row, "Country Code", _("the country code is empty"))
        year = table.integer(row, "Year", minimum=1900)
        value = table.decimal(row, "Value", required=False)
        if value is not None and value < 0:
            table.problem(row, "Value", _("GDP cannot be negative (%(v)s)") % {"v": value})
        parsed.append((row.line, code, row["Country Name"], year, value))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    aggregates: dict[str, str] = {}
    not_parties: dict[str, str] = {}
    empty = 0
    new = []
    for line, code, name, year, value in parsed:
        assert year is not None
        if not is_country_code(code):
            aggregates[code] = name
            continue
        party = ctx.parties.existing(code)
        if party is None or party.kind != PartyKind.NATION:
            not_parties[code] = name
            continue
        if value is None:
            empty += 1
            continue
        new.append(
            GdpFigure(
                party=party,
                year=year,
                usd=value.quantize(DOLLAR),
                dataset=ctx.dataset,
                source_row=line,
            )
        )
    if aggregates:
        ctx.info(
            None,
            "Country Code",
            _("%(n)s aggregates skipped (codes that are not ISO 3166 countries, e.g. %(ex)s)")
            % {
                "n": len(aggregates),
                "ex": ", ".join(f"{c} {n}" for c, n in list(aggregates.items())[:5]),
            },
        )
    if not_parties:
        ctx.info(
            None,
            "Country Code",
            _(
                "%(n)s countries skipped because they are not parties in this system yet (e.g. %(ex)s); import the "
                "donor and membership datasets first to have their GDP"
            )
            % {"n": len(not_parties), "ex": ", ".join(sorted(not_parties)[:8])},
        )
    if empty:
        ctx.info(None, "Value", _("%(n)s rows of parties without a value skipped") % {"n": empty})
    ctx.sync(
        GdpFigure,
        existing=GdpFigure.objects.all(),
        new=new,
        key=lambda g: (g.party_id, g.year),
        fields=("usd", "dataset_id", "source_row"),
    )
