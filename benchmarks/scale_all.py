"""Every row of the scale issue's table (#18), on SQLite and PostgreSQL, into benchmarks/RESULTS.md.

One driver over the benchmark scripts, each run as its own process against the database it is given:

- pages: the pledge list, `GET /api/pledges/`, the biggest donor's page and the CSV export with the raw SQL of
  the same rows (`benchmarks/scale.py`, in-process requests, median / p95);
- import: `nsatu import kiel-aid` of a generated 1 M-row file and its unchanged re-import
  (`benchmarks/import_scale.py`, on a fresh database of the same kind);
- load: API reads through `nsatu serve`, 64 connections, on the demo database and on the large one
  (`benchmarks/load_api.py`, skipped with "not run" when that script is absent);
- allocation: the national instance and three times it, against plain highspy and PuLP + CBC
  (`benchmarks/run.py`; no database, so once, in its own column).

Each group's figures are kept in `--out/scale-all.json` (a later run of one group replaces that group only; the
CSV export is kept apart, so `--no-export` keeps the last one), and `--take GROUP:DB=FILE` adopts a JSON another
run of those scripts wrote (`pages:sqlite=` or `export:sqlite=` a scale.py JSON, `import:postgresql=` an
import_scale.py one, `load:sqlite:demo=` or `load:sqlite:large=` a load_api.py one, `allocation:-=` a file
`{"1": run.py JSON, "3": …, "solvers": a run.py JSON with the other solvers}`). The table is written between
the markers `<!-- scale-table:start -->` and `<!-- scale-table:end -->` of `--results`.

    # the databases: a demo database each, its copy for the "demo database" load row, then the ledger
    python benchmarks/scale_all.py --build 1000000 --sqlite var/bench/sqlite \\
        --postgres postgres://postgres@127.0.0.1:5432/nsatu_scale
    # the rows (groups: pages, import, load, allocation; pages by default)
    python benchmarks/scale_all.py --sqlite var/bench/sqlite \\
        --postgres postgres://postgres@127.0.0.1:5432/nsatu_scale --rows pages,import,load,allocation
    python benchmarks/scale_all.py --smoke --sqlite var/bench/smoke    # tiny sizes, a few minutes

`--sqlite` names an NSATU_VAR_DIR (its nsatu.sqlite3 is the database), `--postgres` a DATABASE_URL. The demo
database of the load row is the same path or name with `_demo` appended, written by `--build`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
START, END = "<!-- scale-table:start -->", "<!-- scale-table:end -->"
GROUPS = ("pages", "import", "load", "allocation")
NOT_RUN = "not run"


@dataclass(frozen=True)
class Sizes:
    ledger: int
    repeat: int
    import_rows: int
    load_seconds: int
    allocation_scales: tuple[float, ...]
    allocation_repeat: int


FULL = Sizes(1_000_000, 15, 1_000_000, 30, (1.0, 3.0), 3)
SMOKE = Sizes(2_000, 1, 2_000, 3, (0.01,), 1)


@dataclass(frozen=True)
class Database:
    """One database the rows run against, and how a child process is pointed at it."""

    vendor: str  # "sqlite" or "postgresql"
    location: str  # NSATU_VAR_DIR or DATABASE_URL

    def env(self, *, demo: bool = False) -> dict[str, str]:
        env = {**os.environ, "NSATU_REQUIRE_OTP": "0", "NSATU_DEBUG": "0"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        where = self.location + "_demo" if demo else self.location
        if self.vendor == "sqlite":
            env.pop("DATABASE_URL", None)
            env["NSATU_VAR_DIR"] = where
        else:
            env["DATABASE_URL"] = where
            env["NSATU_VAR_DIR"] = str(Path(tempfile.gettempdir()) / f"nsatu-{self.name(where)}")
        return env

    @staticmethod
    def name(url: str) -> str:
        return url.rsplit("/", 1)[-1]

    def server(self) -> str:
        return self.location.rsplit("/", 1)[0]


def _python(script: str, *args: str, env: dict[str, str]) -> None:
    command = [sys.executable, str(REPO / "benchmarks" / script), *args]
    print("$", " ".join(command[1:]), file=sys.stderr)
    subprocess.run(command, env=env, cwd=REPO, check=True)


def _psql(server: str, sql: str) -> None:
    subprocess.run(["psql", f"{server}/postgres", "-q", "-c", sql], check=True)


def build(db: Database, sizes: Sizes) -> None:
    """A demo database, its copy as the demo database of the load row, then the generated ledger."""
    nsatu = [sys.executable, "-m", "nsatu.cli", "demo", "--no-serve"]
    if db.vendor == "postgresql":
        name = db.name(db.location)
        for stale in (name, f"{name}_demo"):
            _psql(db.server(), f"DROP DATABASE IF EXISTS {stale}")
        _psql(db.server(), f"CREATE DATABASE {name}")
    else:
        shutil.rmtree(db.location, ignore_errors=True)
        shutil.rmtree(db.location + "_demo", ignore_errors=True)
    subprocess.run(nsatu, env=db.env(), cwd=REPO, check=True)
    if db.vendor == "postgresql":
        _psql(db.server(), f"CREATE DATABASE {name}_demo TEMPLATE {name}")
    else:
        shutil.copytree(db.location, db.location + "_demo")
    _python("ledger.py", "--pledges", str(sizes.ledger), "--seed", "1", env=db.env())


def _json(path: Path) -> Any:
    return json.loads(path.read_text())


def run_pages(db: Database, sizes: Sizes, out: Path, *, export: bool, skip: list[str]) -> Any:
    target = out / f"pages-{db.vendor}.json"
    args = ["--repeat", str(sizes.repeat), "--json", str(target)]
    args += [f"--skip={part}" for part in skip] + ([] if export else ["--no-export"])
    _python("scale.py", *args, env=db.env())
    return _json(target)


def run_import(db: Database, sizes: Sizes, out: Path) -> Any:
    target = out / f"import-{db.vendor}.json"
    args = ["--rows", str(sizes.import_rows), "--repeat", "1", "--json", str(target)]
    if db.vendor == "postgresql":
        args += ["--postgres", db.server()]
    _python("import_scale.py", *args, env=db.env())
    return _json(target)[0]


def run_load(db: Database, sizes: Sizes, out: Path) -> Any:
    if not (REPO / "benchmarks" / "load_api.py").exists():
        return {"not_run": "benchmarks/load_api.py is not in this tree"}
    figures: dict[str, Any] = {}
    for which, demo in (("demo", True), ("large", False)):
        target = out / f"load-{which}-{db.vendor}.json"
        args = ["--serve", "--workers", "2", "--connections", "64"]
        args += ["--seconds", str(sizes.load_seconds), "--json", str(target)]
        env = db.env(demo=demo)
        if db.vendor == "sqlite" and not (Path(env["NSATU_VAR_DIR"]) / "nsatu.sqlite3").exists():
            figures[which] = {"not_run": "no demo database: build with --build"}
            continue
        try:
            _python("load_api.py", *args, env=env)
            figures[which] = _json(target)
        except subprocess.CalledProcessError as failure:
            figures[which] = {"not_run": f"load_api.py exited with {failure.returncode}"}
    return figures


def run_allocation(sizes: Sizes, out: Path) -> Any:
    figures = {}
    for scale in sizes.allocation_scales:
        target = out / f"allocation-{scale:g}.json"
        args = ["--scale", f"{scale:g}", "--repeat", str(sizes.allocation_repeat)]
        args += ["--plain-repeat", "1", "--pulp-repeat", "1", "--json", str(target)]
        _python("run.py", *args, env={**os.environ})
        figures[f"{scale:g}"] = _json(target)
    return figures


def run_pages_in_process(sizes: Sizes, out: Path) -> Any:
    """The page rows against the database this process is already connected to (the smoke test's)."""
    from benchmarks import scale

    target = out / "pages-in-process.json"
    return scale.main(["--repeat", str(sizes.repeat), "--json", str(target)])


# The table: one row per line of the table, each with its target and how to read the figure.


def _ms(row: dict[str, Any]) -> str:
    runs = row.get("runs", 0)
    few = f" ({runs} run{'s' * (runs > 1)})" if 0 < runs < 5 else ""
    return f"{row['median_ms']:,.0f} / {row['p95_ms']:,.0f} ms{few}"


def _met(ok: bool) -> str:
    return "✅" if ok else "❌"


def _page(name: str, limit_ms: float, *, cached: bool = False) -> Callable[[Any], str]:
    def cell(figures: Any) -> str:
        row = (figures or {}).get("rows", {}).get(name)
        if not row:
            return NOT_RUN
        # A page that fills a cache on its first view: that view's time too.
        cold = row.get("warm_up_ms", 0)
        first = f", first view {cold / 1000:,.1f} s" if cached and cold > 2 * row["p95_ms"] else ""
        return f"{_ms(row)}{first} {_met(row['p95_ms'] <= limit_ms)}"

    return cell


def _load(which: str, rate: float, p99: float) -> Callable[[Any], str]:
    def cell(figures: Any) -> str:
        got = (figures or {}).get(which)
        if not got or "not_run" in got or "req_per_s" not in got:
            return f"{NOT_RUN}" + (f" ({got['not_run']})" if got and "not_run" in got else "")
        ok = got["req_per_s"] >= rate and got["p99_ms"] <= p99 and not got.get("non_2xx_3xx")
        load = str(got.get("load_average_before", "")).split()[:1]
        return (
            f"{got['req_per_s']:,.0f} req/s, p50 {got['p50_ms']:,.0f} ms, "
            f"p99 {got['p99_ms']:,.0f} ms{f' (load {load[0]})' if load else ''} {_met(ok)}"
        )

    return cell


def _import(which: str) -> Callable[[Any], str]:
    def cell(figures: Any) -> str:
        if not figures:
            return NOT_RUN
        got = figures[which]
        counts = got["runs"][0]
        if which == "import":
            ok = got["median_s"] <= 60 and got["median_peak_rss_mb"] <= 1024
            what = f"{counts['created']:,} created"
        else:
            ok = got["median_s"] <= 20 and counts["created"] == counts["updated"] == 0
            what = f"{counts['created'] + counts['updated']} changed"
        return (
            f"{got['median_s']:,.1f} s, peak RSS {got['median_peak_rss_mb']:,.0f} MB, "
            f"{what} {_met(ok)}"
        )

    return cell


def _export(figures: Any) -> str:
    got = (figures or {}).get("csv_export")
    if not got:
        return NOT_RUN
    ok = bool(got["streamed"]) and (got["ratio_to_raw_sql"] or 99) <= 2
    return (
        f"{got['seconds']:,.1f} s ({'streamed' if got['streamed'] else 'not streamed'}, "
        f"peak {got['peak_memory_mb']} MB traced); raw SQL {got['raw_sql_seconds']:,.2f} s, "
        f"× {got['ratio_to_raw_sql']} {_met(ok)}"
    )


def _allocation(scale: str, limit_s: float) -> Callable[[Any], str]:
    def cell(figures: Any) -> str:
        got = (figures or {}).get(scale)
        if not got:
            return NOT_RUN
        if isinstance(got, str):  # a run that gave no figure, and why
            return f"{got} {_met(False)}"
        runs = sorted(got["runs_s"]["nsatu_total_s"])
        median, p95 = got["median_s"]["nsatu_total_s"], runs[round(0.95 * (len(runs) - 1))]
        return f"{median:,.2f} / {p95:,.2f} s ({len(runs)} runs) {_met(p95 <= limit_s)}"

    return cell


def _solvers(figures: Any) -> str:
    # A run with the other solvers may be apart from the timed nsatu runs (they take minutes each).
    got = (figures or {}).get("solvers") or (figures or {}).get("1")
    if not got:
        return NOT_RUN
    plain, pulp = got.get("ratio_total_to_plain_highspy"), got.get("ratio_pulp_to_nsatu")
    if plain is None or pulp is None or plain != plain or pulp != pulp:  # NaN: not run
        return NOT_RUN
    plain_x = 1 / plain if plain else float("inf")
    ok = plain_x >= 100 and pulp >= 100
    limits = " (a solver hit its time limit: lower bound)" * bool(
        got.get("highspy_unfinished") or got.get("pulp_unfinished")
    )
    return f"highspy {plain_x:,.0f} ×, PuLP+CBC {pulp:,.0f} ×{limits} {_met(ok)}"


ROWS: tuple[tuple[str, str, str, Callable[[Any], str]], ...] = (
    ("pledges list page", "p95 ≤ 300 ms", "pages", _page("pledges list page", 300)),
    (
        "`GET /api/pledges/` first page",
        "p95 ≤ 100 ms",
        "pages",
        _page("GET /api/pledges/ first page", 100),
    ),
    (
        "donor page of the biggest donor",
        "p95 ≤ 300 ms",
        "pages",
        _page("donor page of the biggest donor", 300, cached=True),
    ),
    (
        "API reads, demo database, 2 workers, 64 connections",
        "≥ 500 req/s, p99 ≤ 100 ms",
        "load",
        _load("demo", 500, 100),
    ),
    (
        "API reads, large ledger, 64 connections",
        "≥ 300 req/s, p99 ≤ 200 ms",
        "load",
        _load("large", 300, 200),
    ),
    ("`nsatu import kiel-aid`, 1 M rows", "≤ 60 s, peak RSS ≤ 1 GB", "import", _import("import")),
    ("re-import of the same rows", "≤ 20 s, 0 changed", "import", _import("reimport")),
    ("CSV export of every pledge (coordinator)", "streamed, ≤ 2 × raw SQL", "export", _export),
    ("allocation, national scale, median / p95", "≤ 3 s quiet", "allocation", _allocation("1", 3)),
    ("allocation, 3 × national, median / p95", "≤ 15 s", "allocation", _allocation("3", 15)),
    ("plain highspy / PuLP+CBC against nsatu, national", "≥ 100 × both", "allocation", _solvers),
)


def _when(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "–"
    load = " / ".join(f"{x:.1f}" for x in entry["load_average"]) or "as its source gives it"
    return f"{entry['at']}, load {load}"


@dataclass
class Previous:
    """The table already in RESULTS.md: its cells by (row label, database) and its "Measured" lines by key."""

    cells: dict[tuple[str, str], str] = field(default_factory=dict)
    measured: dict[str, str] = field(default_factory=dict)


_ALLOCATION_LABELS = frozenset(label for label, _, group, _ in ROWS if group == "allocation")
_CELL_SPLIT = re.compile(r" (?<!\\)\| ")


def _escaped(cell: str) -> str:
    return cell.replace("|", "\\|")


def _cells(row: str) -> list[str]:
    inner = row.strip().removeprefix("| ").removesuffix(" |")
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(inner)]


def previous_table(text: str) -> Previous:
    if START not in text or END not in text:
        return Previous()
    table = text.split(START, 1)[1].split(END, 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    out = Previous()
    if not rows:
        return out
    head = _cells(rows[0])
    databases = [h.split(" ", 1)[0] for h in head[2:]]
    for row in rows[1:]:
        cells = _cells(row)
        if len(cells) != len(head):
            continue  # a row that does not parse keeps nothing rather than shifting its cells
        if (
            cells[0] in _ALLOCATION_LABELS
        ):  # one figure, whatever the first database column is named
            out.cells[(cells[0], "-")] = cells[2]
            continue
        for db, cell in zip(databases, cells[2:], strict=True):
            out.cells[(cells[0], db)] = cell
    for line in table.splitlines():
        if line.startswith("- ") and ": " in line:
            key = line[2:].split(": ", 1)[0]
            out.measured[key if ":" in key else f"{key}:-"] = line
    return out


def section(
    store: dict[str, Any], previous: Previous | None = None, fresh: set[str] | None = None
) -> str:
    """The generated part of RESULTS.md: the table, then when and under what load each group ran.

    A group this run did not measure (a key of the store not in `fresh`; all are fresh when `fresh` is None)
    keeps the cell and the "Measured" line it had in `previous`: a rerun of the page rows on one database
    leaves the import, load, export and allocation figures standing, and an older figure in the store never
    replaces a newer one in the table.
    """
    previous = previous or Previous()
    fresh = set(store) if fresh is None else fresh
    kept = {db for (_, db) in previous.cells if db != "-"}
    databases = [
        v for v in ("sqlite", "postgresql") if any(k.endswith(f":{v}") for k in store) or v in kept
    ]
    databases = databases or ["sqlite", "postgresql"]
    reused: set[str] = set()

    def cell_for(label: str, key: str, db: str, cell: Callable[[Any], str]) -> str:
        if key in store and (key in fresh or (label, db) not in previous.cells):
            return _escaped(cell(store[key]["figures"]))
        if (label, db) in previous.cells:
            reused.add(key)
            return _escaped(previous.cells[(label, db)])
        return cell(None)

    head = ["what", "target", *(f"{d} (median / p95)" for d in databases)]
    lines = [START, "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    sizes = {
        k: v["figures"].get("pledge_lines")
        for k, v in store.items()
        if k.split(":")[0] in ("pages", "export")
    }
    for label, target, group, cell in ROWS:
        if group == "allocation":
            value = cell_for(label, "allocation:-", "-", cell)
            cells = [value, *(["(no database: same run)"] * (len(databases) - 1))]
        else:
            cells = [cell_for(label, f"{group}:{d}", d, cell) for d in databases]
        lines.append("| " + " | ".join([label, target, *cells]) + " |")
    lines += ["", "Measured (UTC, load average 1 / 5 / 15 min at the start of each group):", ""]
    shown = {k for k in store if k in fresh or k not in reused}
    for key in sorted(shown | (reused & previous.measured.keys())):
        if key in reused:
            lines.append(previous.measured[key])
            continue
        entry = store[key]
        # Only the last part of a path: the folders are this machine's, not the reader's.
        command = re.sub(r"(?<![\w.:/])/(?:[^\s/]+/)+", "", entry.get("command", ""))
        lines.append(
            f"- {key.replace(':-', '')}: {_when(entry)}; {command}"
            + (f"; {sizes[key]:,} pledge lines" if sizes.get(key) else "")
        )
    lines += ["", END]
    return "\n".join(lines)


def write_section(results: Path, text: str) -> None:
    """Replace the text between the markers, or append a section holding them."""
    old = results.read_text() if results.exists() else ""
    if START in old and END in old:
        before, rest = old.split(START, 1)
        new = before + text + rest.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n## Scale (issue #18): every row\n\n" + text + "\n"
    results.write_text(new)


def _record(
    store: dict[str, Any], key: str, figures: Any, command: str, at: str, load: Any = None
) -> None:
    load = load if load is not None else os.getloadavg()
    store[key] = {"figures": figures, "at": at, "load_average": load, "command": command}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", help="NSATU_VAR_DIR of the SQLite database")
    parser.add_argument("--postgres", help="DATABASE_URL of the PostgreSQL database")
    parser.add_argument(
        "--rows", default="pages", help=f"groups, comma-separated: {','.join(GROUPS)}"
    )
    parser.add_argument("--build", type=int, metavar="LINES", help="build the databases first")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (the CI test)")
    parser.add_argument("--repeat", type=int, help="timed runs per page row (default 15)")
    parser.add_argument("--no-export", action="store_true", help="skip the full CSV export")
    parser.add_argument(
        "--skip", action="append", default=[], help="page rows to skip (scale.py --skip)"
    )
    parser.add_argument(
        "--in-process", action="store_true", help="page rows on this process's database"
    )
    parser.add_argument("--take", action="append", default=[], metavar="GROUP:DB=FILE")
    parser.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "scale-all")
    parser.add_argument("--results", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    if args.repeat:
        sizes = Sizes(**{**sizes.__dict__, "repeat": args.repeat})
    groups = [g for g in args.rows.split(",") if g]
    if unknown := set(groups) - set(GROUPS):
        parser.error(f"unknown row groups: {', '.join(sorted(unknown))}")
    databases = [Database("sqlite", args.sqlite)] if args.sqlite else []
    databases += [Database("postgresql", args.postgres)] if args.postgres else []
    args.out.mkdir(parents=True, exist_ok=True)
    store_path = args.out / "scale-all.json"
    store: dict[str, Any] = _json(store_path) if store_path.exists() else {}
    loaded = dict(store)  # each figure recorded below replaces its entry (a new dict)
    command = "python benchmarks/scale_all.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    for taken in args.take:
        key, _, file = taken.partition("=")
        figures = _json(Path(file))
        if key.startswith("import:") and isinstance(figures, list):
            figures = figures[-1]  # import_scale.py writes a list, one report per file size
        load = figures.get("load_average", figures.get("load_average_before"))
        if key.count(":") == 2:  # load:DB:demo or load:DB:large, one load_api.py report
            key, which = key.rsplit(":", 1)
            figures = {**store.get(key, {}).get("figures", {}), which: figures}
        written = dt.datetime.fromtimestamp(Path(file).stat().st_mtime, dt.UTC)
        _record(store, key, figures, f"taken from {Path(file).name}", f"{written:%Y-%m-%d %H:%M}")
        store[key]["load_average"] = []  # not this machine's now: the source's, if it gives one
        if load:
            store[key]["load_average"] = [
                float(x) for x in str(load).strip("[]").replace(",", " ").split()
            ]

    def now() -> str:
        return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")

    if args.in_process:
        figures = run_pages_in_process(sizes, args.out)
        for group in ("pages", "export"):
            _record(store, f"{group}:{figures['database']}", figures, command, now())
    for db in databases:
        if args.build:
            build(db, Sizes(**{**sizes.__dict__, "ledger": args.build}))
        for group in groups:
            at, load = now(), os.getloadavg()
            if group == "pages":
                figures = run_pages(db, sizes, args.out, export=not args.no_export, skip=args.skip)
            elif group == "import":
                figures = run_import(db, sizes, args.out)
            elif group == "load":
                # A row this run could not measure keeps the figure taken or measured before.
                before = store.get(f"load:{db.vendor}", {}).get("figures", {})
                figures = run_load(db, sizes, args.out)
                figures = {
                    **before,
                    **{k: v for k, v in figures.items() if "not_run" not in v or k not in before},
                }
            else:
                continue
            _record(store, f"{group}:{db.vendor}", figures, command, at, load)
            if group == "pages" and "csv_export" in figures:
                # Its own entry: a later run of the pages without the (long) export keeps this one.
                _record(store, f"export:{db.vendor}", figures, command, at, load)
            store_path.write_text(json.dumps(store, indent=2))
    if "allocation" in groups:
        at, load = now(), os.getloadavg()
        _record(store, "allocation:-", run_allocation(sizes, args.out), command, at, load)
    store_path.write_text(json.dumps(store, indent=2))
    old = args.results.read_text() if args.results.exists() else ""
    # Only what this run recorded or took replaces the table's cells; the rest of the store may be older.
    fresh = {key for key, entry in store.items() if loaded.get(key) is not entry}
    text = section(store, previous_table(old), fresh)
    write_section(args.results, text)
    print(text)
    return store


if __name__ == "__main__":
    main()
