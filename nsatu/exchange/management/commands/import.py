"""nsatu import KIND PATH [--dry-run] [--batch-size ROWS]: import one public dataset file, all or nothing.

Large files (the Kiel data explorer) are read and written ROWS rows at a time inside the one transaction.

`nsatu import pledges-xlsx FILE --as USERNAME` (and requirements-, shipments-, courses-xlsx) uploads a filled-in
template as that user, as the upload page does: every row checked, then all of it written or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nsatu.accounts.cli import reader_for
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.exchange.context import BATCH_ROWS
from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.models import Upload, UploadKind, UploadStatus
from nsatu.exchange.registry import IMPORTERS
from nsatu.exchange.services import ImportResult, dataset_import
from nsatu.exchange.upload_services import upload_import

XLSX_KINDS = {f"{kind}-xlsx": kind for kind in UploadKind.values}


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
        parser.add_argument(
            "kind", choices=sorted([*IMPORTERS, *XLSX_KINDS]), help="what the file is"
        )
        parser.add_argument(
            "path", type=Path, help="the file; a relative path is tried in the data directory too"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read and check everything, then roll back"
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_ROWS,
            metavar="ROWS",
            help="rows a large file is read and written in at a time (memory grows with this, not the file)",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="<kind>-xlsx: upload the filled-in template as this user (required for those kinds)",
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
        if kind in XLSX_KINDS:
            self._upload(XLSX_KINDS[kind], path, options)
            return
        try:
            result = dataset_import(
                actor=None,
                kind=kind,
                path=path,
                progress=True,
                dry_run=options["dry_run"],
                batch_size=max(1, options["batch_size"]),
            )
        except ImportFailed as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("\n".join(summary_lines(result)))
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was saved."))

    def _upload(self, kind: str, path: Path, options: dict[str, Any]) -> None:
        actor = reader_for(options["as_user"])
        if actor is None:
            raise CommandError(_("Name the user the file is uploaded as: --as USERNAME"))
        try:
            upload = upload_import(
                actor=actor,
                kind=kind,
                file_name=path.name,
                content=path.read_bytes(),
                dry_run=options["dry_run"],
            )
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        self.stdout.write("\n".join(upload_lines(upload)))
        if upload.status == UploadStatus.REFUSED:
            raise CommandError(_("Nothing was written."))
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was saved."))


def upload_lines(upload: Upload) -> list[str]:
    lines = [
        _("%(file)s: %(rows)s rows read, %(new)s to write, %(before)s written before")
        % {
            "file": upload.file_name,
            "rows": upload.rows_read,
            "new": upload.to_write,
            "before": upload.written_before,
        }
    ]
    for label, count in sorted(upload.records_written.items()):
        lines.append(_("  written: %(what)s %(n)s") % {"what": label, "n": count})
    if upload.problems:
        lines.append(
            _("  %(n)s problem(s) (file, sheet, row, column, reason):")
            % {"n": len(upload.problems)}
        )
        for p in upload.problems:
            row = p["row"] if p["row"] is not None else "-"
            lines.append(
                f"    {p['file']}, {p['sheet'] or '-'}, {row}, {p['column'] or '-'}, {p['reason']}"
            )
    return lines
