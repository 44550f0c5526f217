"""data/nsatu/item_values.csv -> each item type's reference unit value (EUR) and unit mass (t), with sources.

A compiled table, one row per item type a source gives a figure for: `item_type` (the catalogue's name: the
reference table's, or the one the Kiel, SIPRI or Oryx import gave it; an alias finds it too), `unit_value_eur`,
`value_basis`, `value_source`, `unit_mass_t`, `mass_basis`, `mass_source`, `notes`.

Value bases: "kiel: value / count" (one Kiel weapons row names exactly this type: monetary_value_eur divided by
number_of_weapons), "kiel: median of value / count" (several donors' rows name it alone: the median of their
per-unit values), and "public unit cost" (a published price, with its address). A Kiel-derived value names the
rows it used as `kiel/ust_r29_weapons.csv lines 2, 5` (line numbers of that file, header = line 1). A mass is a
published weight: `mass_basis` says which (combat, empty, maximum take-off) and `mass_source` is the page.

An empty cell is a gap and stays one: never 0. A name the catalogue does not know, a figure without its source,
a source without its figure and a figure of 0 are problems of their row: the file is refused, nothing written.

The file governs the item types it names: their four fields become the row's cells (an empty cell clears a
figure), and the import notes each figure it replaces or clears that came from elsewhere. Item types the file
does not name are left alone. Writes go through the catalogue's service, one audit event per item type changed;
an unchanged item type writes nothing, so a re-import reports 0 changed. Run it after the equipment, Kiel, SIPRI
and Oryx imports: they create the item types it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import models
from django.utils.translation import gettext as _

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.services import ReferenceFigures, item_type_reference_figures_set
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import CsvRow, CsvTable, read_csv

COLUMNS = (
    "item_type",
    "unit_value_eur",
    "value_basis",
    "value_source",
    "unit_mass_t",
    "mass_basis",
    "mass_source",
    "notes",
)
KIEL_SINGLE = "kiel: value / count"
KIEL_MEDIAN = "kiel: median of value / count"
PUBLIC_COST = "public unit cost"
VALUE_BASES = (KIEL_SINGLE, KIEL_MEDIAN, PUBLIC_COST)
KIEL_FILE = "kiel/ust_r29_weapons.csv"
# The Kiel rows a derived value used: "kiel/ust_r29_weapons.csv lines 2, 5".
KIEL_SOURCE = re.compile(r"^kiel/ust_r29_weapons\.csv lines? (\d+(?:, \d+)*)$")
VALUE_PLACES, MASS_PLACES = 2, 3  # the catalogue stores cents and kilograms


def kiel_lines(source: str) -> list[int]:
    """The Kiel weapons file's line numbers a value source names; [] when it names none."""
    match = KIEL_SOURCE.match(source)
    return [int(n) for n in match.group(1).split(", ")] if match else []


@dataclass(frozen=True)
class _Row:
    line: int
    item: ItemType
    figures: ReferenceFigures


def _whole_digits(name: str) -> int:
    field = ItemType._meta.get_field(name)
    assert isinstance(field, models.DecimalField)
    return (field.max_digits or 0) - (field.decimal_places or 0)


def _figure(table: CsvTable, row: CsvRow, column: str, places: int) -> Decimal | None:
    value = table.decimal(row, column, required=False)
    if value is None:
        return None
    if value <= 0:
        table.problem(
            row,
            column,
            _("%(v)s is not above 0; leave the cell empty when no source gives it") % {"v": value},
        )
        return None
    if value.adjusted() >= _whole_digits(column):
        table.problem(
            row,
            column,
            _("%(v)s is too large: at most %(n)s digits before the decimal point")
            % {"v": value, "n": _whole_digits(column)},
        )
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        table.problem(
            row,
            column,
            _("%(v)s has more than %(n)s decimal places; round it in the file")
            % {"v": value, "n": places},
        )
        return None
    return value


def _value_source(table: CsvTable, row: CsvRow, value: Decimal | None) -> str:
    basis, source = row["value_basis"], row["value_source"]
    if value is None:
        # A bad figure has its own problem already; an empty one must not come with a source.
        if not row["unit_value_eur"] and (basis or source):
            table.problem(row, "unit_value_eur", _("a value basis or source is given but no value"))
        return ""
    if basis not in VALUE_BASES:
        table.problem(
            row,
            "value_basis",
            _("%(b)r is not one of: %(all)s") % {"b": basis, "all": "; ".join(VALUE_BASES)},
        )
        return ""
    if basis == PUBLIC_COST:
        return table.url(row, "value_source", required=True)
    lines = kiel_lines(source)
    if not lines:
        table.problem(
            row,
            "value_source",
            _(
                "a Kiel-derived value names the rows it used, as %(f)s lines 2, 5; the cell has %(s)r"
            )
            % {"f": KIEL_FILE, "s": source},
        )
    elif basis == KIEL_SINGLE and len(lines) != 1:
        table.problem(
            row,
            "value_basis",
            _("%(n)s Kiel rows are named: the basis is %(b)r")
            % {"n": len(lines), "b": KIEL_MEDIAN},
        )
    elif basis == KIEL_MEDIAN and len(lines) < 2:
        table.problem(
            row, "value_basis", _("one Kiel row is named: the basis is %(b)r") % {"b": KIEL_SINGLE}
        )
    return source


def _mass_source(table: CsvTable, row: CsvRow, mass: Decimal | None) -> str:
    if mass is None:
        if not row["unit_mass_t"] and (row["mass_basis"] or row["mass_source"]):
            table.problem(row, "unit_mass_t", _("a mass basis or source is given but no mass"))
        return ""
    if not row["mass_basis"]:
        table.problem(
            row, "mass_basis", _("say which weight this is (combat, empty, maximum take-off)")
        )
    return table.url(row, "mass_source", required=True)


class _Catalogue:
    """Item types by exact name first (case aside), then by the matcher's keys and aliases."""

    def __init__(self, ctx: ImportContext) -> None:
        self._ctx = ctx
        self._exact = {i.name.casefold(): i for i in ItemType.objects.all()}

    def find(self, name: str) -> ItemType | None:
        return self._exact.get(name.casefold()) or self._ctx.items.match(name)


def _parse(ctx: ImportContext, table: CsvTable) -> list[_Row]:
    catalogue = _Catalogue(ctx)
    parsed: list[_Row] = []
    named: dict[int, int] = {}  # item type id -> the line naming it
    for row in ctx.track(table.rows, "item-values"):
        name = row["item_type"]
        item = catalogue.find(name) if name else None
        if not name:
            table.problem(row, "item_type", _("the item type is empty"))
        elif item is None:
            table.problem(
                row,
                "item_type",
                _(
                    "the catalogue has no item type %(n)r (import the equipment, Kiel, SIPRI and Oryx files first)"
                )
                % {"n": name},
            )
        elif item.pk in named:
            table.problem(
                row,
                "item_type",
                _("%(n)s is named already on line %(l)s") % {"n": item.name, "l": named[item.pk]},
            )
        value = _figure(table, row, "unit_value_eur", VALUE_PLACES)
        value_source = _value_source(table, row, value)
        mass = _figure(table, row, "unit_mass_t", MASS_PLACES)
        mass_source = _mass_source(table, row, mass)
        if item is None or item.pk in named:
            continue
        named[item.pk] = row.line
        if item.name != name:
            ctx.info(
                row.line,
                "item_type",
                _("%(n)r is the catalogue's %(c)s") % {"n": name, "c": item.name},
            )
        parsed.append(
            _Row(row.line, item, ReferenceFigures(value, value_source, mass, mass_source))
        )
    return parsed


def _note_replaced(ctx: ImportContext, row: _Row) -> None:
    before = ReferenceFigures.of(row.item)
    pairs = (
        (
            "unit_value_eur",
            before.unit_value_eur,
            before.unit_value_source,
            row.figures.unit_value_source,
        ),
        ("unit_mass_t", before.unit_mass_t, before.unit_mass_source, row.figures.unit_mass_source),
    )
    for column, figure, source, new_source in pairs:
        if figure is not None and source != new_source:
            ctx.info(
                row.line,
                column,
                _("replaced %(f)s (source: %(s)s)") % {"f": figure, "s": source or _("none given")},
            )


def import_item_values(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    parsed = _parse(ctx, table)
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)
    for row in parsed:
        _note_replaced(ctx, row)
        # The import's own event names the actor who ran it; each item type's event is the system's.
        if item_type_reference_figures_set(actor=None, item_type=row.item, figures=row.figures):
            ctx.outcome.updated += 1
        else:
            ctx.outcome.unchanged += 1
    ctx.outcome.by_model["catalogue.ItemType"] += len(parsed)
