"""One allocation run split over 1, 2 and 4 workers: the speed-up of its solve.

The instance is `benchmarks/generate.py --regions R`: R independent regions (no item type, hub, donor or fund
shared), so it falls into R parts that no row of the model links. The national shape itself does not split
(its funds buy across most item types and four hubs carry 90 % of the tranches: one part; docs/deployment.md).

Two modes, each timing the solve of the same instance split into --parts parts, with N = 1, 2, 4 workers:
- `queue` (the deployment): the run's parts go on the database queue (PostgreSQL, --database-url, a database
  of its own: it is migrated and written to). This process plays the worker executing the run
  (nsatu.planning.execution_parts.parts_solve: it takes parts itself, then merges), N - 1 `nsatu worker`
  processes started beforehand take the others;
- `processes`: one machine, `solve_parts(instance, bins=parts, workers=N)` (a process pool).
Reports median and p95 of the wall time per N, the speed-up t1 / tN and its efficiency t1 / (N tN), the
objective (equal for every N), and the load average before each series. On a shared machine read the
ratios taken back to back, not single figures.

    python benchmarks/allocation_workers.py --mode queue \\
        --database-url postgres://postgres@127.0.0.1:5432/nsatu_workers --scale 2 --regions 4 --repeat 3
    python benchmarks/allocation_workers.py --mode processes --scale 2 --regions 4 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate_regions  # noqa: E402
from nsatu.engine.allocation import Instance, instance_from_dict  # noqa: E402
from nsatu.engine.allocation.parts import solve_parts  # noqa: E402


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _processes(instance: Instance, parts: int, workers: int) -> tuple[float, float, list[Any]]:
    started = time.perf_counter()
    plan = solve_parts(instance, bins=parts, workers=workers)
    return time.perf_counter() - started, plan.stats.objective or 0.0, []


class Queue:
    """A migrated PostgreSQL database, the run this process executes, and `nsatu worker` processes."""

    def __init__(self, database_url: str) -> None:
        os.environ["DATABASE_URL"] = database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        self.workers: list[subprocess.Popen[bytes]] = []

    def start_workers(self, count: int) -> None:
        env = {**os.environ, "NSATU_RUN_PARTS": "1"}
        started = len(self.workers) < count
        while len(self.workers) < count:
            self.workers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "nsatu.cli", "worker", "--interval", "0.05", "-v0"],
                    cwd=ROOT,
                    env=env,
                )
            )
        if started:
            time.sleep(5.0)  # Django start-up, before the clock starts

    def stop_workers(self) -> None:
        for worker in self.workers:
            worker.terminate()
        for worker in self.workers:
            worker.wait(timeout=30)
        self.workers = []

    def solve(self, instance: Instance, parts: int) -> tuple[float, float, list[Any]]:
        from django.conf import settings
        from django.utils import timezone

        from nsatu.planning import lease
        from nsatu.planning.execution_lease import Heartbeat
        from nsatu.planning.execution_parts import parts_solve
        from nsatu.planning.models import AllocationRun, AllocationRunPart, RunStatus
        from nsatu.planning.tasks import allocation_part_enqueue

        settings.NSATU_RUN_PARTS = parts
        now = timezone.now()
        run = AllocationRun.objects.create(
            status=RunStatus.RUNNING,
            attempt=1,
            worker=lease.worker_name(),
            started_at=now,
            heartbeat_at=now,
            lease_expires_at=lease.lease_until(now),
            progress_message="benchmarks/allocation_workers.py",
        )
        started = time.perf_counter()
        with Heartbeat(run.pk, 1) as beat:
            plan = parts_solve(
                run.pk, 1, instance, beat, lambda pk: allocation_part_enqueue(part_id=pk)
            )
        took = time.perf_counter() - started
        who = list(
            AllocationRunPart.objects.filter(run=run)
            .order_by("number")
            .values_list("number", "worker", "seconds")
        )
        AllocationRun.objects.filter(pk=run.pk).delete()  # a stand-in, not a run anyone asked for
        return took, plan.stats.objective or 0.0, who


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("queue", "processes"), default="processes")
    parser.add_argument("--database-url", help="PostgreSQL of its own, for --mode queue")
    parser.add_argument("--instance", type=Path, help="an instance file; default: generate one")
    parser.add_argument("--scale", type=float, default=2.0)
    parser.add_argument("--regions", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--parts", type=int, default=4, help="parts the run is split into")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    data = (
        json.loads(args.instance.read_text())
        if args.instance
        else generate_regions(args.scale, args.seed, args.regions)
    )
    instance = instance_from_dict(data)
    queue = None
    if args.mode == "queue":
        if not args.database_url:
            raise SystemExit("--mode queue needs --database-url (a PostgreSQL database of its own)")
        queue = Queue(args.database_url)
    results: dict[str, Any] = {"mode": args.mode, "scale": args.scale, "regions": args.regions}
    try:
        for n in (int(w) for w in args.workers.split(",")):
            load = _load()
            times, objectives, parts = [], [], []
            for _ in range(args.repeat):
                if queue is not None:
                    queue.start_workers(n - 1)
                    took, objective, who = queue.solve(instance, args.parts)
                else:
                    took, objective, who = _processes(instance, args.parts, n)
                times.append(took)
                objectives.append(objective)
                parts.append(who)
            if queue is not None:
                queue.stop_workers()
            results[str(n)] = {
                "median_s": statistics.median(times),
                "p95_s": _p95(times),
                "runs_s": times,
                "objective": objectives[0],
                "load_before": load,
                "parts": parts[-1],
            }
            print(
                f"{n} worker(s): median {statistics.median(times):.2f} s, p95 {_p95(times):.2f} s, "
                f"objective {objectives[0]:,.3f}, load {load}, runs {[round(t, 2) for t in times]}",
                flush=True,
            )
            assert max(objectives) - min(objectives) <= 1e-4 * max(1.0, abs(objectives[0]))
    finally:
        if queue is not None:
            queue.stop_workers()
    one = results.get("1", {}).get("median_s")
    for n in (int(w) for w in args.workers.split(",")):
        if one and n != 1:
            speed = one / results[str(n)]["median_s"]
            results[str(n)] |= {"speed_up": speed, "efficiency": speed / n}
            print(f"speed-up with {n}: {speed:.2f} x ({speed / n:.0%} of {n})")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return results


if __name__ == "__main__":
    main()
