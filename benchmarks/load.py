"""A bounded load test against a running nsatu behind a production server (issue #14).

N virtual users (default 64) read and write for T seconds (default 300) against one base URL on 127.0.0.1,
then the script reports requests, responses by status, latency percentiles per endpoint class, lost updates
and the result of `nsatu audit verify`. Plain standard library: one thread per virtual user, one HTTP
connection per request.

Lost updates are counted two ways. Races: two threads send the same versioned write at the same instant;
exactly one may succeed and the other must get 409, so two successes count as one lost update. Ledger: every
record the test writes with a version is read back at the end, and its version must have moved by exactly
the number of writes the server accepted; a shortfall is a lost update.

    python benchmarks/load.py --base http://127.0.0.1:8765 --var-dir var/load
    python benchmarks/load.py --smoke ...            # 8 users, 20 s

The served instance's DATABASE_URL and NSATU_VAR_DIR must be in the environment (or given with --database-url
and --var-dir): the script issues the demo users' API tokens and runs the audit verification through
manage.py against the same database. Run the server with NSATU_REQUIRE_OTP off, or the coordinator's token
cannot be issued without a TOTP code.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# Run as a script (python benchmarks/load.py): the repository root is not on the path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load_http import (
    Client,
    Json,
    Response,
    Stats,
    issue_token,
    login,
    manage,
    summary,
)

COORDINATOR = "coord.ribeiro"
LIAISONS = {"liaison.de.weber": "DEU", "liaison.pl.nowak": "POL"}
PLANNER = "planner.ua.kovalenko"
READERS = ("analyst.lindqvist", "auditor.dubois")
USERS = (COORDINATOR, *LIAISONS, PLANNER, *READERS)

PAGES = ("/", "/requirements/", "/coverage/", "/aid/", "/pledges/")
API_READS = ("/api/needs/coverage", "/api/pledges/", "/api/aid/lines")

MARK = "load test"


@dataclasses.dataclass
class World:
    """The records the writes work on, created by the test itself so that no real figure is touched."""

    clients: dict[str, Client]
    patch_pool: dict[str, list[int]]  # donor code -> pledges edited with a version
    tranche_pool: dict[str, list[int]]  # donor code -> pledges that take tranches
    requirement_pool: list[int]
    requirement_ids: dict[str, list[int]]  # username -> requirement ids that user may see
    hub: str
    item_type: int
    start_versions: dict[str, int]  # "pledge:7" / "requirement:9" -> version before the run


def _must(response: Response, what: str, *expected: int) -> Json:
    if response.status not in (expected or (200, 201)):
        raise SystemExit(f"set-up: {what} answered {response.status}: {response.body[:500]!r}")
    return response.json()


def build_world(
    *, host: str, port: int, env: dict[str, str], var_dir: Path, stats: Stats, pool: int
) -> World:
    password = (var_dir / "demo-password.txt").read_text().strip()
    clients = {
        username: Client(
            host=host,
            port=port,
            token=issue_token(username, env),
            cookies=login(host, port, username, password),
            stats=stats,
        )
        for username in USERS
    }
    setup = Stats()  # set-up requests are not part of the measured load
    quiet = {u: dataclasses.replace(c, stats=setup) for u, c in clients.items()}
    hubs = _must(quiet[COORDINATOR].request("GET", "/api/logistics/hubs"), "hubs")
    hub_names = [h["name"] for h in hubs]
    items = _must(quiet[COORDINATOR].request("GET", "/api/item-types/?limit=1"), "item types")[
        "items"
    ]
    assert isinstance(items, list) and items and hub_names, "the demo has no item types or hubs"
    item_type = int(items[0]["id"])
    patch_pool: dict[str, list[int]] = {}
    tranche_pool: dict[str, list[int]] = {}
    start_versions: dict[str, int] = {}
    for username, donor in LIAISONS.items():
        patch_pool[donor], tranche_pool[donor] = [], []
        for n in range(2 * pool):
            created = _must(
                quiet[username].request(
                    "POST",
                    "/api/pledges/",
                    body={
                        "item_type": item_type,
                        "description": f"{MARK}: pledge {n} of {donor}",
                        "quantity": 1_000_000,
                        "notes": MARK,
                    },
                ),
                f"creating a pledge as {username}",
            )
            target = patch_pool if n % 2 == 0 else tranche_pool
            target[donor].append(int(created["id"]))
            start_versions[f"pledge:{created['id']}"] = int(created["version"])
    requirement_pool = []
    for n in range(pool):
        created = _must(
            quiet[PLANNER].request(
                "POST",
                "/api/requirements/",
                body={
                    "title": f"{MARK}: requirement {n}",
                    "capability_area": "air_defence",
                    "item_type": item_type,
                    "quantity": "10",
                },
            ),
            "creating a requirement",
        )
        requirement_pool.append(int(created["id"]))
        start_versions[f"requirement:{created['id']}"] = int(created["version"])
    requirement_ids = {}
    for username, client in quiet.items():
        listed = _must(client.request("GET", "/api/requirements/?limit=200"), "requirements")[
            "items"
        ]
        assert isinstance(listed, list)
        requirement_ids[username] = [int(r["id"]) for r in listed]
    return World(
        clients=clients,
        patch_pool=patch_pool,
        tranche_pool=tranche_pool,
        requirement_pool=requirement_pool,
        requirement_ids=requirement_ids,
        hub=hub_names[0],
        item_type=item_type,
        start_versions=start_versions,
    )


# ---------------------------------------------------------------- the virtual users


class VirtualUser:
    def __init__(
        self, *, number: int, username: str, world: World, stats: Stats, seed: int
    ) -> None:
        self.number, self.username, self.world, self.stats = number, username, world, stats
        self.client = world.clients[username]
        self.random = random.Random(seed * 1000 + number)
        self.sequence = 0

    def run(self, deadline: float) -> None:
        actions = self.actions()
        weights = [w for w, _ in actions]
        # every action once first, so that even a short run sends every kind of request; then at random
        first = [a for _, a in actions]
        while time.monotonic() < deadline:
            action = first.pop(0) if first else self.random.choices(actions, weights)[0][1]
            try:
                action()
            except (ValueError, KeyError, TypeError) as exc:
                # an answer the script could not read (not JSON, a field missing): counted, the user goes on
                self.stats.note_unexpected(
                    what=f"unreadable answer in {action.__name__}", error=repr(exc)
                )
                with self.stats.lock:
                    self.stats.client_failures += 1

    def actions(self) -> list[tuple[int, Callable[[], None]]]:
        reads: list[tuple[int, Callable[[], None]]] = [
            (5, self.read_page),
            (2, self.read_requirement),
            (5, self.read_api),
        ]
        if self.username in LIAISONS or self.username == COORDINATOR:
            return [
                *reads,
                (3, self.patch_pledge),
                (1, self.race_pledge),
                (2, self.add_tranche),
                (1, self.create_shipment),
                *([(2, self.move_requirement)] if self.username == COORDINATOR else []),
            ]
        if self.username == PLANNER:
            return [*reads, (3, self.move_requirement), (1, self.race_requirement)]
        return reads

    # reads

    def read_page(self) -> None:
        path = self.random.choice(PAGES)
        self.client.request("GET", path)

    def read_requirement(self) -> None:
        ids = self.world.requirement_ids[self.username]
        pk = self.random.choice(ids)
        if self.random.random() < 0.5:
            self.client.request("GET", f"/requirements/{pk}/")
        else:
            self.client.request("GET", f"/api/requirements/{pk}")

    def read_api(self) -> None:
        path = self.random.choice(API_READS)
        query = (
            ""
            if path == "/api/needs/coverage"
            else f"?limit=50&offset={self.random.randrange(0, 200, 50)}"
        )
        self.client.request("GET", path + query)

    # writes

    def _donor(self) -> str:
        return LIAISONS.get(self.username) or self.random.choice(sorted(LIAISONS.values()))

    def _read_version(self, path: str) -> int | None:
        answer = self.client.request("GET", path)
        if answer.status != 200:
            return None
        return int(answer.json()["version"])

    def _accepted(self, key: str, answer: Response, *, old: int, what: str) -> None:
        if 200 <= answer.status < 300:
            version = int(answer.json()["version"])
            with self.stats.lock:
                self.stats.accepted_writes[key] += 1
            if version != old + 1:
                self.stats.note_unexpected(
                    what=what, key=key, sent_version=old, answered_version=version
                )
        elif answer.status != 409:
            self.stats.note_unexpected(
                what=what,
                key=key,
                status=answer.status,
                answer=answer.body[:300].decode("utf-8", "replace"),
            )

    def patch_pledge(self) -> None:
        pk = self.random.choice(self.world.patch_pool[self._donor()])
        version = self._read_version(f"/api/pledges/{pk}")
        if version is None:
            return
        self.sequence += 1
        body = {"version": version, "notes": f"{MARK}: user {self.number} write {self.sequence}"}
        answer = self.client.request("PATCH", f"/api/pledges/{pk}", body=body)
        self._accepted(f"pledge:{pk}", answer, old=version, what="pledge edit")

    def _race(self, *, key: str, send: Callable[[int], Response], version: int, what: str) -> None:
        """Two writes with the same version released at the same instant: one 2xx and one 409, never two 2xx."""
        barrier = threading.Barrier(2)
        answers: list[Response] = []

        def one(side: int) -> None:
            barrier.wait()
            answer = send(side)
            with self.stats.lock:
                answers.append(answer)

        other = threading.Thread(target=one, args=(1,))
        other.start()
        one(0)
        other.join()
        statuses = sorted(a.status for a in answers)
        ok = [a for a in answers if 200 <= a.status < 300]
        with self.stats.lock:
            if len(ok) == 2:
                self.stats.lost_in_races += 1
                outcome = "lost update (two successes)"
            elif len(ok) == 1 and statuses[-1] == 409:
                outcome = "one success, one 409"
            elif statuses == [409, 409]:
                outcome = "both 409 (another user wrote first)"
            else:
                outcome = f"other: {statuses}"
            self.stats.races[outcome] += 1
            self.stats.accepted_writes[key] += len(ok)
        if outcome.startswith("other"):
            self.stats.note_unexpected(
                what=what,
                key=key,
                statuses=statuses,
                answers=[a.body[:300].decode("utf-8", "replace") for a in answers],
            )

    def race_pledge(self) -> None:
        pk = self.random.choice(self.world.patch_pool[self._donor()])
        version = self._read_version(f"/api/pledges/{pk}")
        if version is None:
            return
        self.sequence += 1
        tag = f"{MARK}: user {self.number} race {self.sequence}"
        self._race(
            key=f"pledge:{pk}",
            version=version,
            what="pledge edit race",
            send=lambda side: self.client.request(
                "PATCH",
                f"/api/pledges/{pk}",
                body={"version": version, "notes": f"{tag} side {side}"},
            ),
        )

    def add_tranche(self) -> None:
        pk = self.random.choice(self.world.tranche_pool[self._donor()])
        month = self.random.randrange(1, 13)
        answer = self.client.request(
            "POST",
            f"/api/pledges/{pk}/tranches",
            body={"available_from": f"2027-{month:02d}-01", "quantity": 1},
        )
        if answer.status != 201:
            self.stats.note_unexpected(what="tranche add", pledge=pk, status=answer.status)

    def create_shipment(self) -> None:
        today = dt.date(2027, 1, 1) + dt.timedelta(days=self.random.randrange(0, 300))
        body = {
            "donor": self._donor(),
            "origin": f"{MARK} depot",
            "hub": self.world.hub,
            "handover_point": f"{MARK} handover",
            "planned_dispatch": today.isoformat(),
            "planned_at_hub": (today + dt.timedelta(days=3)).isoformat(),
            "planned_handover": (today + dt.timedelta(days=6)).isoformat(),
            "notes": MARK,
            "lines": [{"item_type": self.world.item_type, "quantity": 1}],
        }
        answer = self.client.request("POST", "/api/logistics/shipments", body=body)
        if answer.status == 201:
            with self.stats.lock:
                self.stats.shipment_references.append(str(answer.json()["shipment"]["reference"]))
        else:
            self.stats.note_unexpected(
                what="shipment create",
                status=answer.status,
                answer=answer.body[:300].decode("utf-8", "replace"),
            )

    def _requirement_move_body(self, pk: int) -> dict[str, object] | None:
        answer = self.client.request("GET", f"/api/requirements/{pk}")
        if answer.status != 200:
            return None
        data = answer.json()
        # draft <-> submitted: the planner submits, the planner or the command returns it to draft
        if data["status"] == "draft":
            if self.username != PLANNER:
                return None
            return {"to": "submitted", "version": int(data["version"])}
        if data["status"] == "submitted":
            return {"to": "draft", "version": int(data["version"])}
        return None

    def move_requirement(self) -> None:
        pk = self.random.choice(self.world.requirement_pool)
        body = self._requirement_move_body(pk)
        if body is None:
            return
        answer = self.client.request("POST", f"/api/requirements/{pk}/transition", body=body)
        self._accepted(
            f"requirement:{pk}", answer, old=int(str(body["version"])), what="requirement move"
        )

    def race_requirement(self) -> None:
        pk = self.random.choice(self.world.requirement_pool)
        body = self._requirement_move_body(pk)
        if body is None:
            return
        self._race(
            key=f"requirement:{pk}",
            version=int(str(body["version"])),
            what="requirement move race",
            send=lambda side: self.client.request(
                "POST", f"/api/requirements/{pk}/transition", body=body
            ),
        )


# ---------------------------------------------------------------- after the run


def ledger_check(world: World, stats: Stats) -> tuple[int, list[dict[str, object]]]:
    """Each written record's version moved by exactly the writes accepted; a shortfall is a lost update."""
    coordinator = dataclasses.replace(world.clients[COORDINATOR], stats=Stats())
    lost, mismatches = 0, []
    for key, start in world.start_versions.items():
        kind, pk = key.split(":")
        path = f"/api/pledges/{pk}" if kind == "pledge" else f"/api/requirements/{pk}"
        answer = coordinator.request("GET", path)
        if answer.status != 200:
            mismatches.append({"record": key, "status": answer.status})
            continue
        moved = int(answer.json()["version"]) - start
        accepted = stats.accepted_writes[key]
        if moved != accepted:
            mismatches.append({"record": key, "version_moved": moved, "writes_accepted": accepted})
            lost += max(0, accepted - moved)
    return lost, mismatches


def audit_verify(env: dict[str, str]) -> tuple[bool, str]:
    done = manage(["audit", "verify"], env)
    text = (done.stdout + done.stderr).strip()
    return done.returncode == 0 and "intact" in text, text


def run(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--base", default="http://127.0.0.1:8765", help="the served nsatu (127.0.0.1 only)"
    )
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--duration", type=float, default=300.0, help="seconds of load")
    parser.add_argument("--smoke", action="store_true", help="8 users for 20 seconds")
    parser.add_argument(
        "--pool", type=int, default=8, help="pledges per donor and requirements written"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--var-dir", default=os.environ.get("NSATU_VAR_DIR"), help="the served instance's var/"
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--json", help="also write the report to this file")
    args = parser.parse_args(argv)
    if args.smoke:
        args.users, args.duration = 8, 20.0
    url = urllib.parse.urlsplit(args.base)
    if url.hostname not in ("127.0.0.1", "localhost") or url.scheme != "http":
        parser.error(
            "--base must be http://127.0.0.1:PORT: the load test never leaves this machine"
        )
    if not args.var_dir:
        parser.error("--var-dir (or NSATU_VAR_DIR) is needed: the demo password lives there")
    env = {**os.environ, "NSATU_VAR_DIR": args.var_dir}
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    host, port = url.hostname or "127.0.0.1", url.port or 80

    stats = Stats()
    world = build_world(
        host=host, port=port, env=env, var_dir=Path(args.var_dir), stats=stats, pool=args.pool
    )
    users = [
        VirtualUser(
            number=n, username=USERS[n % len(USERS)], world=world, stats=stats, seed=args.seed
        )
        for n in range(args.users)
    ]
    started = time.monotonic()
    deadline = started + args.duration
    threads = [
        threading.Thread(target=u.run, args=(deadline,), name=f"user-{u.number}") for u in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    ledger_lost, mismatches = ledger_check(world, stats)
    intact, audit_text = audit_verify(env)
    references = stats.shipment_references
    by_class: dict[str, list[float]] = defaultdict(list)
    for endpoint, values in stats.latencies.items():
        by_class[stats.classes[endpoint]].extend(values)
    total = sum(stats.statuses.values())
    report: dict[str, Any] = {
        "base": args.base,
        "users": args.users,
        "duration_s": round(elapsed, 1),
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
        "server_errors_5xx": sum(v for k, v in stats.statuses.items() if k >= 500),
        "no_answer": stats.statuses.get(0, 0),
        "latency_by_class": {k: summary(v) for k, v in sorted(by_class.items())},
        "latency_all": summary([x for v in by_class.values() for x in v]),
        "endpoints": {
            k: {
                **summary(v),
                "statuses": {str(s): n for s, n in sorted(stats.statuses_by_endpoint[k].items())},
            }
            for k, v in sorted(stats.latencies.items())
        },
        "races": dict(stats.races),
        "lost_updates_in_races": stats.lost_in_races,
        "lost_updates_in_ledger": ledger_lost,
        "lost_updates": stats.lost_in_races + ledger_lost,
        "version_mismatches": mismatches,
        "shipments_created": len(references),
        "shipment_references_duplicated": len(references) - len(set(references)),
        "unreadable_answers": stats.client_failures,
        "unexpected": stats.unexpected,
        "server_error_samples": stats.server_errors[:10],
        "audit_chain_intact": intact,
        "audit_verify": audit_text,
    }
    print_report(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return report


def print_report(report: dict[str, Any]) -> None:
    print(
        f"{report['users']} users for {report['duration_s']} s against {report['base']}: "
        f"{report['requests']} requests, {report['requests_per_s']} req/s"
    )
    print(
        f"statuses: {report['statuses']}  (5xx: {report['server_errors_5xx']}, no answer: {report['no_answer']})"
    )
    print(
        f"{'class / endpoint':48} {'n':>7} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'max ms':>9}"
    )
    rows = [("ALL", report["latency_all"]), *report["latency_by_class"].items()]
    rows += [(f"  {k}", v) for k, v in report["endpoints"].items()]
    for name, s in rows:
        print(
            f"{name:48} {s['n']:>7} {s['p50_ms']:>9} {s['p95_ms']:>9} {s['p99_ms']:>9} {s['max_ms']:>9}"
        )
    print(f"races: {report['races']}")
    print(
        f"lost updates: {report['lost_updates']} (races {report['lost_updates_in_races']}, "
        f"ledger {report['lost_updates_in_ledger']}; version mismatches: {len(report['version_mismatches'])})"
    )
    print(
        f"shipments created: {report['shipments_created']}, "
        f"duplicated references: {report['shipment_references_duplicated']}"
    )
    print(f"answers the script could not read: {report['unreadable_answers']}")
    if report["unexpected"]:
        print(f"unexpected answers ({len(report['unexpected'])} shown):")
        for item in report["unexpected"][:10]:
            print(f"  {item}")
    for sample in report["server_error_samples"]:
        print(f"5xx/no answer: {sample}")
    print(f"audit chain intact: {report['audit_chain_intact']} ({report['audit_verify']})")


def main(argv: Sequence[str] | None = None) -> int:
    report = run(argv)
    ok = (
        report["server_errors_5xx"] == 0
        and report["no_answer"] == 0
        and report["lost_updates"] == 0
    )
    return 0 if ok and report["audit_chain_intact"] else 1


if __name__ == "__main__":
    sys.exit(main())
