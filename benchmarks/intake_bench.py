"""Median milliseconds per article of the intake extractor (nsatu.engine.intake), no database.

    python benchmarks/intake_bench.py [FOLDER ...] [--repeat 5] [--rules-only] [--last 264]

Reads every .txt/.html file in the folders (default: the development set in var/intake-dev, see
data/intake-dev/README.md, and the seed articles in ../shared/data/articles; numbered files above --last are
skipped, a blind round), extracts claims with the shipped equipment table as the catalogue (and the learned
filter, unless --rules-only), and prints the median, the 90th and the 95th percentile over articles of the
best of `--repeat` runs per article, with the load average beside them (the machine may be shared). The first
call (pysbd, dateparser and pycountry load lazily) is timed apart.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nsatu.engine.intake import (  # noqa: E402
    ItemEntry,
    ItemMatcher,
    extract_claims,
    kind_for,
    read_document,
)
from nsatu.engine.intake.extract import SHIPPED  # noqa: E402

DEFAULT_FOLDERS = (ROOT / "var" / "intake-dev", ROOT.parent / "shared" / "data" / "articles")


def matcher() -> ItemMatcher:
    with (ROOT / "data" / "reference" / "equipment_types.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return ItemMatcher.from_entries(ItemEntry(-n, row["name"]) for n, row in enumerate(rows, 1))


def texts(folders: list[Path], last: int) -> list[tuple[str, str]]:
    found = []
    for folder in folders:
        for path in sorted(folder.glob("*")):
            if path.suffix.lower() not in (".txt", ".html", ".htm"):
                continue
            if path.stem.isdigit() and int(path.stem) > last:
                continue  # a numbered article after the development set: a blind round, kept unread
            data = path.read_bytes()
            read = read_document(
                data, kind=kind_for(path.name, data), name=path.name, max_bytes=10**7
            )
            found.append((path.name, read.text))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--last",
        type=int,
        default=264,
        help="skip numbered files above this (the development set ends at 264; later ones are blind)",
    )
    parser.add_argument(
        "--rules-only", action="store_true", help="time the rules without the learned filter"
    )
    args = parser.parse_args()
    model = None if args.rules_only else SHIPPED
    folders = [f for f in (args.folders or DEFAULT_FOLDERS) if f.is_dir()]
    articles = texts(folders, args.last)
    if not articles:
        print("no articles found in " + ", ".join(map(str, args.folders or DEFAULT_FOLDERS)))
        return 1
    items = matcher()
    started = time.perf_counter()
    extract_claims(articles[0][1], matcher=items, model=model)
    first = (time.perf_counter() - started) * 1000
    per_article = []
    for _, text in articles:
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            extract_claims(text, matcher=items, model=model)
            runs.append((time.perf_counter() - started) * 1000)
        per_article.append(min(runs))
    chars = statistics.median(len(text) for _, text in articles)
    p90 = statistics.quantiles(per_article, n=10)[-1] if len(per_article) >= 2 else per_article[0]
    p95 = statistics.quantiles(per_article, n=20)[-1] if len(per_article) >= 2 else per_article[0]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{len(articles)} articles (median {chars:.0f} characters) from {', '.join(map(str, folders))}\n"
        f"first call (lazy loading): {first:.0f} ms\n"
        f"median per article: {statistics.median(per_article):.1f} ms; 90th percentile: {p90:.1f} ms; "
        f"95th percentile: {p95:.1f} ms; max {max(per_article):.1f} ms (best of {args.repeat} runs each)\n"
        f"learned filter: {'off' if model is None else 'the shipped one, if adopted'}\n"
        f"load average: {load}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
