"""Kiel Institute Ukraine Support Tracker: aid per donor × month (data explorer) and heavy weapons per donor × category.

The data explorer gives EUR billions; stored amounts are that figure × 10⁹, computed from the cell's text as
a Decimal so that sums equal the file's own sums to the euro.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from hashlib import blake2b
from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.core.models import Releasability
from nsatu.exchange.common import BatchSync, pledges_sync, ukraine
from nsatu.exchange.context import WIDE, ImportContext
from nsatu.exchange.csvfile import CsvCells, CsvRow, read_csv, stream_csv
from nsatu.parties.countries import is_country_code, party_code_for
from nsatu.pledges.aid_services import reported_aid_totals_rebuild
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus, ReportedAid, ReportedHeavyWeapons

AID_COLUMNS = (
    "country",
    "iso",
    "year",
    "month",
    "total",
    "financial",
    "humanitarian",
    "military",
    "commitments",
    "to_be_allocated",
    "gdp",
    "pct_gdp",
)
AMOUNTS = ("total", "financial", "humanitarian", "military", "commitments", "to_be_allocated")
# What an import sets on a stored row (besides its key: donor, year, month).
AID_FIELDS = (
    *(f"{name}_eur" for name in AMOUNTS),
    "gdp_eur",
    "pct_gdp",
    "dataset_id",
    "source_row",
    "content_hash",
)
# Bump when a line is read differently: the digests stored before then match no line, so all are read again.
AID_DIGEST_VERSION = "kiel-aid/1"
# The common spellings of a year and a month, read without the checks a cell needs otherwise.
_YEARS = {str(y): y for y in range(1990, 2200)}
_MONTHS = {**{str(m): m for m in range(1, 13)}, **{f"{m:02d}": m for m in range(1, 10)}}
BILLION = Decimal(10) ** 9
EURO = Decimal(1)

WEAPON_COLUMNS = ("donor", "category", "number_of_weapons", "monetary_value_eur", "weapons_list")
_ITEM = re.compile(r"^(?P<name>.*\S)\s*\((?P<n>\d+)\)$")


def _donor_code(
    table: CsvCells, row: CsvRow, *, name_column: str, code_column: str | None = None
) -> str | None:
    name = row[name_column]
    code = row[code_column].upper() if code_column else ""
    if code == "EU":
        return (
            "EU"  # Kiel's "EU (Commission and Council)": the EU institutions, not the member states
        )
    if code and is_country_code(code):
        return code
    resolved = party_code_for(name)
    if resolved is None:
        column = code_column or name_column
        table.problem(
            row,
            column,
            _(
                "unknown donor %(name)r%(code)s: not a country name or code this system "
                "knows; add it to nsatu/parties/countries.py if it is real"
            )
            % {"name": name, "code": f" ({code})" if code else ""},
        )
    return resolved


def line_digest(prefix: str, line: int, cells: Iterable[str]) -> int:
    """A signed 64-bit digest of a source line's cells and its line number (stored as `source_row`), after
    `prefix` (the reading's version and the dataset, see `digest_prefix`): the same digest means the same
    values would be read and stored again."""
    text = f"{prefix}{line}\x1e{'\x1f'.join(cells)}"
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def digest_prefix(dataset_id: int) -> str:
    return f"{AID_DIGEST_VERSION}\x1e{dataset_id}\x1e"


def import_kiel_aid(ctx: ImportContext, path: Path) -> None:
    """Read the file row by row and write it batch by batch (BatchSync): memory does not grow with the file.

    Each line's key (donor, year, month) is read at once and its amounts only when BatchSync needs them: a
    line whose digest is the stored row's is unchanged, so an unchanged re-import parses no amount."""
    dataset_id: int = ctx.dataset.pk
    with stream_csv(path, label=ctx.label, required=AID_COLUMNS) as table:
        sink = BatchSync(
            ctx,
            ReportedAid,
            key=("donor_id", "year", "month"),
            fields=AID_FIELDS,
            scope=ReportedAid.objects.all(),
            problems=table.problems,
            digest="content_hash",
        )
        donors: dict[tuple[str, str], int] = {}

        def amounts(
            row: CsvRow, key: tuple[int, int, int], digest: int
        ) -> dict[str, object] | None:
            before = len(table.problems)
            values = table.decimals(row, AMOUNTS)
            gdp, pct = table.decimals(row, ("gdp", "pct_gdp"), required=False)
            if len(table.problems) > before:
                return None
            donor, year, month = key
            return {
                **{
                    f"{name}_eur": value * BILLION
                    for name, value in zip(AMOUNTS, values, strict=True)
                    if value is not None
                },
                "donor_id": donor,
                "year": year,
                "month": month,
                # GDP is given to 10+ decimals of a billion; whole euros are exact on every database backend.
                "gdp_eur": (gdp * BILLION).quantize(EURO, context=WIDE)
                if gdp is not None
                else None,
                "pct_gdp": float(pct) if pct is not None else None,
                "dataset_id": dataset_id,
                "source_row": row.line,
                "content_hash": digest,
            }

        prefix = ""
        for row in ctx.track(table, "kiel-aid"):
            cells = row.cells
            if not prefix:
                # The header is part of what a line means: a release that renames or reorders columns (the same
                # cells under other headings) reads every line again instead of skipping it as unchanged.
                prefix = digest_prefix(dataset_id) + "\x1f".join(cells) + "\x1e"
            names = (cells["country"], cells["iso"])
            donor = donors.get(names)
            year, month = _YEARS.get(cells["year"]), _MONTHS.get(cells["month"])
            if donor is None or year is None or month is None:
                before = len(table.problems)
                if donor is None:
                    code = _donor_code(table, row, name_column="country", code_column="iso")
                    if code is not None:
                        donor = donors[names] = ctx.parties.get(code).pk
                year = table.integer(row, "year", minimum=1990)
                month = table.integer(row, "month", minimum=1)
                if month is not None and month > 12:
                    table.problem(row, "month", _("%(m)s is not a month (1-12)") % {"m": month})
                if len(table.problems) > before or donor is None or year is None or month is None:
                    # The amounts too, so that every fault of the line is named.
                    table.decimals(row, AMOUNTS)
                    table.decimals(row, ("gdp", "pct_gdp"), required=False)
                    continue
            key = (donor, year, month)
            digest = line_digest(prefix, row.line, cells.values())
            sink.add_digested(row.line, key, digest, partial(amounts, row, key, digest))
        sink.finish()
    # The amounts of a line are read after the keys of the lines behind it: name the problems in file order.
    table.problems.sort(key=lambda problem: problem.row or 0)
    table.raise_if_problems()
    if sink.changed:
        reported_aid_totals_rebuild(actor=None)
    ctx.outcome.rows_read = table.rows_read


def parse_weapons_list(text: str) -> list[tuple[str, int | None]]:
    """'M777 howitzer (6); Leopard-2A4 (8)' -> [('M777 howitzer', 6), ('Leopard-2A4', 8)]; unreadable: (text, None)."""
    items: list[tuple[str, int | None]] = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        match = _ITEM.match(part)
        items.append((match.group("name"), int(match.group("n"))) if match else (part, None))
    return items


def import_kiel_weapons(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=WEAPON_COLUMNS)
    parsed = []
    for row in ctx.track(table.rows, "kiel-weapons"):
        code = _donor_code(table, row, name_column="donor")
        category = row["category"]
        if not category:
            table.problem(row, "category", _("the category is empty"))
        number = table.integer(row, "number_of_weapons")
        value = table.decimal(row, "monetary_value_eur", required=False)
        parsed.append((row.line, code, category, number, value, row["weapons_list"]))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    recipient = ukraine(ctx)
    reported = []
    pledges: dict[tuple[int, str], Pledge] = {}
    for line, code, category, number, value, weapons in parsed:
        assert code is not None and number is not None
        donor = ctx.parties.get(code)
        reported.append(
            ReportedHeavyWeapons(
                donor=donor,
                category=category,
                number=number,
                value_eur=value,
                weapons_list=weapons,
                dataset=ctx.dataset,
                source_row=line,
            )
        )
        items = parse_weapons_list(weapons)
        counted = 0
        for name, n in items:
            if n is None:
                ctx.warn(
                    line,
                    "weapons_list",
                    _("cannot read %(item)r as 'name (number)'; kept without a quantity")
                    % {"item": name},
                )
            counted += n or 0
            existing = pledges.get((line, name))
            if existing is not None:
                ctx.warn(
                    line,
                    "weapons_list",
                    _("%(item)r is listed twice; the quantities are added") % {"item": name},
                )
                existing.quantity = (existing.quantity or 0) + (n or 0)
                continue
            item_type = ctx.items.get_or_create(
                name, category, dataset=ctx.dataset, source_row=line
            )
            pledges[(line, name)] = Pledge(
                donor=donor,
                recipient=recipient,
                kind=PledgeKind.IN_KIND,
                item_type=item_type,
                description=name[:500],
                quantity=n,
                status=PledgeStatus.COMMITTED,
                owner=donor,
                releasability=Releasability.PUBLIC,
                dataset=ctx.dataset,
                source_row=line,
                notes=_("Kiel heavy-weapons category: %(c)s") % {"c": category},
            )
        if counted != number:
            ctx.warn(
                line,
                "number_of_weapons",
                _("the items listed add up to %(sum)s but number_of_weapons is %(n)s (%(diff)+d)")
                % {"sum": counted, "n": number, "diff": counted - number},
            )
    ctx.sync(
        ReportedHeavyWeapons,
        existing=ReportedHeavyWeapons.objects.all(),
        new=reported,
        key=lambda r: (r.donor_id, r.category),
        fields=("number", "value_eur", "weapons_list", "dataset_id", "source_row"),
    )
    pledges_sync(ctx, list(pledges.values()), by_description=True)
