from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nsatu.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Audit trail tools. `audit verify` walks the hash chain and names the first event that does not match."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if not report.intact:
            raise CommandError(f"audit chain broken after {report.events} events: {report.reason}")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.events} events"))
