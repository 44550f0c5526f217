from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from nsatu.accounts.services import user_upsert
from nsatu.demo.courses import training_scenario_build
from nsatu.demo.offers import planning_scenario_build
from nsatu.demo.people import DEMO_PEOPLE
from nsatu.demo.shipments import logistics_scenario_build
from nsatu.exchange.services import demo_import_all
from nsatu.parties.models import Party
from nsatu.planning.management.commands.worker import worker_thread


def _demo_password(var_dir: Path) -> str:
    """One random password per installation, kept under var/ so that restarts print the same one."""
    path = var_dir / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(9)
    var_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password


class Command(BaseCommand):
    help = "Migrate, import the real public datasets, create the demo users and serve on 127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="set everything up, then exit")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        results = demo_import_all(actor=None, data_dir=Path(settings.DATA_DIR), progress=True)
        for result in results:
            self.stdout.write(f"  {result.summary()}")
        with transaction.atomic():
            scenario = planning_scenario_build(actor=None)
        self.stdout.write(
            f"  planning scenario (illustrative): {scenario.pledges} open remainders, "
            f"{scenario.tranches} tranches{'' if scenario.created else ' (already built)'}"
        )
        with transaction.atomic():
            training = training_scenario_build(actor=None)
        self.stdout.write(
            f"  training scenario (illustrative): {training.courses} courses, {training.cohorts} cohorts"
            f"{'' if training.created else ' (already built)'} {training.note}".rstrip()
        )
        password = _demo_password(Path(settings.VAR_DIR))
        with transaction.atomic():
            for person in (p for p in DEMO_PEOPLE if p.in_demo):
                party = Party.objects.get(code=person.party_code) if person.party_code else None
                user_upsert(
                    actor=None,
                    username=person.username,
                    role=person.role,
                    party=party,
                    password=password,
                    first_name=person.first_name,
                    last_name=person.last_name,
                )
        with transaction.atomic():
            # After the people: the scenario's receipt is recorded by the Ukrainian planner.
            logistics = logistics_scenario_build(actor=None)
        self.stdout.write(
            f"  logistics scenario (illustrative): {logistics.shipments} shipments"
            f"{'' if logistics.created else ' (already built)'} {logistics.note}".rstrip()
        )
        self.stdout.write(self.style.SUCCESS(f"Demo ready in {time.monotonic() - started:.1f} s."))
        self.stdout.write(
            f"Log in at http://{options['addr']}/ as one of (password for all: {password}):"
        )
        for person in (p for p in DEMO_PEOPLE if p.in_demo):
            suffix = f", {person.party_code}" if person.party_code else ""
            self.stdout.write(f"  {person.username:<24} {person.role}{suffix}")
        if not options["no_serve"]:
            # Allocation runs are background tasks: a worker thread takes them from the database queue (more
            # workers: `nsatu worker` in other terminals).
            worker_thread()
            call_command("runserver", options["addr"], use_reloader=False, use_threading=True)
