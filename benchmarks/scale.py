"""The scale benchmark (issue #18): the pages, API reads and exports a user waits for, on a large ledger.

Runs in-process against the database in DATABASE_URL (Django's test client: the whole request path, no
network), after `benchmarks/ledger.py` has written a ledger of the chosen size:

    nsatu demo --no-serve && python benchmarks/ledger.py --pledges 1000000
    python benchmarks/scale.py --repeat 20 --json var/bench/scale-sqlite.json

Each row is timed `--repeat` times after one warm-up and reported as median and p95, with the machine's
load average beside it (this sandbox is shared: read medians and ratios, not single runs). The CSV export is
timed in rounds back to back with the raw SQL of the same rows (and the export's own SQL), streamed into a
counter; its peak memory (tracemalloc, which slows what it watches) comes from one more, untimed run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
COORDINATOR = "coord.ribeiro"


def _setup() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _timed(fn: Callable[[], Any], repeat: int, budget: float = 120.0) -> dict[str, float]:
    """Median and p95 of `repeat` runs after one warm-up; a row slower than `budget` seconds stops repeating
    (a page that takes minutes at a million lines is reported from the runs it had time for, their number
    beside it)."""
    started = time.perf_counter()
    fn()  # warm-up: connections, template loading, the database's page cache
    warm = time.perf_counter() - started
    runs: list[float] = []
    spent = 0.0
    for _ in range(repeat):
        if runs and spent > budget:
            break
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
        spent += runs[-1]
    runs = runs or [warm]
    runs.sort()
    p95 = runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))]
    return {
        "median_ms": round(statistics.median(runs) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "runs": len(runs),
        "warm_up_ms": round(warm * 1000, 1),
    }


def _client(username: str) -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _get(client: Any, path: str) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")
        if getattr(response, "streaming", False):
            for _ in response.streaming_content:
                pass
        return response

    return call


def _biggest_donor() -> tuple[str, int]:
    from django.db.models import Count

    from nsatu.pledges.models import Pledge

    row = (
        Pledge.objects.values("donor__code")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("donor__code", "n")
        .first()
    )
    if row is None:
        raise SystemExit("no pledges: run benchmarks/ledger.py first")
    return row[0], row[1]


def _export(client: Any, repeat: int = 3) -> dict[str, Any]:
    """The coordinator's CSV export of every pledge, streamed into a counter, and right after it the raw SQL of
    the pledge table read by a plain cursor (the issue's reference) and the export's own SQL read by a plain
    cursor (same rows, same order, visibility included): `repeat` rounds back to back, medians and the median
    of the rounds' ratios. The peak memory comes from one more export under tracemalloc, untimed: tracing every
    allocation slows the Python side about threefold."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from nsatu.core.paging import sort_of
    from nsatu.pledges.export_selectors import pledge_export_rows
    from nsatu.pledges.views import SORTS

    def export() -> tuple[int, bool]:
        response = client.get("/pledges/?format=csv")
        body = response.streaming_content if response.streaming else [response.content]
        return sum(len(chunk) for chunk in body), bool(response.streaming)

    def raw_sql() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.id, d.name, p.kind, p.status, p.quantity, p.amount, p.currency, p.value_eur,"
                " p.announced_on, i.name FROM pledges_pledge p JOIN parties_party d ON d.id = p.donor_id"
                " LEFT JOIN catalogue_itemtype i ON i.id = p.item_type_id ORDER BY p.id"
            )
            return sum(1 for _ in iter(cursor.fetchone, None))

    coordinator = get_user_model().objects.get(username=COORDINATOR)
    order = sort_of(None, SORTS, default="-announced").fields

    def export_sql() -> int:
        chunks = pledge_export_rows(user=coordinator, order=order).plain_chunks()
        return sum(len(chunk) for chunk in chunks)

    def seconds(fn: Callable[[], Any]) -> tuple[float, Any]:
        started = time.perf_counter()
        result = fn()
        return time.perf_counter() - started, result

    rounds = []
    for _ in range(repeat):
        spent, (size, streamed) = seconds(export)
        raw, rows = seconds(raw_sql)
        own, own_rows = seconds(export_sql)
        rounds.append((spent, raw, own))
    tracemalloc.start()
    export()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    median = statistics.median
    return {
        "seconds": round(median(r[0] for r in rounds), 2),
        "bytes": size,
        "streamed": streamed,
        "peak_memory_mb": round(peak / 2**20, 1),
        "raw_sql_seconds": round(median(r[1] for r in rounds), 2),
        "raw_sql_rows": rows,
        "ratio_to_raw_sql": round(median(r[0] / r[1] for r in rounds), 2),
        "export_sql_seconds": round(median(r[2] for r in rounds), 2),
        "export_sql_rows": own_rows,
        "ratio_to_export_sql": round(median(r[0] / r[2] for r in rounds), 2),
        "rounds": [[round(x, 2) for x in r] for r in rounds],
    }


def explain(client: Any, path: str) -> None:
    """Print the plan of every query a page runs on the pledge table (EXPLAIN QUERY PLAN on SQLite,
    EXPLAIN ANALYZE on PostgreSQL), for docs/performance.md."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _get(client, path)()
    for query in captured.captured_queries:
        sql = query["sql"]
        if "pledges_pledge" not in sql or not sql.lstrip().upper().startswith("SELECT"):
            continue
        analyze = (
            "EXPLAIN (ANALYZE, BUFFERS) "
            if connection.vendor == "postgresql"
            else "EXPLAIN QUERY PLAN "
        )
        with connection.cursor() as cursor:
            cursor.execute(analyze + sql)
            plan = [" | ".join(str(c) for c in row) for row in cursor.fetchall()]
        print(f"### {path} ({query['time']} s)\n{sql[:300]}...\n" + "\n".join(plan) + "\n")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument(
        "--budget", type=float, default=120.0, help="seconds of timed runs per row, at most"
    )
    parser.add_argument("--no-export", action="store_true", help="skip the full CSV export")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        help="skip the rows whose name contains this (repeatable)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--explain",
        metavar="PATH",
        help="print the query plans of one page (e.g. /pledges/) and exit",
    )
    args = parser.parse_args(argv)
    _setup()
    if args.explain:
        explain(_client(COORDINATOR), args.explain)
        return {}
    from django.db import connection

    from nsatu.pledges.models import Pledge

    donor, donor_lines = _biggest_donor()
    coordinator = _client(COORDINATOR)
    rows = {
        "pledges list page": _get(coordinator, "/pledges/"),
        "pledges list page, last page": _get(coordinator, "/pledges/?cursor=last"),
        "pledges list page, by donor": _get(coordinator, "/pledges/?sort=donor"),
        "GET /api/pledges/ first page": _get(coordinator, "/api/pledges/?limit=50"),
        "donor page of the biggest donor": _get(coordinator, f"/parties/{donor}/"),
    }
    report: dict[str, Any] = {
        "database": connection.vendor,
        "pledge_lines": Pledge.objects.count(),
        "biggest_donor": {"code": donor, "lines": donor_lines},
        "load_average": os.getloadavg(),
        "rows": {},
    }
    for name, fn in rows.items():
        if any(part in name for part in args.skip):
            continue
        report["rows"][name] = _timed(fn, args.repeat, args.budget)
        print(f"{name}: {report['rows'][name]}", file=sys.stderr)
    if not args.no_export:
        report["csv_export"] = _export(coordinator)
    report["load_average_after"] = os.getloadavg()
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
