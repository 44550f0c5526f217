"""data/reference/stated_requirements.csv -> illustrative requirements of the demo scenario.

They are public statements, not official requests: illustrative=True, status published, owner Ukraine,
public. Rules:
- quantity: the stated number; for a range ("600-700") the lower bound, said so in the description;
- rows whose unit is money (USD/EUR bn) or whose period is a ratio are not requirements for material and are
  skipped with an info issue;
- unit: the file's unit, with the period appended when it is a rate ("rounds per month");
- capability area from the text, first rule that matches (CAPABILITY_RULES);
- item type / ammunition family where the text names one (ITEM_HINTS, FAMILY_HINTS); for the planning
  scenario a generic statement ("main battle tanks") gets a representative type from the reference table
  (REPRESENTATIVE_ITEMS) whose substitutes stand in for it, and "artillery shells" the 155mm NATO family
  (the calibre the requests were about); statements the catalogue has no type for keep none;
- priority: within a capability area the newest statement gets 1, the next newest 2, … (at most 5): a newer
  statement supersedes an older one;
- needed by: the end of the stated year for totals, the end of the stated month for rates, the end of the
  named year for "per year (YYYY)";
- reference UA-SR-NN, NN = data row number (line - 1), so the same file gives the same references.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from django.db.models import Q
from django.utils.translation import gettext as _

from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType
from nsatu.core.models import Releasability
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
    (r"^howitzers$", "M777"),
    (r"^multiple launch rocket systems$", "M142 HIMARS"),
    (r"^main battle tanks$", "Leopard 2A4"),
    (r"^armoured vehicles$", "M113"),
    (r"^infantry fighting vehicles$", "Marder 1A3"),
    (r"^drones$", "Bayraktar TB2"),
    (r"^fighter aircraft to replace fleet$", "MiG-29"),
    (r"^fighter aircraft for full air fleet$", "Mirage 2000-5"),
]
MAX_PRIORITY = 5
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_QUANTITY = re.compile(r"^(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?$")


def _is_money(unit: str) -> bool:
    return bool(re.search(r"\b(?:usd|eur|gbp|bn|billion|million)\b", unit.casefold()))


def _date(table: CsvTable, row: CsvRow) -> tuple[int, int, int | None] | None:
    m = _DATE.match(row["date"])
    if m is None:
        table.problem(
            row, "date", _("%(v)r is not a date YYYY-MM-DD or a month YYYY-MM") % {"v": row["date"]}
        )
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        table.problem(row, "date", _("%(v)r is not a real date") % {"v": row["date"]})
        return None
    return year, month, day


def _needed_by(year: int, month: int, period: str) -> dt.date:
    named = re.search(r"\b(\d{4})\b", period)
    if named:
        return dt.date(int(named.group(1)), 12, 31)
    if period.startswith("per "):
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 12, 31)


def _area(text: str) -> str:
    folded = text.casefold()
    return next(
        (str(area) for pattern, area in CAPABILITY_RULES if re.search(pattern, folded)),
        str(CapabilityArea.OTHER),
    )


def import_requirements(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed: list[
        tuple[CsvRow, tuple[int, int, int | None] | None, Decimal | None, str | None, str]
    ] = []
    for row in ctx.track(table.rows, "requirements"):
        when = _date(table, row)
        url = table.url(row, "source_url")
        unit, period = row["unit"], row["period"]
        if _is_money(unit) or period.casefold() == "ratio":
            parsed.append((row, when, None, None, url))
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
        parsed.append((row, when, Decimal(m.group(1)), m.group(2), url))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    owner = ctx.parties.get(RECIPIENT)
    items = {
        i.name: i
        for i in ItemType.objects.filter(
            name__in=[n for _p, n in ITEM_HINTS + REPRESENTATIVE_ITEMS]
        )
    }
    families = {
        f.name: f for f in AmmunitionFamily.objects.filter(name__in=[n for _p, n in FAMILY_HINTS])
    }
    requirements: list[Requirement] = []
    for row, when, quantity, upper, url in parsed:
        assert when is not None
        text, unit, period = row["item_or_capability"], row["unit"], row["period"]
        if quantity is None:
            why = _("a sum of money") if _is_money(unit) else _("a ratio")
            ctx.info(
                row.line,
                "unit",
                _(
                    "not imported as a requirement: %(q)s %(u)s (%(p)s) is %(why)s, not a "
                    "quantity of material"
                )
                % {"q": row["quantity"], "u": unit, "p": period, "why": why},
            )
            continue
        year, month, _day = when
        parts = [
            _("Stated by %(who)s on %(on)s: %(q)s %(u)s (%(p)s).")
            % {
                "who": row["stated_by"],
                "on": row["date"],
                "q": row["quantity"],
                "u": unit,
                "p": period,
            }
        ]
        if upper is not None:
            parts.append(
                _("Stated as a range %(r)s; the lower bound is taken.") % {"r": row["quantity"]}
            )
        if row["notes"]:
            parts.append(row["notes"])
        item_type = family = None
        for pattern, name in ITEM_HINTS:
            if re.search(pattern, text.casefold()):
                item_type = items.get(name)
                if item_type is None:
                    ctx.info(
                        row.line,
                        "item_or_capability",
                        _(
                            "item type %(n)r is not in the catalogue (import "
                            "the equipment types first)"
                        )
                        % {"n": name},
                    )
        for pattern, name in REPRESENTATIVE_ITEMS:
            if item_type is None and re.search(pattern, text.casefold()):
                item_type = items.get(name)
        for pattern, name in FAMILY_HINTS:
            if family is None and item_type is None and re.search(pattern, text.casefold()):
                family = families.get(name)
                if family is None:
                    ctx.info(
                        row.line,
                        "item_or_capability",
                        _(
                            "ammunition family %(n)r is not in the catalogue "
                            "(import the equipment types first)"
                        )
                        % {"n": name},
                    )
        full_unit = unit if period in ("", "total") else f"{unit} {period}"
        requirements.append(
            Requirement(
                reference=f"UA-SR-{row.line - 1:02d}",
                title=(text[:1].upper() + text[1:])[:300],
                capability_area=_area(text),
                item_type=item_type,
                ammunition_family=family,
                description=" ".join(parts),
                quantity=quantity,
                unit=full_unit[:40],
                needed_by=_needed_by(year, month, period),
                status=RequirementStatus.PUBLISHED,
                stated_by=row["stated_by"][:300],
                stated_on=row["date"],
                illustrative=True,
                owner=owner,
                releasability=Releasability.PUBLIC,
                source_url=url,
                dataset=ctx.dataset,
                source_row=row.line,
            )
        )
    _prioritise(requirements)
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


def _prioritise(requirements: list[Requirement]) -> None:
    """Newest statement per capability area first (dense rank by statement date, capped at MAX_PRIORITY)."""
    by_area: dict[str, list[str]] = {}
    for r in requirements:
        by_area.setdefault(r.capability_area, [])
        if r.stated_on not in by_area[r.capability_area]:
            by_area[r.capability_area].append(r.stated_on)
    for dates in by_area.values():
        dates.sort(reverse=True)
    for r in requirements:
        r.priority = min(by_area[r.capability_area].index(r.stated_on) + 1, MAX_PRIORITY)
