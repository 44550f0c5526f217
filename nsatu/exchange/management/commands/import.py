"""nsatu import KIND PATH [--dry-run]: import one public dataset file, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.registry import IMPORTERS
from nsatu.exchange.services import ImportResult, dataset_import


def summary_lines(result: ImportResult) -> list[str]:
    lines = [result.summary()]
    for label, count in sorted(result.records.items()):
        lines.append(f"  {label}: {count}")
    if result.parties_created:
        lines.append(_("  new parties: %(p)s") % {"p": ", ".join(result.parties_created)})
    if result.item_types_created:
        lines.append(_("  new item types: %(n)s") % {"n": len(result.item_types_created)})
    if result.issues:
        lines.append(_("  %(n)s issue(s) (file, row, column, reason):") % {"n": len(result.issues)})
        for issue in result.issues:
            row = issue.row if issue.row is not None else "-"
            lines.append(
                f"    {result.file}, {row}, {issue.column or '-'}, [{issue.severity}] {issue.reason}"
            )
    return lines


class Command(BaseCommand):
    help = "Import a public dataset file (Kiel, SIPRI, NATO, World Bank, Oryx, reference tables)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS), help="what the file is")
        parser.add_argument(
            "path", type=Path, help="the file; a relative path is tried in the data directory too"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read and check everything, then roll back"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind: str = options["kind"]
        path: Path = options["path"]
        if (
            not path.exists()
            and not path.is_absolute()
            and (Path(settings.DATA_DIR) / path).exists()
        ):
            path = Path(settings.DATA_DIR) / path
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file") % {"path": path})
        try:
            result = dataset_import(
                actor=None, kind=kind, path=path, progress=True, dry_run=options["dry_run"]
            )
        except ImportFailed as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("\n".join(summary_lines(result)))
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was saved."))
