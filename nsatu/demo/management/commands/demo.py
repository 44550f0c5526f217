from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from nsatu.accounts.models import User
from nsatu.demo.people import DEMO_COORDINATOR, DEMO_PEOPLE
from nsatu.demo.selectors import demo_requirements_get
from nsatu.demo.services import DemoBuilt, demo_build
from nsatu.planning.management.commands.worker import worker_thread


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
        built = demo_build(
            data_dir=Path(settings.DATA_DIR), var_dir=Path(settings.VAR_DIR), progress=True
        )
        self._report(built)
        self.stdout.write(self.style.SUCCESS(f"Demo ready in {time.monotonic() - started:.1f} s."))
        self.stdout.write(
            f"Log in at http://{options['addr']}/ as one of (password for all: {built.password}):"
        )
        for person in (p for p in DEMO_PEOPLE if p.in_demo):
            suffix = f", {person.party_code}" if person.party_code else ""
            self.stdout.write(f"  {person.username:<24} {person.role}{suffix}")
        if not options["no_serve"]:
            # Allocation runs are background tasks: a worker thread takes them from the database queue (more
            # workers: `nsatu worker` in other terminals).
            worker_thread()
            call_command("runserver", options["addr"], use_reloader=False, use_threading=True)

    def _report(self, built: DemoBuilt) -> None:
        for result in built.imports:
            self.stdout.write(f"  {result.summary()}")
        offers, courses, shipments = built.offers, built.courses, built.shipments
        needs = demo_requirements_get(user=User.objects.get(username=DEMO_COORDINATOR))
        self.stdout.write(
            f"  requirements (illustrative, rolled forward): {needs.published} published, "
            f"{needs.superseded} superseded; needed by {needs.first_needed_by} to "
            f"{needs.last_needed_by}; by unit kind {needs.by_unit_kind}; by priority "
            f"{needs.by_priority}"
        )
        self.stdout.write(
            f"  planning scenario (illustrative): {offers.pledges} open remainders, "
            f"{offers.tranches} tranches{'' if offers.created else ' (already built)'}"
        )
        funds = built.funds
        self.stdout.write(
            f"  funds scenario (illustrative): {funds.pledges} PURL funds pledges, "
            f"EUR {funds.amount_eur:,.0f}{'' if funds.created else ' (already built)'}"
        )
        self.stdout.write(
            f"  training scenario (illustrative): {courses.courses} courses, {courses.cohorts} cohorts"
            f"{'' if courses.created else ' (already built)'} {courses.note}".rstrip()
        )
        self.stdout.write(
            f"  logistics scenario (illustrative): {shipments.shipments} shipments"
            f"{'' if shipments.created else ' (already built)'} {shipments.note}".rstrip()
        )
