"""Pieces several importers share: the recipient, pledge upserts, batched upserts of large files."""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import reduce
from typing import Any

from django.db import DatabaseError, connection, models
from django.db.backends.utils import CursorWrapper
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.core.models import Record
from nsatu.exchange.batch_values import (
    PLAIN_TYPES,
    PkSet,
    Row,
    adapter_of,
    as_is,
    column_of,
    comparison,
    field_of,
    kind_of,
    read_form,
)
from nsatu.exchange.context import (
    WORKFLOW_FIELDS,
    ImportContext,
    changed_by_services,
    delete_or_refuse,
    stored_form_of,
)
from nsatu.exchange.errors import ImportFailed, Problem
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge

RECIPIENT = "UKR"

# Everything an import sets on a pledge; a re-import overwrites these and leaves the rest (ids, tranches) alone.
PLEDGE_FIELDS = (
    "donor_id",
    "recipient_id",
    "kind",
    "item_type_id",
    "description",
    "quantity",
    "quantity_uncertain",
    "delivered_quantity",
    "delivered_uncertain",
    "status",
    "year",
    "notes",
    "owner_id",
    "releasability",
    "source_url",
    "source_row",
)


def ukraine(ctx: ImportContext) -> Party:
    return ctx.parties.get(RECIPIENT)


def pledges_sync(
    ctx: ImportContext, pledges: Sequence[Pledge], *, by_description: bool = False
) -> list[Pledge]:
    """Upsert the pledges of this dataset by source row (and item text where one row lists several items)."""
    if by_description:

        def key(p: Pledge) -> tuple[int | None, str]:
            return (p.source_row, p.description)
    else:

        def key(p: Pledge) -> tuple[int | None, str]:
            return (p.source_row, "")

    return ctx.sync(
        Pledge,
        existing=Pledge.objects.filter(dataset=ctx.dataset),
        new=pledges,
        key=key,
        fields=PLEDGE_FIELDS,
    )


# SQLite parses a chain of ORs as a tree at most 1000 deep; the natural-key lookups stay well below.
MAX_OR_TERMS = 200
# Rows per INSERT statement, within every backend's limit on parameters.
INSERT_ROWS = 500
# A line waiting in a batch: its number, its key and its values, in stored form.
Entry = tuple[int, Row, Row]


class BatchSync[M: models.Model]:
    """Upsert a file's records `ctx.batch_size` rows at a time, by natural key, as `ImportContext.sync` does.

    Memory holds one batch, whatever the file's size: for each batch the records already stored under its
    keys are read as plain values (never model instances) through the key's unique index, compared value by
    value in the form the database stores, and only the differences are written (one INSERT per few hundred
    new rows, one UPDATE per changed row). An unchanged file therefore writes nothing. What the services
    changed since the last import (an audit event other than an import's) keeps its workflow fields, as in
    `ImportContext.sync`. Records of `scope` the file no longer has are deleted by `finish`.

    `digest` names a column holding a digest of the source line (kiel_sync.AidSync skips the lines whose
    digest is their stored record's): the digest alone never counts as a change.

    `key` names the columns of a unique constraint of the model (first column first); `problems` is the list
    the reading side collects: once it holds a problem nothing more is written — the file will be refused
    and the import's transaction rolled back — but every later row is still checked so that all are named.
    """

    def __init__(
        self,
        ctx: ImportContext,
        model: type[M],
        *,
        key: Sequence[str],
        fields: Sequence[str],
        scope: QuerySet[M],
        problems: list[Problem],
        digest: str | None = None,
    ) -> None:
        self.ctx, self.model, self.scope, self.problems = ctx, model, scope, problems
        self.key = tuple(key)
        self.columns = (*self.key, *(f for f in fields if f not in self.key))
        self._digest_at = self.columns.index(digest) if digest else None
        self._fields = [field_of(model, column) for column in self.columns]
        self._store = [stored_form_of(f) for f in self._fields]
        self._same = [comparison(f) for f in self._fields]
        self._read_as = [read_form(f) for f in self._fields]
        self._checks = [
            (column, f.name, store)
            for column, f, store in zip(self.columns, self._fields, self._store, strict=True)
        ]
        # Plain columns are read straight from the cursor: Django's per-value converters cost more than the
        # rest of a re-import's comparison together.
        self._raw = all(kind_of(f) in PLAIN_TYPES for f in self._fields)
        self._record = issubclass(model, Record)
        self._pending: list[Entry] = []
        self._touched = PkSet()
        # Records created by this import get ids above this one: they are never stale, and meeting one again
        # means two rows of the file describe the same record.
        self._last_old_pk: int = scope.aggregate(last=Max("pk"))["last"] or 0
        self._counts = Counter[str]()

    @property
    def changed(self) -> bool:
        """Whether this import created, changed or removed a record (known after `finish`)."""
        return any(self._counts[what] for what in ("created", "updated", "deleted"))

    def add(self, line: int, values: Mapping[str, object]) -> None:
        row = self._checked(line, values)
        if row is not None:
            self._pending.append((line, row[: len(self.key)], row))
        if len(self._pending) >= self.ctx.batch_size:
            self._flush()

    def _checked(self, line: int, values: Mapping[str, object]) -> Row | None:
        row: list[object] = []
        fine = True
        for column, name, store in self._checks:
            value, reason = store(values[column])
            if reason:
                self.problems.append(Problem(self.ctx.label, line, name, reason))
                fine = False
            row.append(value)
        return tuple(row) if fine else None

    def finish(self) -> None:
        """Write the last batch, delete what the file no longer has, and count what was done."""
        self._flush()
        if not self.problems:
            self._delete_stale()
        outcome = self.ctx.outcome
        outcome.created += self._counts["created"]
        outcome.updated += self._counts["updated"]
        outcome.unchanged += self._counts["unchanged"]
        outcome.deleted += self._counts["deleted"]
        outcome.by_model[self.model._meta.label] += (
            self._counts["created"] + self._counts["updated"] + self._counts["unchanged"]
        )

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        if not batch:
            return
        outcome = self.ctx.outcome
        outcome.batches += 1
        outcome.largest_batch = max(outcome.largest_batch, len(batch))
        if self.problems:
            return  # nothing will be written; each line's values were checked as it was added
        keys = {entry[1] for entry in batch}
        found = self._stored(keys, self.columns) if keys else {}
        kept = (
            changed_by_services(self.model, [pk for pk, _ in found.values()])
            if self._record
            else set()
        )
        creates: list[Row] = []
        updates: dict[tuple[str, ...], list[tuple[int, Row]]] = {}
        refresh: list[tuple[int, Row]] = []
        seen: set[Row] = set()
        for line, k, row in batch:
            hit = found.get(k)
            if k in seen or (
                hit is not None and (hit[0] > self._last_old_pk or hit[0] in self._touched)
            ):
                self._twice(line, k)
                continue
            seen.add(k)
            if hit is None:
                creates.append(row)
                continue
            pk, old = hit
            self._touched.add(pk)
            self._compare(line, pk, old, row, kept=pk in kept, into=(updates, refresh))
        if not self.problems:
            self._write(creates, updates, refresh)

    def _twice(self, line: int, key: Row) -> None:
        self.problems.append(
            Problem(
                self.ctx.label,
                line,
                "",
                _("two rows describe the same %(what)s (%(key)s)")
                % {"what": self.model._meta.verbose_name, "key": key},
            )
        )

    def _compare(
        self,
        line: int,
        pk: int,
        old: Row,
        row: Row,
        *,
        kept: bool,
        into: tuple[dict[tuple[str, ...], list[tuple[int, Row]]], list[tuple[int, Row]]],
    ) -> None:
        """Count a stored record unchanged, or queue the columns of it the file changes (`kept`: the
        services changed it since the last import, so its workflow fields stay)."""
        updates, refresh = into
        if not kept and (old == row or old == self._as_read(row)):
            # The common case, compared in one step: the stored row is the file's row.
            self._counts["unchanged"] += 1
            return
        columns = self._own_columns(line, row, old) if kept else self.columns
        changed = [
            i
            for i, column in enumerate(self.columns)
            if column in columns and i != self._digest_at and not self._same[i](old[i], row[i])
        ]
        if not changed:
            self._counts["unchanged"] += 1
            at = self._digest_at
            if at is not None and old[at] != row[at]:
                refresh.append((pk, (row[at],)))
            return
        updates.setdefault(tuple(columns), []).append(
            (pk, tuple(row[i] for i, c in enumerate(self.columns) if c in columns))
        )

    def _as_read(self, row: Row) -> Row:
        """The row as the cursor would read it back, where that differs (SQLite's decimals)."""
        return tuple(v if f is None else f(v) for f, v in zip(self._read_as, row, strict=True))

    def _own_columns(self, line: int, row: Row, old: Row) -> tuple[str, ...]:
        """The columns a re-import may set on a record the services changed: all but the workflow's."""
        for i, column in enumerate(self.columns):
            if column in WORKFLOW_FIELDS and not self._same[i](old[i], row[i]):
                self.ctx.info(
                    line,
                    column,
                    _(
                        "kept %(field)s %(value)r set in nsatu since the last import (the file says %(file)r)"
                    )
                    % {"field": column, "value": old[i], "file": row[i]},
                )
        return tuple(c for c in self.columns if c not in WORKFLOW_FIELDS)

    def _stored(self, keys: set[Row], columns: Sequence[str]) -> dict[Row, tuple[int, Row]]:
        """The stored records under these keys (id, columns), read through the key's unique index."""
        width = len(self.key)
        first = self.key[0]
        terms: list[Q] = []
        if width == 1 or any(not isinstance(k[1], int) for k in keys):
            values = sorted({k[0] for k in keys}, key=repr)
            terms = [
                Q(**{f"{first}__in": values[i : i + INSERT_ROWS]})
                for i in range(0, len(values), INSERT_ROWS)
            ]
        else:
            # A file is mostly sorted by its key: a range of the second column per value of the first reads
            # the batch's records and few others, whatever the database's collation (integers only).
            ranges: dict[object, tuple[int, int]] = {}
            for k in keys:
                second = int(k[1])  # type: ignore[call-overload]  # this branch holds integer keys only
                low, high = ranges.get(k[0], (second, second))
                ranges[k[0]] = (min(low, second), max(high, second))
            terms = [
                Q(**{first: value, f"{self.key[1]}__gte": low, f"{self.key[1]}__lte": high})
                for value, (low, high) in ranges.items()
            ]
        found: dict[Row, tuple[int, Row]] = {}
        for i in range(0, len(terms), MAX_OR_TERMS):
            condition = reduce(operator.or_, terms[i : i + MAX_OR_TERMS])
            query = self.scope.filter(condition).order_by().values_list("pk", *columns)
            for stored in self._rows(query):
                k = stored[1 : 1 + width]
                if k in keys:
                    found[k] = (stored[0], stored[1:])  # type: ignore[assignment]  # a primary key reads back as an integer
        return found

    def _rows(self, query: QuerySet[M, Any]) -> list[Row]:
        if not self._raw:
            return list(query)
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows: list[Row] = cursor.fetchall()
            return rows

    def _write(
        self,
        creates: list[Row],
        updates: dict[tuple[str, ...], list[tuple[int, Row]]],
        refresh: list[tuple[int, Row]],
    ) -> None:
        try:
            with connection.cursor() as cursor:
                if creates:
                    self._insert(cursor, creates)
                for columns, rows in updates.items():
                    self._update(cursor, columns, rows)
                if refresh and self._digest_at is not None:
                    # Only the digest is new (a record stored before digests, or a line moved): no change.
                    digest = self.columns[self._digest_at]
                    self._update(cursor, (digest,), refresh, versioned=False)
        except DatabaseError as exc:
            # What the checks did not foresee still reaches the user as a message, not a traceback; the
            # import's transaction rolls back, so nothing is half-written.
            raise ImportFailed(
                [
                    Problem(
                        self.ctx.label,
                        None,
                        "",
                        _("the database refused the %(what)s of this file: %(error)s")
                        % {"what": self.model._meta.verbose_name_plural, "error": exc},
                    )
                ]
            ) from exc
        self._counts["created"] += len(creates)
        self._counts["updated"] += sum(len(rows) for rows in updates.values())

    def _insert(self, cursor: CursorWrapper, creates: list[Row]) -> None:
        """INSERT in statements of a few hundred rows; columns the file does not set get their defaults."""
        meta = self.model._meta
        targets = [f for f in meta.concrete_fields if f is not meta.pk]
        given = {c: i for i, c in enumerate(self.columns)}
        now = timezone.now()
        makers: list[Callable[[Row], object]] = []
        for f in targets:
            if f.attname in given:
                index = given[f.attname]
                makers.append(lambda row, i=index: row[i])  # type: ignore[misc]  # a default binds the loop's index
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                makers.append(lambda row: now)
            else:
                makers.append(lambda row, f=f: f.get_default())  # type: ignore[misc]  # a default binds the loop's field
        adapt = [adapter_of(f) for f in targets]
        quote = connection.ops.quote_name
        head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(column_of(f)) for f in targets)}) VALUES "
        one = "(" + ", ".join(["%s"] * len(targets)) + ")"
        if all(f.attname in given for f in targets) and all(a is as_is for a in adapt):
            # Every column comes from the file as the driver takes it: pick them in C, not value by value.
            pick = operator.itemgetter(*(given[f.attname] for f in targets))
            rows: list[Any] = [pick(row) for row in creates]
        else:
            rows = [
                [a(make(row)) for a, make in zip(adapt, makers, strict=True)] for row in creates
            ]
        if connection.vendor == "sqlite":
            # In-process: one prepared statement run per row is cheaper than parsing long statements.
            cursor.executemany(head + one, rows)
            return
        if connection.vendor == "postgresql":
            # COPY streams the rows in one go, several times faster than INSERT statements.
            names = ", ".join(quote(column_of(f)) for f in targets)
            with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        limit = connection.features.max_query_params or INSERT_ROWS * len(targets)
        step = max(1, min(INSERT_ROWS, limit // len(targets)))
        for start in range(0, len(rows), step):
            part = rows[start : start + step]
            cursor.execute(
                head + ", ".join([one] * len(part)), [value for row in part for value in row]
            )

    def _update(
        self,
        cursor: CursorWrapper,
        columns: tuple[str, ...],
        rows: list[tuple[int, Row]],
        *,
        versioned: bool = True,
    ) -> None:
        meta = self.model._meta
        fields = [field_of(self.model, c) for c in columns]
        adapt = [adapter_of(f) for f in fields]
        quote = connection.ops.quote_name
        sets = [f"{quote(column_of(f))} = %s" for f in fields]
        extra: list[Any] = []
        if self._record and versioned:
            sets += [f"{quote('version')} = {quote('version')} + 1", f"{quote('updated_at')} = %s"]
            extra = [adapter_of(field_of(self.model, "updated_at"))(timezone.now())]
        sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {quote(column_of(meta.pk))} = %s"
        params: list[Any] = [
            [*(a(v) for a, v in zip(adapt, row, strict=True)), *extra, pk] for pk, row in rows
        ]
        cursor.executemany(sql, params)

    def _delete_stale(self) -> None:
        """Delete the records of `scope` from before this import that no row of the file matched."""
        old = self.scope.filter(pk__lte=self._last_old_pk)
        if not self._last_old_pk or self._touched.size == old.count():
            # Every record from before was matched (a count, not a walk through a million ids).
            return
        last = 0
        while True:
            pks = list(
                self.scope.filter(pk__gt=last, pk__lte=self._last_old_pk)
                .order_by("pk")
                .values_list("pk", flat=True)[: INSERT_ROWS * 10]
            )
            if not pks:
                return
            last = pks[-1]
            stale = [pk for pk in pks if pk not in self._touched]
            if stale:
                self._counts["deleted"] += delete_or_refuse(self.ctx, self.model, stale)
