"""Processes for tests/planning/test_lease.py: `python -m tests.planning.lease_worker MODE [RUN]`.

setup   create the named people, the planning world and a run on the database queue; print its id
world   the people and the planning world only
stuck   a real `nsatu worker` whose solver never returns: the test kills it with SIGKILL while it solves
plan    a real `nsatu plan` whose solver never returns, killed the same way after "solving..."
worker  a real `nsatu worker`: its reaper is what the test watches, and it executes a retried run
retry   the coordinator retries RUN through the service

The lease and the heartbeat come from TEST_LEASE_SECONDS and TEST_HEARTBEAT_SECONDS (short, so that the
test waits seconds, not a minute); the database from the environment the test passes.
"""

from __future__ import annotations

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402  (settings exist only after setup)
from django.core.management import call_command  # noqa: E402

settings.NSATU_RUN_LEASE_SECONDS = float(os.environ["TEST_LEASE_SECONDS"])
settings.NSATU_RUN_HEARTBEAT_SECONDS = float(os.environ["TEST_HEARTBEAT_SECONDS"])


def _setup(*, run: bool = True) -> None:
    from nsatu.accounts.models import User
    from nsatu.core.models import Releasability
    from nsatu.demo.people import DEMO_PEOPLE
    from nsatu.parties.models import Party
    from nsatu.planning.services import allocation_run_create
    from tests.conftest import PARTIES, PASSWORD
    from tests.planning.conftest import START, build_plan_world

    parties = {
        code: Party.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "releasability": Releasability.PUBLIC}
        )[0]
        for code, name, kind in PARTIES
    }
    for person in DEMO_PEOPLE:
        User.objects.create_user(
            username=person.username,
            password=PASSWORD,
            first_name=person.first_name,
            last_name=person.last_name,
            role=person.role,
            party=parties[person.party_code] if person.party_code else None,
        )
    build_plan_world(parties)
    if not run:
        return
    coordinator = User.objects.get(username="coord.ribeiro")
    run = allocation_run_create(actor=coordinator, parameters={"start": START})
    sys.stdout.write(f"{run.pk}\n")


def _solve_forever() -> None:
    import nsatu.engine.allocation as engine

    def solve_forever(*args: object, **kwargs: object) -> object:
        time.sleep(600)  # the GIL is free, as in HiGHS: the heartbeat thread goes on beating
        raise AssertionError("the test should have killed this process")

    engine.solve = solve_forever  # type: ignore[assignment]  # the solve this process is killed in


def _retry(run_id: int) -> None:
    from nsatu.accounts.models import User
    from nsatu.planning.services import allocation_run_retry

    coordinator = User.objects.get(username="coord.ribeiro")
    run = allocation_run_retry(actor=coordinator, run_id=run_id)
    sys.stdout.write(f"{run.status}\n")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode in ("setup", "world"):
        _setup(run=mode == "setup")
    elif mode == "stuck":
        _solve_forever()
        call_command("worker", interval=0.1, verbosity=0)
    elif mode == "plan":
        _solve_forever()
        call_command("plan", start="2026-01")
    elif mode == "worker":
        call_command("worker", interval=0.1, verbosity=0)
    elif mode == "retry":
        _retry(int(sys.argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
