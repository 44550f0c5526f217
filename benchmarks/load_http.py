"""The load test's HTTP side: one connection per request, a user's credentials, what the users observed,
and the set-up calls through manage.py (benchmarks/load.py drives them)."""

from __future__ import annotations

import dataclasses
import http.client
import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
MANAGE = REPO / "manage.py"
TIMEOUT_S = 60.0

Json = Any


@dataclasses.dataclass
class Response:
    status: int
    body: bytes
    seconds: float
    cookies: dict[str, str] = dataclasses.field(default_factory=dict)

    def json(self) -> Json:
        return json.loads(self.body)


@dataclasses.dataclass
class Stats:
    """Everything the virtual users observed; one lock because threads append at once."""

    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    classes: dict[str, str] = dataclasses.field(default_factory=dict)
    statuses: Counter[int] = dataclasses.field(default_factory=Counter)
    statuses_by_endpoint: dict[str, Counter[int]] = dataclasses.field(
        default_factory=lambda: defaultdict(Counter)
    )
    server_errors: list[dict[str, object]] = dataclasses.field(default_factory=list)
    unexpected: list[dict[str, object]] = dataclasses.field(default_factory=list)
    races: Counter[str] = dataclasses.field(default_factory=Counter)
    lost_in_races: int = 0
    accepted_writes: Counter[str] = dataclasses.field(default_factory=Counter)
    shipment_references: list[str] = dataclasses.field(default_factory=list)
    client_failures: int = 0

    def record(
        self, *, klass: str, endpoint: str, method: str, path: str, body: object, response: Response
    ) -> None:
        with self.lock:
            self.latencies[endpoint].append(response.seconds)
            self.classes[endpoint] = klass
            self.statuses[response.status] += 1
            self.statuses_by_endpoint[endpoint][response.status] += 1
            if response.status >= 500 or response.status == 0:
                self.server_errors.append(
                    {
                        "method": method,
                        "path": path,
                        "body": body,
                        "status": response.status,
                        "answer": response.body[:2000].decode("utf-8", "replace"),
                    }
                )

    def note_unexpected(self, **what: object) -> None:
        with self.lock:
            if len(self.unexpected) < 50:
                self.unexpected.append(what)


@dataclasses.dataclass(frozen=True)
class Client:
    """One user's credentials: a bearer token for the API and a login session for the pages."""

    host: str
    port: int
    token: str
    cookies: str
    stats: Stats

    def request(self, method: str, path: str, body: object = None) -> Response:
        page = not path.startswith("/api/")
        headers = (
            {"Accept": "text/html", "Cookie": self.cookies}
            if page
            else {"Accept": "application/json", "Authorization": f"Bearer {self.token}"}
        )
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        response = raw_request(self.host, self.port, method, path, payload, headers)
        # endpoints are named without ids or query: "PATCH /api/pledges/{id}"
        endpoint = f"{method} {re.sub(r'/[0-9]+', '/{id}', path.split('?')[0])}"
        klass = "page" if page else "api read" if method == "GET" else "api write"
        self.stats.record(
            klass=klass, endpoint=endpoint, method=method, path=path, body=body, response=response
        )
        return response


def raw_request(
    host: str, port: int, method: str, path: str, payload: bytes | None, headers: dict[str, str]
) -> Response:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
    cookies: dict[str, str] = {}
    try:
        connection.request(method, path, body=payload, headers=headers)
        answer = connection.getresponse()
        data = answer.read()
        status = answer.status
        for name, value in answer.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key.strip()] = rest.split(";", 1)[0]
    except (OSError, http.client.HTTPException) as exc:
        # status 0: no HTTP answer at all (timeout, reset); counted with the server errors
        data, status = repr(exc).encode(), 0
    finally:
        connection.close()
    return Response(
        status=status, body=data, seconds=time.perf_counter() - started, cookies=cookies
    )


def login(host: str, port: int, username: str, password: str) -> str:
    """Log in through the login page as a browser would; returns the Cookie header of the session."""
    form = raw_request(host, port, "GET", "/accounts/login/", None, {})
    jar = _cookies(form, {})
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    if form.status != 200 or match is None:
        raise SystemExit(f"login page of {host}:{port} answered {form.status} without a CSRF field")
    fields = {
        "csrfmiddlewaretoken": match.group(1).decode(),
        "username": username,
        "password": password,
    }
    answer = raw_request(
        host,
        port,
        "POST",
        "/accounts/login/",
        urllib.parse.urlencode(fields).encode(),
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _cookie_header(jar),
            "Referer": f"http://{host}:{port}/accounts/login/",
        },
    )
    jar = _cookies(answer, jar)
    if answer.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"logging in as {username} failed: HTTP {answer.status}")
    return _cookie_header(jar)


def _cookies(response: Response, jar: dict[str, str]) -> dict[str, str]:
    return {**jar, **response.cookies}


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


# ---------------------------------------------------------------- set-up


def manage(args: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def issue_token(username: str, env: dict[str, str]) -> str:
    done = manage(["token", "create", username, "--name", "load", "--days", "1"], env)
    out = done.stdout + done.stderr
    for line in out.splitlines():
        if line.startswith("nsatu_"):
            return line.strip()
    raise SystemExit(f"no token in the answer of `token create {username}`: {out!r}")


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(values: Sequence[float]) -> dict[str, float | int]:
    return {
        "n": len(values),
        "p50_ms": round(percentile(values, 50) * 1000, 1),
        "p95_ms": round(percentile(values, 95) * 1000, 1),
        "p99_ms": round(percentile(values, 99) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1) if values else float("nan"),
    }
