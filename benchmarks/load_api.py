"""API reads per second through `nsatu serve` (issue #18): many keep-alive connections, read-only, no think time.

benchmarks/load.py measures a realistic mix of pages, reads and versioned writes with one thread and one new
connection per request; on a 2-core machine that client spends as much CPU as the server it measures. This
script measures only API reads, with a client that costs little: Debian's `wrk` when it is installed (an
optional tool: `apt-get install wrk`; C, epoll, keep-alive), else worker processes that each keep their own
connections open. Each connection cycles through the (user, address) pairs: the demo users' read-only tokens
times the list and detail addresses below, so readers of different parties read at once.

    python benchmarks/load_api.py --serve --workers 2            # starts `nsatu serve` itself, then measures
    python benchmarks/load_api.py --base http://127.0.0.1:8765    # an already running server
    python benchmarks/load_api.py --serve --if-none-match         # clients that send back the ETag they hold

The database is the environment's (DATABASE_URL, NSATU_VAR_DIR), built by `nsatu demo --no-serve` (and
`benchmarks/ledger.py` for a large ledger). Tokens are issued through manage.py, so run the server with
NSATU_REQUIRE_OTP off. The report gives requests per second, p50/p95/p99, non-2xx/3xx answers, the client
used, the server's workers, with --serve the workers' CPU time per request (from /proc: far steadier than the
wall times on a shared machine), and the load average before and after.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load_http import MANAGE, REPO, manage, percentile

USERS = (
    "coord.ribeiro",
    "liaison.de.weber",
    "liaison.pl.nowak",
    "planner.ua.kovalenko",
    "analyst.lindqvist",
)
# Lists and details every role may read; the coverage and aid ledger, which compute per request, are left to
# benchmarks/scale.py and load.py.
PATHS = (
    "/api/pledges/?limit=50",
    "/api/requirements/",
    "/api/parties/",
    "/api/item-types/?limit=50",
    "/api/flows/?limit=50",
    "/api/pledges/?limit=50&status=committed",
)

WRK_SCRIPT = r"""
local pairs_file = nil
local requests = {}
local index = 0

function init(args)
  pairs_file = args[1]
  for line in io.lines(pairs_file) do
    local token, path, etag = line:match("([^\t]*)\t([^\t]*)\t?(.*)")
    local headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
    if etag ~= nil and etag ~= "" then headers["If-None-Match"] = etag end
    requests[#requests + 1] = wrk.format("GET", path, headers)
  end
  index = math.random(#requests)
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, requests)
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def server_cpu_seconds(master: int) -> float | None:
    """CPU time (user + system) the worker processes of the gunicorn master `master` have used so far, from
    /proc; None where there is no /proc. Read before and after the run, it gives the server's CPU per request,
    which a loaded machine changes far less than the wall times."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        total = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    except (OSError, IndexError, ValueError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


def _get(base: str, path: str, token: str) -> tuple[int, str]:
    request = urllib.request.Request(
        base + path, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        answer.read()
        return int(answer.status), answer.headers.get("ETag", "")


def _issue_tokens(users: Sequence[str], env: dict[str, str]) -> list[str]:
    tokens = []
    for user in users:
        done = manage(
            ["token", "create", user, "--name", "load-api", "--days", "1", "--scope", "read"], env
        )
        line = next((x for x in done.stdout.splitlines() if x.startswith("nsatu_")), None)
        if line is None:
            raise SystemExit(f"no token for {user}: {done.stdout + done.stderr!r}")
        tokens.append(line.strip())
    return tokens


def _serve(args: argparse.Namespace, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [
        sys.executable,
        str(MANAGE),
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
    ]
    if args.threads is not None:
        command += ["--threads", str(args.threads)]
    server = subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"nsatu serve exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=2):
                return server, base
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("nsatu serve did not answer within 60 s")


def _run_wrk(
    base: str, lines: list[str], connections: int, seconds: int, threads: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "reads.lua"
        script.write_text(WRK_SCRIPT)
        pairs = Path(folder) / "pairs.tsv"
        pairs.write_text("\n".join(lines) + "\n")
        done = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                str(script),
                base,
                "--",
                str(pairs),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    found = [x for x in done.stdout.splitlines() if x.startswith("WRK_JSON ")]
    if not found:
        raise SystemExit(f"wrk gave no summary: {done.stdout}{done.stderr}")
    raw = json.loads(found[-1].removeprefix("WRK_JSON "))
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "client": f"wrk ({threads} threads)",
        "requests": raw["requests"],
        "seconds": raw["duration_us"] / 1e6,
        "non_2xx_3xx": raw["status"],
        "socket_errors": errors,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
    }


def _python_worker(
    base: str, lines: list[str], connections: int, deadline: float, queue: Any
) -> None:
    """One process, `connections` keep-alive connections served round-robin: a request is sent on each, then
    each answer read, so the process keeps that many requests in flight without threads."""
    host, _, port = base.removeprefix("http://").partition(":")
    requests = []
    for line in lines:
        token, path, etag = [*line.split("\t"), ""][:3]
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if etag:
            headers["If-None-Match"] = etag
        requests.append((path, headers))
    pool = [http.client.HTTPConnection(host, int(port), timeout=60) for _ in range(connections)]
    latencies: list[float] = []
    bad = errors = 0
    index = os.getpid() % len(requests)
    while time.monotonic() < deadline:
        started = []
        for connection in pool:
            index = (index + 1) % len(requests)
            path, headers = requests[index]
            try:
                connection.request("GET", path, headers=headers)
                started.append((connection, time.perf_counter()))
            except OSError:
                errors += 1
                connection.close()
        for connection, at in started:
            try:
                answer = connection.getresponse()
                answer.read()
                # Latency of a request sent while others waited on the same process: an upper bound.
                latencies.append(time.perf_counter() - at)
                bad += not 200 <= answer.status < 400
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
    queue.put((latencies, bad, errors))


def _run_python(
    base: str, lines: list[str], connections: int, seconds: int, processes: int
) -> dict[str, Any]:
    queue: Any = multiprocessing.Queue()
    deadline = time.monotonic() + seconds
    per = [connections // processes + (i < connections % processes) for i in range(processes)]
    workers = [
        multiprocessing.Process(target=_python_worker, args=(base, lines, n, deadline, queue))
        for n in per
        if n
    ]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    latencies = [x for result in results for x in result[0]]
    return {
        "client": f"python ({len(workers)} processes, keep-alive)",
        "requests": len(latencies),
        "seconds": elapsed,
        "non_2xx_3xx": sum(r[1] for r in results),
        "socket_errors": sum(r[2] for r in results),
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": max(latencies, default=0.0) * 1000,
    }


def run(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="a running server, e.g. http://127.0.0.1:8765")
    parser.add_argument("--serve", action="store_true", help="start `nsatu serve` for the run")
    parser.add_argument("--workers", type=int, default=2, help="with --serve (default 2)")
    parser.add_argument("--threads", type=int, help="with --serve: threads per worker")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load before measuring")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument(
        "--if-none-match", action="store_true", help="send the ETag each address answered first"
    )
    parser.add_argument("--path", action="append", help="an address to read (repeatable)")
    parser.add_argument(
        "--users", type=int, default=len(USERS), help=f"how many of {', '.join(USERS)}"
    )
    parser.add_argument("--var-dir", default=os.environ.get("NSATU_VAR_DIR"))
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--json", help="also write the report to this file")
    args = parser.parse_args(argv)
    if bool(args.base) == bool(args.serve):
        parser.error("give either --base or --serve")
    env = {**os.environ, "NSATU_REQUIRE_OTP": "0", "NSATU_DEBUG": "0"}
    if args.var_dir:
        env["NSATU_VAR_DIR"] = args.var_dir
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"

    tokens = _issue_tokens(USERS[: max(1, args.users)], env)
    server = None
    if args.serve:
        server, base = _serve(args, env)
    else:
        base = args.base.rstrip("/")
    try:
        lines = []
        for token in tokens:
            for path in args.path or PATHS:
                status, etag = _get(base, path, token)
                if status != 200:
                    raise SystemExit(f"{path} answered {status}")
                lines.append(f"{token}\t{path}\t{etag if args.if_none_match else ''}")
        load_before = _loadavg()
        measure = _run_wrk if client == "wrk" else _run_python
        spread = 2 if client == "wrk" else args.client_processes
        if args.warmup:
            measure(base, lines, args.connections, args.warmup, spread)
        cpu_before = server_cpu_seconds(server.pid) if server is not None else None
        result = measure(base, lines, args.connections, args.seconds, spread)
        cpu_after = server_cpu_seconds(server.pid) if server is not None else None
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    report: dict[str, Any] = {
        **result,
        "req_per_s": round(result["requests"] / result["seconds"], 1),
        "connections": args.connections,
        "addresses": len(lines),
        "if_none_match": args.if_none_match,
        "server": f"{args.workers} workers, {args.threads or 'default'} threads"
        if args.serve
        else base,
        "database": (env.get("DATABASE_URL") or "sqlite (NSATU_VAR_DIR)").split("@")[-1],
        # the workers' CPU over the measured run per request answered (with --serve, where /proc exists)
        "server_cpu_ms_per_request": round((cpu_after - cpu_before) * 1000 / result["requests"], 3)
        if cpu_before is not None and cpu_after is not None and result["requests"]
        else None,
        "load_average_before": load_before,
        "load_average_after": _loadavg(),
    }
    for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms", "seconds"):
        report[key] = round(report[key], 1)
    print(json.dumps(report, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    return report


if __name__ == "__main__":
    run()
