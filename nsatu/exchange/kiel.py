"""Kiel Institute Ukraine Support Tracker: aid per donor × month (data explorer) and heavy weapons per donor × category.

The data explorer gives EUR billions; stored amounts are that figure × 10⁹, computed from the cell's text as
a Decimal so that sums equal the file's own sums to the euro.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_EVEN, Decimal
from hashlib import blake2b
from pathlib import Path

from django.db.models import DecimalField
from django.utils.translation import gettext as _

from nsatu.core.models import Releasability
from nsatu.exchange.batch_values import Row
from nsatu.exchange.common import pledges_sync, ukraine
from nsatu.exchange.context import WIDE, ImportContext
from nsatu.exchange.csvfile import CsvCells, CsvRow, CsvStream, read_csv, stream_csv
from nsatu.exchange.kiel_sync import AidSync
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
NUMBERS = (*AMOUNTS, "gdp", "pct_gdp")
_TENS = [10**n for n in range(10)]
_INT64 = 2**63
# The ranges of ReportedAid.source_row and .year on every database; beyond, the general checks name the cell.
MAX_SOURCE_ROW = 2**31 - 1
MAX_YEAR = 2**15 - 1

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


def line_digests(prefix: str) -> Callable[[int, Iterable[str]], int]:
    """The digest of a source line: signed 64 bits of its cells and its line number (stored as `source_row`)
    after `prefix` (the reading's version, the dataset and the header, see `digest_prefix`): the same digest
    means the same values would be read and stored again. The prefix is hashed once, not once a line."""
    base = blake2b(prefix.encode(), digest_size=8)

    def digest(line: int, cells: Iterable[str]) -> int:
        hashed = base.copy()
        hashed.update(f"{line}\x1e{'\x1f'.join(cells)}".encode())
        return int.from_bytes(hashed.digest(), "big", signed=True)

    return digest


def digest_prefix(dataset_id: int) -> str:
    return f"{AID_DIGEST_VERSION}\x1e{dataset_id}\x1e"


def import_kiel_aid(ctx: ImportContext, path: Path) -> None:
    """Read the file row by row and write it batch by batch (AidSync): memory does not grow with the file.

    Each line's key (donor, year, month) is read at once and its amounts only when AidSync needs them: a
    line whose digest is the stored row's is unchanged, so an unchanged re-import parses no amount."""
    table = stream_csv(path, label=ctx.label, required=AID_COLUMNS)
    with table:
        reader = _AidReader(ctx, table)
        sink = AidSync(ctx, fields=AID_FIELDS, problems=table.problems, read=reader.values)
        reader.sink = sink
        at = {name: i for i, name in enumerate(table.header)}
        country, iso, year_at, month_at = (at[name] for name in ("country", "iso", "year", "month"))
        # The header is part of what a line means: a release that renames or reorders columns (the same
        # cells under other headings) reads every line again instead of skipping it as unchanged.
        digest = line_digests(digest_prefix(ctx.dataset.pk) + "\x1f".join(table.header) + "\x1e")
        donors: dict[tuple[str, str], int] = {}
        for line, cells in ctx.track(table.records(), "kiel-aid"):
            donor = donors.get((cells[country], cells[iso]))
            year, month = _YEARS.get(cells[year_at]), _MONTHS.get(cells[month_at])
            if donor is None or year is None or month is None:
                key = reader.key(line, cells, donors)
                if key is None:
                    continue
                donor, year, month = key
            sink.add_line(line, (donor, year, month), digest(line, cells), cells)
        sink.finish()
    # The amounts of a line are read after the keys of the lines behind it: name the problems in file order.
    table.problems.sort(key=lambda problem: problem.row or 0)
    table.raise_if_problems()
    if sink.changed:
        reported_aid_totals_rebuild(actor=None)
    ctx.outcome.rows_read = table.rows_read


class _AidReader:
    """A line's key and values as stored, each fault named by row and column (as `CsvCells` names them).

    The common line is read without building its values as a dict and checking them one by one: the
    amounts' stored form is computed here with the columns' own places and digits, and a line this cannot
    read plainly goes the general way (`BatchSync`'s checks), which names what is wrong with it."""

    def __init__(self, ctx: ImportContext, table: CsvStream) -> None:
        self.ctx, self.table, self.header = ctx, table, table.header
        self.sink: AidSync | None = None
        self.dataset_id: int = ctx.dataset.pk
        amount = ReportedAid._meta.get_field("total_eur")
        gdp = ReportedAid._meta.get_field("gdp_eur")
        assert isinstance(amount, DecimalField) and isinstance(gdp, DecimalField)
        self.step = Decimal(1).scaleb(-(amount.decimal_places or 0))
        self.whole = (amount.max_digits or 0) - (amount.decimal_places or 0)
        self.gdp_whole = (gdp.max_digits or 0) - (gdp.decimal_places or 0)
        at = {name: i for i, name in enumerate(self.header)}
        self.amount_at = [at[name] for name in AMOUNTS]
        self.gdp_at, self.pct_at = at["gdp"], at["pct_gdp"]

    def key(
        self, line: int, cells: list[str], donors: dict[tuple[str, str], int]
    ) -> tuple[int, int, int] | None:
        """The key of a line whose donor is new to this import or whose year or month is not plainly
        written; None when it cannot be read (its problems named, the amounts' too)."""
        table, row = self.table, CsvRow(line, dict(zip(self.header, cells, strict=True)))
        before = len(table.problems)
        names = (row.cells["country"], row.cells["iso"])
        donor = donors.get(names)
        if donor is None:
            code = _donor_code(table, row, name_column="country", code_column="iso")
            if code is not None:
                donor = donors[names] = self.ctx.parties.get(code).pk
        year = table.integer(row, "year", minimum=1990)
        month = table.integer(row, "month", minimum=1)
        if month is not None and month > 12:
            table.problem(row, "month", _("%(m)s is not a month (1-12)") % {"m": month})
        if len(table.problems) > before or donor is None or year is None or month is None:
            # The amounts too, so that every fault of the line is named.
            table.decimals(row, AMOUNTS)
            table.decimals(row, ("gdp", "pct_gdp"), required=False)
            return None
        return donor, year, month

    def values(
        self, line: int, key: tuple[int, int, int], digest: int, cells: list[str]
    ) -> Row | None:
        """The line's record in stored form (AidSync's columns), or None once its problems are named."""
        table, row = self.table, CsvRow(line, dict(zip(self.header, cells, strict=True)))
        before = len(table.problems)
        if cells[self.gdp_at] and cells[self.pct_at]:
            numbers = table.decimals(row, NUMBERS)
        else:
            numbers = [
                *table.decimals(row, AMOUNTS),
                *table.decimals(row, ("gdp", "pct_gdp"), required=False),
            ]
        if len(table.problems) > before:
            return None
        plain = self._plain(cells, numbers)
        if plain is not None and line <= MAX_SOURCE_ROW and key[1] <= MAX_YEAR:
            return (*key, *plain, self.dataset_id, line, digest)
        assert self.sink is not None
        return self.sink.checked(line, self._fields(key, numbers, line, digest))

    def _plain(self, cells: list[str], numbers: list[Decimal | None]) -> list[object] | None:
        """The amounts, GDP and share as stored, when each is within its column; None otherwise.

        An amount of at most nine decimals of a billion is a whole number of euros: it is computed from the
        cell's digits as an integer (exact, and the databases take an integer faster than a decimal)."""
        stored: list[object] = []
        for at, value in zip(self.amount_at, numbers, strict=False):
            whole, _dot, part = cells[at].partition(".")
            if len(part) <= 9 and len(whole) <= self.whole - 9 and (whole + part).isdecimal():
                stored.append(int(whole + part) * _TENS[9 - len(part)])
                continue
            if value is None:
                return None
            euros = (value * BILLION).quantize(self.step, ROUND_HALF_EVEN, WIDE)
            if euros.adjusted() >= self.whole:
                return None
            stored.append(euros)
        gdp, pct = numbers[len(AMOUNTS) :]
        if gdp is not None:
            # GDP is given to 10+ decimals of a billion; whole euros are exact on every database backend.
            gdp = (gdp * BILLION).quantize(EURO, context=WIDE)
            if gdp.adjusted() >= self.gdp_whole:
                return None
        share = float(pct) if pct is not None else None
        if share is not None and not math.isfinite(share):
            return None
        # Integers where SQLite takes them as such (its integers are 64-bit), decimals beyond.
        stored += (int(gdp) if gdp is not None and abs(gdp) < _INT64 else gdp, share)
        return stored

    def _fields(
        self,
        key: tuple[int, int, int],
        numbers: list[Decimal | None],
        line: int,
        digest: int,
    ) -> dict[str, object]:
        donor, year, month = key
        amounts, (gdp, pct) = numbers[: len(AMOUNTS)], numbers[len(AMOUNTS) :]
        return {
            **{
                f"{name}_eur": value * BILLION
                for name, value in zip(AMOUNTS, amounts, strict=True)
                if value is not None
            },
            "donor_id": donor,
            "year": year,
            "month": month,
            "gdp_eur": (gdp * BILLION).quantize(EURO, context=WIDE) if gdp is not None else None,
            "pct_gdp": float(pct) if pct is not None else None,
            "dataset_id": self.dataset_id,
            "source_row": line,
            "content_hash": digest,
        }


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
