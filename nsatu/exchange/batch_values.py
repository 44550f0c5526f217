"""The values BatchSync moves between a file and the database: each column's stored, read-back and compared
form, and a compact set of the record ids an import has met."""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Context, Decimal
from typing import Any

from django.db import connection, models

# Column types the database drivers take as Python gives them (Django registers Decimal for SQLite).
PLAIN_TYPES = frozenset(
    {
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DecimalField",
        "FloatField",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)

Row = tuple[object, ...]
Field = models.Field[Any, Any]


class PkSet:
    """Ids, one bit each in blocks of 65,536: a million ids take about 125 KB, not the ~60 MB of a set."""

    def __init__(self) -> None:
        self._blocks: dict[int, bytearray] = {}
        self.size = 0

    def add(self, pk: int) -> None:
        self.add_new(pk)

    def add_new(self, pk: int) -> bool:
        """Add the id; whether it was not there yet."""
        block = self._blocks.get(pk >> 16)
        if block is None:
            block = self._blocks[pk >> 16] = bytearray(8192)
        at, bit = (pk >> 3) & 8191, 1 << (pk & 7)
        if block[at] & bit:
            return False
        block[at] |= bit
        self.size += 1
        return True

    def __contains__(self, pk: int) -> bool:
        block = self._blocks.get(pk >> 16)
        return block is not None and bool(block[(pk >> 3) & 8191] & (1 << (pk & 7)))


def field_of(model: type[models.Model], name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def column_of(field: Field | None) -> str:
    assert field is not None and field.column
    return field.column


def kind_of(field: Field) -> str:
    return "BigIntegerField" if field.is_relation else field.get_internal_type()


def adapter_of(field: Field) -> Callable[[object], object]:
    if kind_of(field) in PLAIN_TYPES:
        return as_is
    return lambda value: field.get_db_prep_save(value, connection)


def read_form(field: Field) -> Callable[[Any], object] | None:
    """How SQLite reads a decimal back (a double; it compares equal to an integer), None elsewhere."""
    if connection.vendor != "sqlite" or not isinstance(field, models.DecimalField):
        return None

    def read(value: Decimal | None) -> object:
        if value is None:
            return None
        whole = int(value)
        # Whole numbers come back as exact integers (SQLite's NUMERIC affinity), the rest as doubles.
        return whole if whole == value else float(value)

    return read


def comparison(field: Field) -> Callable[[object, object], bool]:
    """Whether a value read straight from the cursor is the one the file gives, in its stored form."""
    if connection.vendor != "sqlite" or not isinstance(field, models.DecimalField):
        return operator.eq
    # SQLite keeps a decimal as an integer or a double: compare as such first, then as Django reads it back
    # (15 significant digits, rounded to the field's places), so that no figure is reported changed that
    # would read back the same.
    step = Decimal(1).scaleb(-(field.decimal_places or 0))
    places = Context(prec=field.max_digits)
    fifteen = Context(prec=15)

    def same(stored: object, new: object) -> bool:
        if stored is None or new is None:
            return stored is new
        assert isinstance(new, Decimal)
        if isinstance(stored, int | float):
            if isinstance(stored, float) and stored == float(new):
                return True
            read = (
                Decimal(stored)
                if isinstance(stored, int)
                else fifteen.create_decimal_from_float(stored)
            )
            return read.quantize(step, context=places) == new
        return bool(stored == new)

    return same


def as_is(value: object) -> object:
    return value
