from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from nsatu.accounts.cli import reader_for
from nsatu.resilience.briefing import briefing_pdf
from nsatu.resilience.briefing_selectors import briefing_get
from nsatu.resilience.briefing_xlsx import briefing_xlsx
from nsatu.resilience.horizon import horizon_for


class Command(BaseCommand):
    help = "Write the contact-group briefing (coverage, gaps, fragmentation, resilience) as PDF or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o", "--output", type=Path, required=True, help="file to write (.pdf or .xlsx)"
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=["pdf", "xlsx"],
            help="default: from the file's extension",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="what this user may see (default: public records only)",
        )
        parser.add_argument(
            "--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)"
        )
        parser.add_argument("--horizon-months", type=int, default=12)
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="language of the briefing's text, dates and figures (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = reader_for(options["as_user"])
        output: Path = options["output"]
        fmt = options["fmt"] or output.suffix.lstrip(".").lower()
        if fmt not in ("pdf", "xlsx"):
            raise CommandError(
                f"{output}: say --format pdf or xlsx (the extension {output.suffix!r} does not)"
            )
        if not 1 <= options["horizon_months"] <= 60:
            raise CommandError("--horizon-months: 1 to 60")
        with translation.override(options["language"]):
            b = briefing_get(
                user=user,
                horizon=horizon_for(as_of=options["as_of"], months=options["horizon_months"]),
            )
            output.write_bytes(briefing_pdf(b) if fmt == "pdf" else briefing_xlsx(b))
        self.stderr.write(f"briefing as of {b.horizon.as_of} written to {output}")
