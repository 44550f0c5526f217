"""One page of a long list, the same size everywhere (NSATU_PAGE_SIZE): numbered pages for short lists, keyset
pages and bounded counts for the ones that grow to a million rows."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import OrderBy

if TYPE_CHECKING:
    from django.core.paginator import _SupportsPagination  # a protocol of the stubs only
    from django.db.models import Field

# Beyond this many rows a list says "more than 10,000" instead of counting a million rows on every view.
COUNT_CAP = 10_000


def page_of[T](items: _SupportsPagination[T], number: str | None) -> Page[T]:
    """An unknown or out-of-range page number gives the first or the last page, never an error."""
    return Paginator(items, settings.NSATU_PAGE_SIZE).get_page(number)


@dataclass(frozen=True)
class Sort:
    """A list's order as the user chose it from a column header (`?sort=key` or `?sort=-key`)."""

    key: str
    descending: bool
    fields: tuple[str, ...]

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def _flipped(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def sort_of(value: str | None, options: Mapping[str, Sequence[str]], default: str) -> Sort:
    """The order a list's `?sort=` asks for among the columns it offers (`options`: key → order_by fields,
    ascending); anything else gives the default. The primary key closes every order, so a page boundary
    never moves between two requests."""
    wanted = value or default
    descending = wanted.startswith("-")
    key = wanted.lstrip("-")
    if key not in options:
        descending = default.startswith("-")
        key = default.lstrip("-")
    fields = [_flipped(f) if descending else f for f in options[key]]
    if not any(f.lstrip("-") in ("pk", "id") for f in fields):
        fields.append("-pk" if descending else "pk")
    return Sort(key=key, descending=descending, fields=tuple(fields))


@dataclass(frozen=True)
class BoundedCount:
    """How many rows a list holds: exact up to `COUNT_CAP`, "more than" beyond."""

    value: int
    exact: bool


def count_bounded(items: QuerySet[Any], *, cap: int = COUNT_CAP) -> BoundedCount:
    """Count at most cap + 1 rows (a LIMIT inside the COUNT): the cost is bounded whatever the list's size."""
    counted = items.order_by().values("pk")[: cap + 1].count()
    return BoundedCount(value=min(counted, cap), exact=counted <= cap)


def counts_bounded(
    lists: Mapping[str, QuerySet[Any]], *, cap: int = COUNT_CAP
) -> dict[str, BoundedCount]:
    """count_bounded of several lists of one database in a single query (a summary row of counts costs one
    round trip, not one per figure)."""
    if not lists:
        return {}
    parts: list[str] = []
    params: list[Any] = []
    for items in lists.values():
        sql, args = items.order_by().values("pk")[: cap + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS bounded)")
        params.extend(args)
    database = next(iter(lists.values())).db
    with connections[database].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {
        key: BoundedCount(value=min(n, cap), exact=n <= cap)
        for key, n in zip(lists, row or (), strict=True)
    }


def keyset_order(items: QuerySet[Any]) -> tuple[str, ...] | None:
    """The queryset's order closed by the primary key (a keyset needs a total order), or None when it cannot
    be read off plain columns (an expression, a random order, a relation ordered by its model's ordering)."""
    if items.query.extra_order_by:
        return None
    wanted = items.query.order_by or (
        items.model._meta.ordering if items.query.default_ordering else ()
    )
    fields: list[str] = []
    for spec in wanted:
        if not isinstance(spec, str) or spec.lstrip("-") in ("", "?") or "?" in spec:
            return None
        try:
            field = _field(items.model, spec.lstrip("-"))
        except (LookupError, AttributeError, FieldDoesNotExist):
            return None
        if field.is_relation:
            return None
        fields.append(spec)
    if not any(f.lstrip("-") in ("pk", "id") for f in fields):
        fields.append("pk")
    return tuple(fields)


@dataclass(frozen=True)
class Cursor:
    """Where a keyset page starts: after (`a`) or before (`b`) a row's sort values, or the last page (`z`).

    `start` is the 1-based position of the page's first row when known (0 when not), carried from page to
    page so that the list can still say "rows 51–100" without counting what comes before."""

    direction: str
    values: tuple[Any, ...]
    start: int

    def token(self, order: Sequence[str]) -> str:
        # The order travels with the values: a cursor kept in the address after the user picks another
        # column gives that order's first page, not rows bounded by values of another column.
        raw = json.dumps(
            [self.direction, self.start, [_plain(v) for v in self.values], list(order)]
        )
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


LAST = "last"


def _plain(value: object) -> object:
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


def _field(model: type[Model], path: str) -> Field[Any, Any]:
    *relations, name = path.split("__")
    current: Any = model
    for part in relations:
        current = current._meta.get_field(part).related_model
    return cast(
        "Field[Any, Any]", current._meta.pk if name == "pk" else current._meta.get_field(name)
    )


def cursor_read(token: str | None, *, model: type[Model], order: Sequence[str]) -> Cursor | None:
    """The cursor a `?cursor=` token names, its values typed by the order's fields; None for the first page.
    A token that does not decode gives the first page: it is only ever a bound on the visible rows."""
    if not token:
        return None
    if token == LAST:
        return Cursor("z", (), 0)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        direction, start, values, written_for = json.loads(raw)
        if direction not in ("a", "b") or not isinstance(start, int) or written_for != list(order):
            return None
        typed = tuple(
            None if v is None else _field(model, f.lstrip("-")).to_python(v)
            for f, v in zip(order, values, strict=True)
        )
    except (ValueError, TypeError, binascii.Error, ValidationError, json.JSONDecodeError):
        return None
    return Cursor(direction, typed, max(start, 0))


def _value_of(row: object, path: str) -> object:
    value: Any = row
    for part in path.split("__"):
        if value is None:
            return None
        value = getattr(value, "pk" if part == "pk" else part)
    if isinstance(value, Model):
        return value.pk
    return value


def _beyond(spec: str, value: object, *, nulls_largest: bool) -> tuple[Q, Q]:
    """For one order field: the rows strictly beyond `value` and the rows level with it."""
    name = spec.lstrip("-")
    ascending = not spec.startswith("-")
    if value is None:
        nulls_at_end = ascending == nulls_largest
        beyond = Q(pk__in=[]) if nulls_at_end else Q(**{f"{name}__isnull": False})
        return beyond, Q(**{f"{name}__isnull": True})
    beyond = Q(**{f"{name}__{'gt' if ascending else 'lt'}": value})
    if ascending == nulls_largest:
        beyond |= Q(**{f"{name}__isnull": True})
    return beyond, Q(**{name: value})


def _after_q(order: Sequence[str], values: Sequence[Any], *, nulls_largest: bool) -> Q:
    """The rows strictly after `values` in `order`, as the database orders them (NULL sorts as the largest
    value on PostgreSQL, the smallest on SQLite)."""
    after = Q(pk__in=[])
    level = Q()
    for spec, value in zip(order, values, strict=True):
        beyond, same = _beyond(spec, value, nulls_largest=nulls_largest)
        after |= level & beyond
        level &= same
    return after


def _after_parts(order: Sequence[str], values: Sequence[Any], *, nulls_largest: bool) -> list[Q]:
    """_after_q cut into parts that follow one another in the order, each a plain range of the first field
    (no OR around it), so that the database starts its index scan at the cursor instead of walking the index
    from the top: the rows level with or beyond the cursor's first value, then its NULLs when they come last
    (or, from a NULL, the non-NULL values when NULLs come first)."""
    spec, value = order[0], values[0]
    name = spec.lstrip("-")
    ascending = not spec.startswith("-")
    nulls_at_end = ascending == nulls_largest
    rest = _after_q(order[1:], values[1:], nulls_largest=nulls_largest)
    if value is None:
        parts = [Q(**{f"{name}__isnull": True}) & rest]
        return parts if nulls_at_end else [*parts, Q(**{f"{name}__isnull": False})]
    step = "gt" if ascending else "lt"
    parts = [
        Q(**{f"{name}__{step}e": value})
        & (Q(**{f"{name}__{step}": value}) | (Q(**{name: value}) & rest))
    ]
    return [*parts, Q(**{f"{name}__isnull": True})] if nulls_at_end else parts


def _read_after[M: Model](
    items: QuerySet[M],
    order: Sequence[str],
    values: Sequence[Any],
    *,
    want: int,
    nulls_largest: bool,
) -> list[M]:
    rows: list[M] = []
    for part in _after_parts(order, values, nulls_largest=nulls_largest):
        rows += items.filter(part).order_by(*order)[: want - len(rows)]
        if len(rows) >= want:
            break
    return rows


@dataclass(frozen=True)
class KeysetPage[T]:
    """One page of a list read by its order's index: the rows, and the cursors of the pages beside it."""

    object_list: list[T]
    count: BoundedCount
    next_cursor: str | None
    previous_cursor: str | None
    start: int  # position of the first row, 0 when not known

    # Marks the page for the templates, which render numbered pages (a Django Page) otherwise.
    keyset = True

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def end(self) -> int:
        return self.start + len(self.object_list) - 1 if self.start else 0

    def __len__(self) -> int:
        return len(self.object_list)


def keyset_page[M: Model](
    items: QuerySet[M],
    *,
    cursor: str | None,
    size: int | None = None,
    count: BoundedCount | None = None,
) -> KeysetPage[M]:
    """The page of `items` (already ordered; the order is closed by the primary key) that the cursor names.

    Reads size + 1 rows by the order (one query, an index range when an index serves the order) and counts
    at most COUNT_CAP + 1 rows, so a page costs the same at the top and at the end of a million rows."""
    size = size or settings.NSATU_PAGE_SIZE
    order = keyset_order(items)
    if order is None:
        raise ValueError(f"{items.model.__name__}: order by plain columns to read pages by cursor")
    reverse = tuple(_flipped(f) for f in order)
    nulls_largest = connections[items.db].vendor in ("postgresql", "oracle")
    where = cursor_read(cursor, model=items.model, order=order)
    if count is None:
        count = count_bounded(items)
    backward = where is not None and where.direction in ("b", "z")
    if where is None:
        rows = list(items.order_by(*order)[: size + 1])
    elif where.direction in ("a", "b"):
        rows = _read_after(
            items,
            order if where.direction == "a" else reverse,
            where.values,
            want=size + 1,
            nulls_largest=nulls_largest,
        )
    else:
        rows = list(items.order_by(*reverse)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()
        if not more:
            # Back at the top: the first page is always a full one, starting at row 1.
            return keyset_page(items, cursor=None, size=size, count=count)
    start = _start(where, count, len(rows), size)
    has_next = more if not backward else where is not None and where.direction == "b"
    has_previous = where is not None and (not backward or more)

    return KeysetPage(
        object_list=rows,
        count=count,
        next_cursor=cursor_after(rows[-1], order, start=start + len(rows) if start else 0)
        if rows and has_next
        else None,
        previous_cursor=_cursor(rows[0], order, "b", max(start - size, 1) if start else 0)
        if rows and has_previous
        else None,
        start=start if rows else 0,
    )


def _cursor(row: object, order: Sequence[str], direction: str, start: int) -> str:
    values = tuple(_value_of(row, f.lstrip("-")) for f in order)
    return Cursor(direction, values, start).token(order)


def cursor_after(row: object, order: Sequence[str], *, start: int) -> str:
    """The cursor of the page that follows `row` (its first row at position `start`, 0 if not known)."""
    return _cursor(row, order, "a", start)


def _start(where: Cursor | None, count: BoundedCount, shown: int, size: int) -> int:
    if where is None:
        return 1
    if where.direction == "z":
        return count.value - shown + 1 if count.exact else 0
    return where.start


def order_by_args(fields: Sequence[str], *, nullable: Collection[str]) -> list[str | OrderBy]:
    """A page's column order (sort_of) as order_by arguments, the `nullable` columns' empty values last
    both ways, on SQLite as on PostgreSQL (each database puts NULL at a different end by default)."""
    result: list[str | OrderBy] = []
    for f in fields:
        name = f.lstrip("-")
        if name not in nullable:
            result.append(f)
        elif f.startswith("-"):
            result.append(F(name).desc(nulls_last=True))
        else:
            result.append(F(name).asc(nulls_last=True))
    return result
