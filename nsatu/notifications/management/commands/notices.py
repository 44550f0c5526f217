"""`nsatu notices --due` emits the time-based notices; `nsatu notices --digest` sends the daily digests."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nsatu.notifications.due import due_checks
from nsatu.notifications.services import notice_digest_send


class Command(BaseCommand):
    help = "Emit the notices that fall due (--due) and send the daily digests (--digest)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--due", action="store_true", help="claims expiring or expired, shipments late"
        )
        parser.add_argument(
            "--digest", action="store_true", help="one e-mail per person who chose a digest"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["due"] or options["digest"]):
            raise CommandError("Say what to do: --due, --digest or both.")
        if options["due"]:
            now = timezone.now()
            for name, check in due_checks().items():
                self.stdout.write(f"{name}: {check(now)} notices")
        if options["digest"]:
            self.stdout.write(f"digests: {notice_digest_send()} e-mails")
