"""A large, realistic pledge ledger written straight into the database, for the scale benchmark (issue #18).

Shape: the real parties and item types of a built database (run `nsatu demo --no-serve` first), and N pledge
lines drawn like the real ledger's — donors Zipf-skewed (the biggest holds about a fifth of the lines), 85 %
in kind with an item type and a quantity split over one to three tranches whose quantities add up to the
pledge's, 15 % funds with an amount, a currency and its EUR value; statuses and releasabilities in the
proportions a command sees (most public, some for participants, some command- or owner-only); announced
between the invasion and yesterday. Every line belongs to one dataset marked illustrative, so every page
badges it and `--drop` removes the lot.

Rows skip the services on purpose (a million audit events would measure the audit trail, not the ledger) but
keep the invariants the services keep: the models' check constraints, owner = donor, tranches that add up,
versions at 1, every column the model declares (its default where the generator has no opinion). They go in
the fastest way each database offers, with every index of the migrations in place: `COPY` on PostgreSQL
(ids drawn from the table's sequence), one `executemany` per batch on SQLite with the write-ahead log's
fsyncs off and a large page cache for the duration of the build only (the settings are restored after).
Each batch is one transaction: an interrupted build leaves whole pledges with their tranches.

    nsatu demo --no-serve
    python benchmarks/ledger.py --pledges 1000000 --seed 1
    python benchmarks/ledger.py --drop
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
KEY = "generated-ledger"
FIRST_DAY = dt.date(2022, 2, 24)
STATUSES = (
    ("announced", 0.10),
    ("committed", 0.35),
    ("allocated", 0.10),
    ("delivered", 0.40),
    ("withdrawn", 0.05),
)
RELEASABILITIES = (("public", 0.60), ("participants", 0.25), ("command", 0.10), ("owner", 0.05))
CURRENCIES = (("EUR", 0.6), ("USD", 0.3), ("GBP", 0.1))
EUR_PER = {"EUR": Decimal("1"), "USD": Decimal("0.92"), "GBP": Decimal("1.17")}
# SQLite, for the build only: the page cache (KiB when negative) holds the indexes' hot pages, which a million
# inserts in donor, status and date order touch all over.
SQLITE_BUILD_PRAGMAS = {"synchronous": "OFF", "cache_size": "-524288", "temp_store": "MEMORY"}


@dataclass(frozen=True)
class Frame:
    """What a generated line hangs on: ids read once from the built database."""

    donors: Sequence[int]
    donor_weights: Sequence[float]
    recipient: int
    item_types: Sequence[int]
    hubs: Sequence[int]


class _Draw:
    """A weighted draw of one key per call: cumulative weights built once, not per line."""

    def __init__(self, table: Sequence[tuple[Any, float]]) -> None:
        self.keys = [k for k, _ in table]
        self.cumulative = list(itertools.accumulate(w for _, w in table))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> Any:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.keys[min(index, len(self.keys) - 1)]


def _setup() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _frame() -> Frame:
    from django.db.models import Count

    from nsatu.catalogue.models import ItemType
    from nsatu.logistics.models import Hub
    from nsatu.parties.models import Party, PartyKind

    # Donors ranked by the lines they already hold (the real ledger's order: the United States, Germany, the
    # United Kingdom...), so the Zipf draw below keeps the biggest donors the biggest.
    donors = list(
        Party.objects.filter(kind=PartyKind.NATION)
        .exclude(code="UKR")
        .annotate(lines=Count("pledges_made"))
        .order_by("-lines", "pk")
        .values_list("pk", flat=True)
    )
    item_types = list(ItemType.objects.values_list("pk", flat=True))
    ukraine = Party.objects.filter(code="UKR").values_list("pk", flat=True).first()
    if not donors or not item_types or ukraine is None:
        raise SystemExit(
            "the database holds no reference data: run `nsatu demo --no-serve` (or the imports) first"
        )
    weights = [1 / (rank + 1) for rank in range(len(donors))]
    return Frame(
        donors=donors,
        donor_weights=weights,
        recipient=ukraine,
        item_types=item_types,
        hubs=list(Hub.objects.values_list("pk", flat=True)),
    )


def _lines(
    rng: random.Random, frame: Frame, n: int, dataset_id: int
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    today = dt.date.today()
    span = (today - FIRST_DAY).days
    donor_of = _Draw(list(zip(frame.donors, frame.donor_weights, strict=True)))
    status_of, releasability_of, currency_of = (
        _Draw(STATUSES),
        _Draw(RELEASABILITIES),
        _Draw(CURRENCIES),
    )
    days = [dt.timedelta(days=d) for d in range(span + 720)]
    for row in range(1, n + 1):
        donor = donor_of(rng)
        announced = FIRST_DAY + days[rng.randrange(span)]
        pledge: dict[str, Any] = {
            "donor_id": donor,
            "owner_id": donor,
            "recipient_id": frame.recipient,
            "status": status_of(rng),
            "releasability": releasability_of(rng),
            "announced_on": announced,
            "year": announced.year,
            "dataset_id": dataset_id,
            "source_row": row,
        }
        tranches: list[dict[str, Any]] = []
        if rng.random() < 0.85:
            quantity = max(1, int(rng.paretovariate(1.2)))
            pledge["kind"] = "in_kind"
            pledge["item_type_id"] = rng.choice(frame.item_types)
            pledge["quantity"] = quantity
            parts = rng.randint(1, min(3, quantity))
            cuts = sorted(rng.sample(range(1, quantity), parts - 1)) if parts > 1 else []
            for first, last in zip([0, *cuts], [*cuts, quantity], strict=True):
                tranches.append(
                    {
                        "available_from": announced + days[rng.randrange(30, 720)],
                        "quantity": last - first,
                        "transit_months": rng.randint(0, 3),
                        "hub_id": rng.choice(frame.hubs)
                        if frame.hubs and rng.random() < 0.7
                        else None,
                    }
                )
        else:
            currency = currency_of(rng)
            amount = Decimal(rng.randrange(1, 2_000)) * Decimal(1_000_000)
            pledge["kind"] = "funds"
            pledge["amount"] = amount
            pledge["currency"] = currency
            pledge["value_eur"] = (amount * EUR_PER[currency]).quantize(Decimal("0.01"))
            tranches.append({"available_from": announced + days[90], "amount": amount})
        yield pledge, tranches


class _Table:
    """How one model's rows are written: every concrete column, in order, with the model's default (prepared for
    the database once) where a generated row has no value, so a column added to the model later still gets its
    default and not a NULL the database refuses."""

    def __init__(self, model: Any, connection: Any, *, with_pk: bool) -> None:
        from django.utils import timezone

        now = timezone.now()
        self.sqlite = connection.vendor == "sqlite"
        self.name = connection.ops.quote_name(model._meta.db_table)
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        self.columns = [f.column for f in fields]
        self.attnames = [f.attname for f in fields]
        defaults: dict[str, Any] = {}
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value: Any = now
            else:
                value = (
                    f.get_default()
                )  # "" for a text column that is not nullable, as Django writes
            defaults[f.attname] = f.get_db_prep_save(value, connection) if self.sqlite else value
        self.defaults = defaults

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        get, defaults = values.get, self.defaults
        if not self.sqlite:
            return tuple(get(a, defaults[a]) for a in self.attnames)
        # SQLite stores dates and decimals as the text Django writes for them.
        return tuple(
            _sqlite_value(values[a]) if a in values else defaults[a] for a in self.attnames
        )

    def insert(self, cursor: Any, rows: list[tuple[Any, ...]]) -> None:
        columns = ", ".join(self.columns)
        if self.sqlite:
            marks = ", ".join("?" * len(self.columns))
            # The DB-API cursor, not Django's wrapper: its `executemany` takes `?` and skips a per-row debug
            # wrapper.
            cursor.cursor.executemany(
                f"INSERT INTO {self.name} ({columns}) VALUES ({marks})",
                rows,
            )
            return
        with cursor.cursor.copy(f"COPY {self.name} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


@contextmanager
def _fast_writes(connection: Any) -> Iterator[None]:
    """SQLite's fsyncs off and a large page cache while the build runs, then the connection's own settings
    back (the server's connections set theirs afresh anyway). Nothing to do on PostgreSQL: COPY is the fast
    path and its durability settings belong to the server."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        before = {}
        for name, value in SQLITE_BUILD_PRAGMAS.items():
            if name != "cache_size" and connection.in_atomic_block:
                continue  # SQLite refuses these inside a transaction (a test's, or a caller's)
            cursor.execute(f"PRAGMA {name}")
            before[name] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name} = {value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {value}")


def _pledge_ids(cursor: Any, connection: Any, count: int) -> Callable[[], int]:
    """Ids for the next `count` pledges: drawn from the sequence on PostgreSQL (so later inserts by the
    services do not collide), the next numbers after the largest on SQLite (its AUTOINCREMENT counter follows
    an explicit id)."""
    from nsatu.pledges.models import Pledge

    table = Pledge._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return iter([r[0] for r in cursor.fetchall()]).__next__
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
    return itertools.count(cursor.fetchone()[0] + 1).__next__


def ledger_drop() -> int:
    from nsatu.pledges.models import Pledge
    from nsatu.sources.models import Dataset

    dataset = Dataset.objects.filter(key=KEY).first()
    if dataset is None:
        return 0
    removed, _ = Pledge.objects.filter(dataset=dataset).delete()
    dataset.delete()
    return removed


def ledger_build(*, pledges: int, seed: int, batch: int, progress: bool = True) -> dict[str, Any]:
    from django.db import connection, transaction

    from nsatu.pledges.models import Pledge, Tranche
    from nsatu.sources.models import Dataset

    frame = _frame()
    ledger_drop()
    dataset = Dataset.objects.create(
        key=KEY,
        title="Generated pledge ledger for the scale benchmark (not real data)",
        publisher="nsatu benchmarks/ledger.py",
        citation=f"benchmarks/ledger.py --pledges {pledges} --seed {seed}",
        illustrative=True,
        rows_read=pledges,
    )
    pledge_table = _Table(Pledge, connection, with_pk=True)
    tranche_table = _Table(Tranche, connection, with_pk=False)
    rng = random.Random(seed)
    started = time.perf_counter()
    written = tranche_rows = 0
    pending: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []

    def flush() -> None:
        nonlocal written, tranche_rows
        with transaction.atomic(), connection.cursor() as cursor:
            next_id = _pledge_ids(cursor, connection, len(pending))
            pledge_rows, tranche_rows_now = [], []
            for pledge, tranches in pending:
                pledge["id"] = pk = next_id()
                pledge_rows.append(pledge_table.row(pledge))
                for tranche in tranches:
                    tranche["pledge_id"] = pk
                    tranche_rows_now.append(tranche_table.row(tranche))
            pledge_table.insert(cursor, pledge_rows)
            tranche_table.insert(cursor, tranche_rows_now)
        written += len(pledge_rows)
        tranche_rows += len(tranche_rows_now)
        pending.clear()
        if progress:
            rate = written / max(time.perf_counter() - started, 1e-9)
            print(f"  {written:,} pledge lines ({rate:,.0f}/s)", file=sys.stderr)

    with _fast_writes(connection):
        for line in _lines(rng, frame, pledges, dataset.pk):
            pending.append(line)
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # The planner's statistics still describe the demo's few hundred rows, and no page is marked
        # all-visible (so no index-only scan), until autovacuum comes round: a server that has run a while is
        # in the state VACUUM leaves. It cannot run inside a transaction (a test's): ANALYZE alone there.
        what = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{what} {pledge_table.name}, {tranche_table.name}")
    dataset.records_imported = written
    dataset.save(update_fields=["records_imported"])
    return {
        "pledges": written,
        "tranches": tranche_rows,
        "donors": len(frame.donors),
        "seconds": round(seconds, 1),
        "lines_per_second": round(written / max(seconds, 1e-9)),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pledges", type=int, default=100_000, help="pledge lines to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=50_000, help="pledge lines per transaction")
    parser.add_argument("--drop", action="store_true", help="remove a generated ledger and exit")
    args = parser.parse_args(argv)
    if args.pledges < 1 or args.batch < 1:
        parser.error("--pledges and --batch must be positive")
    _setup()
    if args.drop:
        result: dict[str, Any] = {"removed": ledger_drop()}
    else:
        result = ledger_build(pledges=args.pledges, seed=args.seed, batch=args.batch)
    print(result)
    return result


if __name__ == "__main__":
    main()
