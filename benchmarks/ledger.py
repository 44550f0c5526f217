"""A large, realistic pledge ledger written straight into the database, for the scale benchmark (issue #18).

Shape: the real parties and item types of a built database (run `nsatu demo --no-serve` first), and N pledge
lines drawn like the real ledger's — donors Zipf-skewed (the biggest holds about a fifth of the lines), 85 %
in kind with an item type and a quantity split over one to three tranches whose quantities add up to the
pledge's, 15 % funds with an amount, a currency and its EUR value; statuses and releasabilities in the
proportions a command sees (most public, some for participants, some command- or owner-only); announced
between the invasion and yesterday. Every line belongs to one dataset marked illustrative, so every page
badges it and `--drop` removes the lot.

Rows go in through bulk inserts of `--batch` lines, which skip the services on purpose (a million audit
events would measure the audit trail, not the ledger) but keep the invariants the services keep: the
models' check constraints, owner = donor, tranches that add up, versions at 1.

    nsatu demo --no-serve
    python benchmarks/ledger.py --pledges 1000000 --seed 1      # about 1 minute per 100,000 lines here
    python benchmarks/ledger.py --drop
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence
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


@dataclass(frozen=True)
class Frame:
    """What a generated line hangs on: ids read once from the built database."""

    donors: Sequence[int]
    donor_weights: Sequence[float]
    recipient: int
    item_types: Sequence[int]
    hubs: Sequence[int]


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


def _pick(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _lines(
    rng: random.Random, frame: Frame, n: int, dataset_id: int
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    today = dt.date.today()
    span = (today - FIRST_DAY).days
    for row in range(1, n + 1):
        donor = rng.choices(frame.donors, weights=frame.donor_weights)[0]
        announced = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        pledge: dict[str, Any] = {
            "donor_id": donor,
            "owner_id": donor,
            "recipient_id": frame.recipient,
            "status": _pick(rng, STATUSES),
            "releasability": _pick(rng, RELEASABILITIES),
            "announced_on": announced,
            "year": announced.year,
            "dataset_id": dataset_id,
            "source_row": row,
        }
        tranches: list[dict[str, Any]] = []
        if rng.random() < 0.85:
            quantity = max(1, int(rng.paretovariate(1.2)))
            pledge |= {"kind": "in_kind", "item_type_id": rng.choice(frame.item_types)}
            pledge["quantity"] = quantity
            parts = rng.randint(1, min(3, quantity))
            cuts = sorted(rng.sample(range(1, quantity), parts - 1)) if parts > 1 else []
            for first, last in zip([0, *cuts], [*cuts, quantity], strict=True):
                tranches.append(
                    {
                        "available_from": announced + dt.timedelta(days=rng.randrange(30, 720)),
                        "quantity": last - first,
                        "transit_months": rng.randint(0, 3),
                        "hub_id": rng.choice(frame.hubs)
                        if frame.hubs and rng.random() < 0.7
                        else None,
                    }
                )
        else:
            currency = _pick(rng, CURRENCIES)
            amount = Decimal(rng.randrange(1, 2_000)) * Decimal(1_000_000)
            pledge |= {
                "kind": "funds",
                "amount": amount,
                "currency": currency,
                "value_eur": (amount * EUR_PER[currency]).quantize(Decimal("0.01")),
            }
            tranches.append({"available_from": announced + dt.timedelta(days=90), "amount": amount})
        yield pledge, tranches


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
    rng = random.Random(seed)
    started = time.perf_counter()
    written = tranche_rows = 0
    pending: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []

    def flush() -> None:
        nonlocal written, tranche_rows
        made = Pledge.objects.bulk_create([Pledge(**p) for p, _ in pending], batch_size=batch)
        rows = [
            Tranche(pledge_id=obj.pk, **t)
            for obj, (_, ts) in zip(made, pending, strict=True)
            for t in ts
        ]
        Tranche.objects.bulk_create(rows, batch_size=batch)
        written += len(made)
        tranche_rows += len(rows)
        pending.clear()
        if progress:
            rate = written / max(time.perf_counter() - started, 1e-9)
            print(f"  {written:,} pledge lines ({rate:,.0f}/s)", file=sys.stderr)

    for line in _lines(rng, frame, pledges, dataset.pk):
        pending.append(line)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    dataset.records_imported = written
    dataset.save(update_fields=["records_imported"])
    return {
        "pledges": written,
        "tranches": tranche_rows,
        "donors": len(frame.donors),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pledges", type=int, default=100_000, help="pledge lines to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=5_000, help="rows per bulk insert")
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
