from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nsatu.accounts.cli import reader_for
from nsatu.core.tables import ExportError, render
from nsatu.exchange.exports import TABLES
from nsatu.exchange.selectors import export_table_get


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


class Command(BaseCommand):
    help = "Export a table as CSV, XLSX or JSON to standard output or a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", choices=sorted(TABLES))
        parser.add_argument("--format", dest="fmt", choices=["csv", "xlsx", "json"], default="csv")
        parser.add_argument(
            "-o", "--output", type=Path, help="file to write (default: standard output)"
        )
        parser.add_argument("--year", type=int, help="year, for defence-spending")
        parser.add_argument(
            "--target", type=float, help="% of GDP threshold for defence-spending (default 2)"
        )
        parser.add_argument("--donor", help="ISO3 of a donor, for pledges")
        parser.add_argument(
            "--related", action="store_true", help="coalitions: add the related formats"
        )
        parser.add_argument("--status", help="status filter, for pledges and requirements")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            type=_day,
            metavar="YYYY-MM-DD",
            help="coverage: the day it is counted from (default: today)",
        )
        parser.add_argument(
            "--horizon-months",
            type=int,
            metavar="N",
            help="coverage: aid arriving later is not counted, rates count up to here (default 24)",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="export what this user may see (default: public records only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            table = export_table_get(
                name=options["table"], user=reader_for(options["as_user"]), options=options
            )
            payload = render(table, options["fmt"])
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        if options["output"]:
            options["output"].write_bytes(payload)
            self.stderr.write(f"{len(table.rows)} rows written to {options['output']}")
        elif options["fmt"] == "xlsx" and sys.stdout.isatty():
            raise CommandError("refusing to write a binary XLSX to a terminal; use -o FILE")
        else:
            sys.stdout.buffer.write(payload)
            sys.stdout.flush()
