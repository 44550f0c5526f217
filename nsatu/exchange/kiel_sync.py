"""The Kiel data explorer's lines read and written a batch at a time, with the least work per line.

A million-line file is mostly lines whose record is already stored as they give it (a re-import) or records
not stored yet (a first import): `AidSync` tells the two apart by each line's key and digest, one narrow
query per batch, and reads a line's amounts only when its record is new or changed. The reader hands over
each record's cells as a list: a dict and a `CsvRow` per line cost more than the CSV parse itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from django.db import connection, models

from nsatu.exchange.batch_values import PkSet, Row, column_of, field_of
from nsatu.exchange.common import MAX_OR_TERMS, BatchSync
from nsatu.exchange.context import ImportContext
from nsatu.exchange.errors import Problem
from nsatu.pledges.models import ReportedAid

AID_KEY = ("donor_id", "year", "month")
# A line waiting in a batch: its number, key (donor id, year, month), digest and cells.
Line = tuple[int, tuple[int, int, int], int, list[str]]
# Reads a waiting line's values in stored form (columns as `AidSync.columns`), or names its problems: None.
Read = Callable[[int, tuple[int, int, int], int, list[str]], Row | None]


def _key_code(key: tuple[int, int, int]) -> int:
    """One integer per key (a year fits in 16 bits, a month in 4): a million keys fit in a `PkSet`."""
    donor, year, month = key
    return (donor << 20) | (year << 4) | month


class AidSync(BatchSync[ReportedAid]):
    """`BatchSync` for `ReportedAid` lines known by key and digest (see `add_line`).

    Per batch: one query reads (id, key, digest) of the stored records under the batch's keys, a raw
    statement over the unique index (none at all while nothing was stored before this import); a line whose
    digest is its record's is unchanged and is not read further; the others are read by `read`, new records
    inserted in bulk and changed ones compared and updated as by `BatchSync`. Two lines of one key are named
    wherever they are in the file: the keys of created records are kept one bit each.
    """

    def __init__(
        self,
        ctx: ImportContext,
        *,
        fields: Sequence[str],
        problems: list[Problem],
        read: Read,
    ) -> None:
        super().__init__(
            ctx,
            ReportedAid,
            key=AID_KEY,
            fields=fields,
            scope=ReportedAid.objects.all(),
            problems=problems,
            digest="content_hash",
        )
        self._read = read
        self._lines: list[Line] = []
        self._created_keys = PkSet()
        self._digest_sql = self._digest_query()
        self._decimals = {
            i for i, f in enumerate(self._fields) if isinstance(f, models.DecimalField)
        }

    def checked(self, line: int, values: Mapping[str, object]) -> Row | None:
        """The values in stored form by `BatchSync`'s checks, column by column, or None once named."""
        return self._checked(line, values)

    def add_line(self, line: int, key: tuple[int, int, int], digest: int, cells: list[str]) -> None:
        self._lines.append((line, key, digest, cells))
        if len(self._lines) >= self.ctx.batch_size:
            self._flush()

    def _flush(self) -> None:
        batch, self._lines = self._lines, []
        if not batch:
            return
        outcome = self.ctx.outcome
        outcome.batches += 1
        outcome.largest_batch = max(outcome.largest_batch, len(batch))
        if self.problems:
            # Nothing will be written: the lines are read only to name their problems.
            for entry in batch:
                self._read(*entry)
            return
        stored = self._digests({entry[1] for entry in batch}) if self._last_old_pk else {}
        creates: list[Row] = []
        changed: list[tuple[int, int, Row]] = []
        unchanged = 0
        last, touched = self._last_old_pk, self._touched
        for line, key, digest, cells in batch:
            hit = stored.get(key)
            fresh = False
            if hit is not None:
                # A record stored before this import, met for the first time: any other is a second line.
                fresh = hit[0] <= last and touched.add_new(hit[0])
                if hit[1] == digest:
                    if fresh:
                        unchanged += 1
                    else:
                        self._twice(line, key)
                    continue
            row = self._read(line, key, digest, cells)
            if row is None:
                continue
            if hit is None and self._created_keys.add_new(_key_code(key)):
                creates.append(row)
            elif hit is None or not fresh:
                self._twice(line, key)
            else:
                changed.append((line, hit[0], row))
        self._counts["unchanged"] += unchanged
        if not self.problems:
            self._write(creates, *self._compared(changed))

    def _compared(
        self, changed: list[tuple[int, int, Row]]
    ) -> tuple[dict[tuple[str, ...], list[tuple[int, Row]]], list[tuple[int, Row]]]:
        """The updates the changed lines need (a line whose values are the stored ones only its digest)."""
        updates: dict[tuple[str, ...], list[tuple[int, Row]]] = {}
        refresh: list[tuple[int, Row]] = []
        if changed:
            width = len(self.key)
            old = self._stored({row[:width] for _, _, row in changed}, self.columns)
            decimals = self._decimals
            for line, pk, row in changed:
                # The reader gives whole euros as integers; the comparison takes a decimal as a Decimal.
                exact = tuple(
                    Decimal(v) if i in decimals and type(v) is int else v for i, v in enumerate(row)
                )
                self._compare(
                    line, pk, old[row[:width]][1], exact, kept=False, into=(updates, refresh)
                )
        return updates, refresh

    def _digest_query(self) -> tuple[str, str]:
        """The head of the query `_digests` runs, and one term of its condition (a donor's years)."""
        quote = connection.ops.quote_name
        pk, donor, year, month, digest = (
            quote(column_of(field_of(ReportedAid, name)))
            for name in ("id", *AID_KEY, "content_hash")
        )
        head = f"SELECT {pk}, {donor}, {year}, {month}, {digest} FROM {quote(ReportedAid._meta.db_table)}"
        return head, f"({donor} = %s AND {year} BETWEEN %s AND %s)"

    def _digests(
        self, keys: set[tuple[int, int, int]]
    ) -> dict[tuple[int, int, int], tuple[int, int | None]]:
        """(id, digest) of the stored records under these keys: per donor, the range of years the batch
        holds, read through the unique index (donor, year, month) in one statement without the ORM."""
        years: dict[int, tuple[int, int]] = {}
        for donor, year, _month in keys:
            low, high = years.get(donor, (year, year))
            years[donor] = (min(low, year), max(high, year))
        head, term = self._digest_sql
        found: dict[tuple[int, int, int], tuple[int, int | None]] = {}
        ranges = list(years.items())
        with connection.cursor() as cursor:
            for start in range(0, len(ranges), MAX_OR_TERMS):
                part = ranges[start : start + MAX_OR_TERMS]
                sql = f"{head} WHERE {' OR '.join([term] * len(part))}"
                cursor.execute(sql, [v for donor, (low, high) in part for v in (donor, low, high)])
                for pk, donor, year, month, digest in cursor.fetchall():
                    key = (donor, year, month)
                    if key in keys:
                        found[key] = (pk, digest)
        return found
