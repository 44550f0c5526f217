"""data/reference/stated_requirements.csv -> the illustrative requirements of today's planning.

The file lists public statements of need (2022 onwards), not official requests. Each statement is rolled
forward into an illustrative requirement as of the import day, keeping the statement itself (who, when,
what, the address) in `stated_by`, `stated_on`, `source_url` and the description. Rules, in order:

- unit kind and period from the `unit` and `period` columns: money ("USD bn", "EUR m") is *funds*, the
  quantity scaled to whole currency units and the unit set to the currency code; rounds, shells and
  missiles are *rounds*; anything else counted (systems, vehicles, aircraft, drones, units) is *items*.
  The period is `total`, `per day`, `per month`, `per year` or `per year (YYYY)`; a `ratio` row (so many
  interceptors per attacking drone) is no requirement: it is reported as a skipped row with the reason;
- quantity: the stated number; for a range ("600-700") the lower bound, said so in the description;
- series: statements about the same need (SERIES, with the unit kind) form a series; the latest statement
  of a series (by date, then by row) supersedes the earlier ones: it alone is published, the earlier ones
  are kept closed, with no needed-by date, naming the statement that superseded them;
- priority of a published requirement: its rank by statement date within its capability area (newest 1),
  plus one when the statement is more than three years old on the import day (a need stated long ago and
  not repeated is less pressing than one restated since), at most 5; a superseded statement keeps the
  priority of the one that replaced it;
- needed by, counted from the import day in whole months by priority (NEEDED_BY_MONTHS): priority 1 in 3
  to 6 months, 2 in 6 to 12, 3 in 12 to 18, 4 in 18 to 24, 5 in 24; the requirements of one priority are
  spread evenly over their band in order of capability area and reference. Every date is therefore after
  the import day and within the 24-month planning horizon; a rate counts up to that date
  (nsatu.engine.units);
- capability area from the text, first rule that matches (CAPABILITY_RULES);
- item type or ammunition family where the text names one (ITEM_HINTS, FAMILY_HINTS, the 155 mm family for
  artillery shells, the calibre the requests were about); a generic statement ("main battle tanks") gets a
  representative type from the reference table (REPRESENTATIVE_ITEMS) whose substitutes stand in for it;
  interceptor drones get the catalogue's "Interceptor drone" type, created when missing;
- reference UA-SR-NN, NN = data row number (line - 1), so the same file gives the same references.

The day an import ran decides the dates: re-importing the same file later is skipped by the demo (the file
is unchanged), so the scenario's dates stay those of the day it was built.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType
from nsatu.core.models import Releasability
from nsatu.engine.units import Period, UnitKind
from nsatu.exchange.common import RECIPIENT
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv
from nsatu.needs.models import Requirement, RequirementStatus

COLUMNS = (
    "date",
    "stated_by",
    "item_or_capability",
    "quantity",
    "unit",
    "period",
    "source_url",
    "notes",
)
CAPABILITY_RULES: list[tuple[str, str]] = [
    (r"drone", CapabilityArea.DRONES),
    (r"patriot|air defen|interceptor", CapabilityArea.AIR_DEFENCE),
    (r"f-16|fighter|aircraft", CapabilityArea.AIR_FORCE),
    (r"howitzer|shell|artillery|rocket", CapabilityArea.ARTILLERY),
    (r"tank|armoured|armored|infantry fighting", CapabilityArea.ARMOUR),
]
ITEM_HINTS = [(r"\bf-16\b", "F-16 (AM/BM, C/D)"), (r"\bpatriot\b", "Patriot (MIM-104)")]
FAMILY_HINTS = [(r"\b155\s?mm shells?\b", "155mm NATO"), (r"^artillery shells\b", "155mm NATO")]
# Illustrative: the whole statement, casefolded -> a representative item type of equipment_types.csv.
REPRESENTATIVE_ITEMS = [
    (r"^155\s?mm howitzers$", "PzH 2000"),
    # Most howitzers still to deliver are 155 mm self-propelled guns: PzH 2000 and its substitutes.
    (r"^howitzers$", "PzH 2000"),
    (r"^multiple launch rocket systems$", "M142 HIMARS"),
    (r"^main battle tanks$", "Leopard 2A4"),
    (r"^armoured vehicles$", "M113"),
    (r"^infantry fighting vehicles$", "Marder 1A3"),
    (r"^drones$", "Bayraktar TB2"),
    (r"^fighter aircraft to replace fleet$", "MiG-29"),
    (r"^fighter aircraft for full air fleet$", "Mirage 2000-5"),
]
# No register names interceptor drones: the catalogue gets one generic type for them.
INTERCEPTOR = (r"^interceptor drones", "Interceptor drone", "drone")
# Statements about the same need, whatever their wording: (pattern on the statement, series name).
SERIES = [
    (r"\bf-16\b|fighter", "fighter aircraft"),
    (r"\bpatriot\b", "Patriot systems"),
    (r"\btanks?\b", "main battle tanks"),
    (r"howitzer", "howitzers"),
    (r"artillery shells|\b155\s?mm shells?\b", "artillery shells"),
    (r"interceptor drone", "interceptor drones"),
    (r"defence spending", "defence spending"),
]
NEEDED_BY_MONTHS = {1: (3, 6), 2: (6, 12), 3: (12, 18), 4: (18, 24), 5: (24, 24)}
OLD_STATEMENT_YEARS = 3
MAX_PRIORITY = 5
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_QUANTITY = re.compile(r"^(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?$")
_CURRENCY = re.compile(r"\b(usd|eur|gbp)\b")
_SCALE = [(r"\b(?:bn|billion)\b", Decimal(10**9)), (r"\b(?:m|mn|million)\b", Decimal(10**6))]
_ROUNDS = re.compile(r"\b(?:rounds?|shells?|missiles?|munitions?)\b")
_PERIOD = re.compile(r"^(total|per day|per month|per year)(?:\s*\((\d{4})\))?$")


@dataclass(frozen=True)
class Units:
    kind: UnitKind
    period: Period
    unit: str
    scale: Decimal = Decimal(1)


def units_of(unit: str, period: str) -> Units | str:
    """What the row's quantity counts, or why it is no requirement (a ratio) or cannot be read."""
    folded_period = period.strip().casefold()
    if folded_period == "ratio":
        return _("a ratio (%(u)s), not a quantity to deliver") % {"u": unit}
    m = _PERIOD.match(folded_period)
    if m is None:
        return _(
            "%(p)r is not a period: use total, per day, per month, per year or per year (YYYY)"
        ) % {"p": period}
    kind_period = Period(m.group(1).removeprefix("per ")) if m.group(1) != "total" else Period.TOTAL
    folded = unit.strip().casefold()
    currency = _CURRENCY.search(folded)
    if currency is not None:
        scale = next((s for pattern, s in _SCALE if re.search(pattern, folded)), Decimal(1))
        return Units(UnitKind.FUNDS, kind_period, currency.group(1).upper(), scale)
    if not folded:
        return _("the unit is empty")
    kind = UnitKind.ROUNDS if _ROUNDS.search(folded) else UnitKind.ITEMS
    return Units(kind, kind_period, unit.strip()[:40])


def series_of(text: str, kind: UnitKind) -> tuple[str, str]:
    folded = text.casefold()
    name = next((s for pattern, s in SERIES if re.search(pattern, folded)), folded.strip())
    return name, kind.value


@dataclass(frozen=True)
class Statement:
    """One row read: what the rules above need to roll it forward."""

    line: int
    reference: str
    stated_on: dt.date  # the first of the month when the file names only the month
    capability_area: str
    series: tuple[str, str]


@dataclass(frozen=True)
class Rolled:
    reference: str
    priority: int
    needed_by: dt.date | None
    published: bool
    superseded_by: str = ""


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _years_before(day: dt.date, years: int) -> dt.date:
    return add_months(day, -12 * years)


def roll_forward(statements: list[Statement], *, today: dt.date) -> dict[str, Rolled]:
    """Supersession, priority and needed-by of each statement as of `today` (the rules of the module)."""
    latest: dict[tuple[str, str], Statement] = {}
    for s in sorted(statements, key=lambda s: (s.stated_on, s.line)):
        latest[s.series] = s
    current = sorted(latest.values(), key=lambda s: s.line)
    by_area: dict[str, list[dt.date]] = defaultdict(list)
    for s in current:
        if s.stated_on not in by_area[s.capability_area]:
            by_area[s.capability_area].append(s.stated_on)
    for dates in by_area.values():
        dates.sort(reverse=True)
    old = _years_before(today, OLD_STATEMENT_YEARS)
    priority = {
        s.reference: min(
            by_area[s.capability_area].index(s.stated_on) + 1 + (s.stated_on < old), MAX_PRIORITY
        )
        for s in current
    }
    rolled: dict[str, Rolled] = {}
    for level, (first, last) in NEEDED_BY_MONTHS.items():
        band = sorted(
            (s for s in current if priority[s.reference] == level),
            key=lambda s: (s.capability_area, s.reference),
        )
        for n, s in enumerate(band):
            months = first + ((last - first) * n) // max(len(band) - 1, 1)
            rolled[s.reference] = Rolled(s.reference, level, add_months(today, months), True)
    for s in statements:
        successor = latest[s.series]
        if successor.reference != s.reference:
            rolled[s.reference] = replace(
                rolled[successor.reference],
                reference=s.reference,
                needed_by=None,
                published=False,
                superseded_by=successor.reference,
            )
    return rolled


def _date(table: CsvTable, row: CsvRow) -> dt.date | None:
    m = _DATE.match(row["date"])
    if m is None:
        table.problem(
            row, "date", _("%(v)r is not a date YYYY-MM-DD or a month YYYY-MM") % {"v": row["date"]}
        )
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        table.problem(row, "date", _("%(v)r is not a real date") % {"v": row["date"]})
        return None


def _area(text: str) -> str:
    folded = text.casefold()
    return next(
        (str(area) for pattern, area in CAPABILITY_RULES if re.search(pattern, folded)),
        str(CapabilityArea.OTHER),
    )


@dataclass(frozen=True)
class _Parsed:
    row: CsvRow
    stated_on: dt.date
    units: Units
    quantity: Decimal
    upper: str | None
    url: str

    @property
    def reference(self) -> str:
        return f"UA-SR-{self.row.line - 1:02d}"


def _parse(ctx: ImportContext, table: CsvTable) -> list[_Parsed]:
    parsed: list[_Parsed] = []
    for row in ctx.track(table.rows, "requirements"):
        when = _date(table, row)
        url = table.url(row, "source_url")
        units = units_of(row["unit"], row["period"])
        if isinstance(units, str):
            if row["period"].strip().casefold() == "ratio":
                ctx.skip(row.line, "period", _("not a requirement: %(why)s") % {"why": units})
            else:
                table.problem(row, "period", units)
            continue
        m = _QUANTITY.match(row["quantity"].replace(",", ""))
        if m is None or Decimal(m.group(1)) <= 0:
            table.problem(
                row,
                "quantity",
                _("%(v)r is not a positive number or a range such as 600-700")
                % {"v": row["quantity"]},
            )
            continue
        if when is not None:
            quantity = Decimal(m.group(1)) * units.scale
            parsed.append(_Parsed(row, when, units, quantity, m.group(2), url))
    table.raise_if_problems()
    return parsed


def _description(p: _Parsed, rolled: Rolled) -> str:
    row = p.row
    parts = [
        _("Stated by %(who)s on %(on)s: %(q)s %(u)s (%(p)s).")
        % {
            "who": row["stated_by"],
            "on": row["date"],
            "q": row["quantity"],
            "u": row["unit"],
            "p": row["period"],
        }
    ]
    if p.upper is not None:
        parts.append(
            _("Stated as a range %(r)s; the lower bound is taken.") % {"r": row["quantity"]}
        )
    if rolled.published:
        parts.append(
            _(
                "Illustrative: rolled forward to a needed-by date of today's planning (priority %(p)s)."
            )
            % {"p": rolled.priority}
        )
    else:
        parts.append(
            _("Superseded by the later statement %(ref)s; kept as the record of this one.")
            % {"ref": rolled.superseded_by}
        )
    if row["notes"]:
        parts.append(row["notes"])
    return " ".join(parts)


class _Catalogue:
    """The item types and families the hints name, read once."""

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.items = {
            i.name: i
            for i in ItemType.objects.filter(
                name__in=[n for _p, n in ITEM_HINTS + REPRESENTATIVE_ITEMS]
            )
        }
        self.families = {
            f.name: f
            for f in AmmunitionFamily.objects.filter(name__in=[n for _p, n in FAMILY_HINTS])
        }

    def _missing(self, line: int, what: str, name: str) -> None:
        self.ctx.info(
            line,
            "item_or_capability",
            _("%(what)s %(n)r is not in the catalogue (import the equipment types first)")
            % {"what": what, "n": name},
        )

    def resolve(self, p: _Parsed) -> tuple[ItemType | None, AmmunitionFamily | None]:
        text = p.row["item_or_capability"].casefold()
        if p.units.kind == UnitKind.FUNDS:
            return None, None
        for pattern, name in ITEM_HINTS:
            if re.search(pattern, text):
                item = self.items.get(name)
                if item is None:
                    self._missing(p.row.line, _("item type"), name)
                return item, None
        for pattern, name in REPRESENTATIVE_ITEMS:
            if re.search(pattern, text):
                return self.items.get(name), None
        pattern, name, category = INTERCEPTOR
        if re.search(pattern, text):
            item = self.ctx.items.get_or_create(
                name, category, dataset=self.ctx.dataset, source_row=p.row.line, source_url=p.url
            )
            return item, None
        for pattern, name in FAMILY_HINTS:
            if re.search(pattern, text):
                family = self.families.get(name)
                if family is None:
                    self._missing(p.row.line, _("ammunition family"), name)
                return None, family
        return None, None


def import_requirements(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = _parse(ctx, table)
    ctx.outcome.rows_read = len(table.rows)
    today = timezone.localdate()
    rolled = roll_forward(
        [
            Statement(
                p.row.line,
                p.reference,
                p.stated_on,
                _area(p.row["item_or_capability"]),
                series_of(p.row["item_or_capability"], p.units.kind),
            )
            for p in parsed
        ],
        today=today,
    )
    owner = ctx.parties.get(RECIPIENT)
    catalogue = _Catalogue(ctx)
    requirements: list[Requirement] = []
    for p in parsed:
        text, plan = p.row["item_or_capability"], rolled[p.reference]
        item_type, family = catalogue.resolve(p)
        requirements.append(
            Requirement(
                reference=p.reference,
                title=(text[:1].upper() + text[1:])[:300],
                capability_area=_area(text),
                item_type=item_type,
                ammunition_family=family,
                description=_description(p, plan),
                quantity=p.quantity,
                unit=p.units.unit,
                unit_kind=p.units.kind.value,
                period=p.units.period.value,
                priority=plan.priority,
                needed_by=plan.needed_by,
                status=RequirementStatus.PUBLISHED if plan.published else RequirementStatus.CLOSED,
                stated_by=p.row["stated_by"][:300],
                stated_on=p.row["date"],
                illustrative=True,
                owner=owner,
                releasability=Releasability.PUBLIC,
                source_url=p.url,
                dataset=ctx.dataset,
                source_row=p.row.line,
            )
        )
    ctx.sync(
        Requirement,
        existing=Requirement.objects.filter(
            Q(dataset=ctx.dataset) | Q(reference__in=[r.reference for r in requirements])
        ),
        new=requirements,
        key=lambda r: r.reference,
        fields=(
            "title",
            "capability_area",
            "item_type_id",
            "ammunition_family_id",
            "description",
            "quantity",
            "unit",
            "unit_kind",
            "period",
            "priority",
            "needed_by",
            "status",
            "stated_by",
            "stated_on",
            "illustrative",
            "owner_id",
            "releasability",
            "source_url",
            "dataset_id",
            "source_row",
        ),
    )
