"""The import benchmark (issue #18): `nsatu import kiel-aid` on a generated Kiel data-explorer file of N rows.

The file has the Kiel Institute's columns and number formats (EUR billions to six decimals, GDP to eleven)
and one row per donor × year × month, donors being every ISO country the system knows, so that N rows are
N distinct records. Each run starts from an empty, migrated database (a copy of a template made once), times
the first import and then an unchanged re-import of the same file, each as its own `nsatu import` process
under `/usr/bin/time -v` (wall time and peak resident memory of the whole process), and reports medians.

    python benchmarks/import_scale.py --rows 100000 --repeat 3                      # SQLite
    python benchmarks/import_scale.py --rows 100000 --repeat 3 \\
        --postgres postgres://postgres@127.0.0.1:5432                               # PostgreSQL
    python benchmarks/import_scale.py --write-only --rows 1000000 --out var/bench/kiel-1m.csv

On PostgreSQL a database named nsatu_import_bench (or `--database-name`) and its template are created, and
dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HEADER = (
    '"country","iso","year","month","total","financial","humanitarian","military",'
    '"commitments","to_be_allocated","gdp","pct_gdp"'
)
FIRST_YEAR = 1990
PG_DB = "nsatu_import_bench"


def _countries() -> list[tuple[str, str]]:
    import pycountry

    return sorted((c.alpha_3, c.name) for c in pycountry.countries)


def kiel_rows(rows: int, *, seed: int = 1) -> Iterator[str]:
    """N data lines in the Kiel data explorer's format, sorted by donor, year and month as the real file."""
    rng = random.Random(seed)
    countries = _countries()
    per_donor = -(-rows // len(countries))
    written = 0
    for code, name in countries:
        gdp = rng.uniform(5, 5000)
        quoted = '"' + name.replace('"', '""') + '"'
        for i in range(per_donor):
            if written == rows:
                return
            year, month = FIRST_YEAR + i // 12, 1 + i % 12
            military = rng.randint(0, 900_000) / 1e6 if rng.random() < 0.7 else 0.0
            financial = rng.randint(0, 500_000) / 1e6 if rng.random() < 0.4 else 0.0
            humanitarian = rng.randint(0, 100_000) / 1e6 if rng.random() < 0.5 else 0.0
            total = military + financial + humanitarian
            commitments = total + (rng.randint(0, 1000) / 1e6 if rng.random() < 0.1 else 0.0)
            allocate = rng.randint(0, 100_000) / 1e6 if rng.random() < 0.2 else 0.0
            yield (
                f'{quoted},"{code}",{year},{month},{total:.6f},{financial:.6f},{humanitarian:.6f},'
                f"{military:.6f},{commitments:.6f},{allocate:.6f},{gdp:.11f},{total / gdp * 100:.15g}\n"
            )
            written += 1


def write_file(path: Path, rows: int, *, seed: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER + "\n")
        f.writelines(kiel_rows(rows, seed=seed))
    return path


def _nsatu(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "nsatu.cli", *args]
    return subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=True)


def _timed_import(env: dict[str, str], path: Path) -> dict[str, Any]:
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "nsatu.cli",
        "import",
        "kiel-aid",
        str(path),
    ]
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"nsatu import failed:\n{done.stdout}\n{done.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = [float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)]
    assert wall and rss and len(cpu) == 2, done.stderr
    hours, minutes, seconds = int(wall.group(1) or 0), int(wall.group(2)), float(wall.group(3))
    summary = next(line for line in done.stdout.splitlines() if "rows read" in line)
    counts = re.search(r"(\d+) created, (\d+) updated, (\d+) unchanged", summary)
    assert counts, summary
    return {
        "seconds": round(hours * 3600 + minutes * 60 + seconds, 2),
        "cpu_seconds": round(sum(cpu), 2),
        "peak_rss_mb": round(int(rss.group(1)) / 1024),
        "created": int(counts.group(1)),
        "updated": int(counts.group(2)),
        "unchanged": int(counts.group(3)),
    }


class _Database:
    """A migrated empty database, and a fresh copy of it for every run."""

    def __init__(self, postgres: str | None, workdir: Path, name: str = PG_DB) -> None:
        self.postgres = postgres.rstrip("/") if postgres else None
        self.name = name
        self.workdir = workdir
        self.env = {**os.environ, "NSATU_VAR_DIR": str(workdir / "var"), "NSATU_ENV": "development"}
        self.env.pop("DJANGO_SETTINGS_MODULE", None)

    def _psql(self, sql: str) -> None:
        assert self.postgres
        subprocess.run(
            ["psql", f"{self.postgres}/postgres", "-q", "-c", sql], check=True, capture_output=True
        )

    def prepare(self) -> None:
        if self.postgres:
            self._psql(f"DROP DATABASE IF EXISTS {self.name}_template")
            self._psql(f"CREATE DATABASE {self.name}_template")
            env = {**self.env, "DATABASE_URL": f"{self.postgres}/{self.name}_template"}
        else:
            env = {**self.env, "DATABASE_URL": f"sqlite:///{self.workdir / 'template.sqlite3'}"}
        _nsatu(env, "migrate", "--no-input")

    def fresh(self) -> dict[str, str]:
        if self.postgres:
            self._psql(f"DROP DATABASE IF EXISTS {self.name}")
            self._psql(f"CREATE DATABASE {self.name} TEMPLATE {self.name}_template")
            return {**self.env, "DATABASE_URL": f"{self.postgres}/{self.name}"}
        target = self.workdir / "run.sqlite3"
        for stale in self.workdir.glob("run.sqlite3*"):
            stale.unlink()
        shutil.copyfile(self.workdir / "template.sqlite3", target)
        return {**self.env, "DATABASE_URL": f"sqlite:///{target}"}

    def drop(self) -> None:
        if self.postgres:
            self._psql(f"DROP DATABASE IF EXISTS {self.name}")
            self._psql(f"DROP DATABASE IF EXISTS {self.name}_template")


def _median(runs: list[dict[str, Any]], name: str) -> float:
    return round(float(statistics.median(r[name] for r in runs)), 2)


def bench(
    rows: int, *, repeat: int, postgres: str | None, file: Path, name: str = PG_DB
) -> dict[str, Any]:
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="nsatu-import-bench-") as tmp:
        database = _Database(postgres, Path(tmp), name)
        try:
            # Inside the try: a failed migration still drops the template it created.
            database.prepare()
            first, again = [], []
            for _ in range(repeat):
                env = database.fresh()
                first.append(_timed_import(env, file))
                again.append(_timed_import(env, file))
        finally:
            database.drop()
    return {
        "database": "postgresql" if postgres else "sqlite",
        "rows": rows,
        "repeat": repeat,
        "load_average": load,
        "load_average_after": os.getloadavg(),
        "import": {
            "median_s": _median(first, "seconds"),
            "median_cpu_s": _median(first, "cpu_seconds"),
            "median_peak_rss_mb": _median(first, "peak_rss_mb"),
            "runs": first,
        },
        "reimport": {
            "median_s": _median(again, "seconds"),
            "median_cpu_s": _median(again, "cpu_seconds"),
            "median_peak_rss_mb": _median(again, "peak_rss_mb"),
            "runs": again,
        },
    }


def markdown(reports: list[dict[str, Any]]) -> str:
    """The figures as rows of a Markdown table, for benchmarks/RESULTS.md."""
    lines = [
        "| database | rows | what | median wall | median CPU (user+sys) | median peak RSS | runs (wall s) | load avg |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        for what, label in (("import", "first import"), ("reimport", "unchanged re-import")):
            f = r[what]
            counts = f["runs"][0]
            lines.append(
                f"| {r['database']} | {r['rows']:,} | {label} ({counts['created']:,} created, "
                f"{counts['updated']} updated, {counts['unchanged']:,} unchanged) | {f['median_s']} s "
                f"| {f['median_cpu_s']} s | {f['median_peak_rss_mb']:.0f} MB "
                f"| {', '.join(str(run['seconds']) for run in f['runs'])} "
                f"| {' / '.join(f'{x:.1f}' for x in r['load_average'])} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="file size(s); default 100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres",
        help="server URL without a database name, e.g. postgres://postgres@127.0.0.1:5432",
    )
    parser.add_argument(
        "--database-name", default=PG_DB, help=f"PostgreSQL database to create (default {PG_DB})"
    )
    parser.add_argument(
        "--out", type=Path, help="where the generated file goes (default: a temporary file)"
    )
    parser.add_argument("--write-only", action="store_true", help="write the file and stop")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    reports = []
    for rows in args.rows or [100_000]:
        with tempfile.TemporaryDirectory(prefix="nsatu-kiel-") as tmp:
            target = args.out or Path(tmp) / f"kiel-{rows}.csv"
            if len(args.rows or []) > 1 and args.out:
                target = args.out.with_name(f"{args.out.stem}-{rows}{args.out.suffix}")
            started = time.perf_counter()
            write_file(target, rows, seed=args.seed)
            print(
                f"wrote {rows} rows to {target} in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
            if args.write_only:
                continue
            report = bench(
                rows,
                repeat=args.repeat,
                postgres=args.postgres,
                file=target,
                name=args.database_name,
            )
        print(json.dumps(report, indent=2))
        reports.append(report)
    if reports:
        print(markdown(reports))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(reports, indent=2))
    return reports


if __name__ == "__main__":
    main()
