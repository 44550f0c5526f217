"""nsatu purge_uploads [--days N]: drop the bytes of uploaded workbooks older than N days (run it daily, e.g. from
cron); each upload's record stays."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nsatu.exchange.upload_services import uploads_purge


class Command(BaseCommand):
    help = "Remove the stored files of uploads older than --days (default NSATU_UPLOAD_KEEP_DAYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.NSATU_UPLOAD_KEEP_DAYS,
            help="keep the files of uploads younger than this many days",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["days"]
        if days < 0:
            raise CommandError(_("--days must be 0 or more, not %(days)s") % {"days": days})
        n = uploads_purge(actor=None, older_than=dt.timedelta(days=days))
        self.stdout.write(
            _("Removed the files of %(n)s upload(s) older than %(days)s days.")
            % {"n": n, "days": days}
        )
