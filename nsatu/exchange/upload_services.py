"""The Excel upload: check a filled-in template and show what it would create (writing nothing of it), then
write all of it, or nothing, through the domains' services.

The preview runs every row through the same services as the write, in a unit of work it then rolls back: what
the preview accepts is what the services accept, rows that depend on earlier rows of the file included. The
write runs the stored file through the same code again, in one transaction, and commits only when every row is
accepted. A row written once is recorded by the key of its content (UploadedRow), so the same row uploaded
again, in the same file or another, is recognised and not written twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.core.actors import Actor, Reader
from nsatu.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from nsatu.exchange.models import Upload, UploadedRow, UploadKind, UploadStatus
from nsatu.exchange.rules import check_may_upload
from nsatu.exchange.upload_columns import CHOICE, Sheet
from nsatu.exchange.upload_lists import Book
from nsatu.exchange.upload_read import CellProblem, ParsedRow, ParsedSheet, read_upload
from nsatu.exchange.upload_selectors import upload_book_get
from nsatu.exchange.upload_writers import WRITERS, RowRefused, sheet_of

PREVIEW_ROWS = 20
MAX_STORED_PROBLEMS = 1000
PREVIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    UploadKind.PLEDGES: (
        "donor",
        "item_type",
        "description",
        "quantity",
        "amount",
        "status",
        "tranche1_from",
    ),
    UploadKind.REQUIREMENTS: (
        "title",
        "capability_area",
        "item_type",
        "quantity",
        "unit",
        "priority",
        "needed_by",
    ),
    UploadKind.SHIPMENTS: (
        "donor",
        "origin",
        "hub",
        "planned_dispatch",
        "planned_handover",
        "line1_item_type",
        "line1_quantity",
    ),
    UploadKind.COURSES: (
        "host",
        "name",
        "skill",
        "item_type",
        "duration_weeks",
        "seats_per_cohort",
    ),
}


@dataclass
class _Run:
    book: Book
    parsed: ParsedSheet
    new_rows: list[ParsedRow] = field(default_factory=list)
    written_before: int = 0
    written: list[tuple[ParsedRow, list[Model]]] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(obj._meta.label_lower for _row, objs in self.written for obj in objs)


def _party_key(actor: Actor) -> str:
    return f"party:{actor.party_id}" if actor.party_id else f"user:{actor.pk}"


def _check_size(content: bytes, file_name: str) -> None:
    if len(content) > settings.NSATU_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("%(file)s is %(size)s; the limit is %(limit)s.")
            % {
                "file": file_name,
                "size": filesizeformat(len(content)),
                "limit": filesizeformat(settings.NSATU_MAX_UPLOAD_BYTES),
            }
        )


def _run(*, actor: Actor, kind: str, file_name: str, content: bytes, commit: bool) -> _Run:
    """Read the file, set aside the rows written before, and write the others through the services; the
    writes are rolled back unless `commit` and every row was accepted."""
    sheet = sheet_of(kind)
    book = upload_book_get(user=actor, kind=kind)
    run = _Run(book, read_upload(content=content, file_name=file_name, sheet=sheet, book=book))
    parsed = run.parsed
    if any(p.row is None for p in parsed.problems):
        return run
    keys = {r.key for r in parsed.rows}
    before = set(
        UploadedRow.objects.filter(
            kind=kind, party_key=_party_key(actor), content_key__in=keys
        ).values_list("content_key", flat=True)
    )
    first_of: dict[str, int] = {}
    for row in parsed.rows:
        if row.key in before:
            run.written_before += 1
        elif row.key in first_of:
            parsed.problem(
                row.row,
                "",
                _("the same as row %(n)s; a row is written once") % {"n": first_of[row.key]},
            )
        else:
            first_of[row.key] = row.row
            if not row.cells:
                run.new_rows.append(row)
    with transaction.atomic():
        _write_rows(actor, kind, sheet, book, run)
        if not commit or parsed.problems:
            transaction.set_rollback(True)
    return run


def _write_rows(actor: Actor, kind: str, sheet: Sheet, book: Book, run: _Run) -> None:
    writer = WRITERS[kind]
    labels = {c.key: str(c.label) for c in sheet.columns}
    for row in run.new_rows:
        try:
            # A savepoint per row: a refused row leaves nothing behind, and the next rows still get checked.
            with transaction.atomic():
                objects = writer(actor, row.values, book)
        except RowRefused as exc:
            for refusal in exc.refusals:
                run.parsed.problem(row.row, labels.get(refusal.column, ""), refusal.reason)
        else:
            run.written.append((row, objects))
    run.parsed.problems.sort(key=lambda p: p.row or 0)


def _cell(value: object, book: Book, choices: str) -> list[str]:
    """A preview cell as [type, text]: typed so the page shows dates and figures in the reader's format."""
    if value is None:
        return ["t", ""]
    if isinstance(value, dt.date):
        return ["d", value.isoformat()]
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return ["n", str(value)]
    if isinstance(value, Model):
        return ["t", str(getattr(value, "reference", "") or getattr(value, "name", value.pk))]
    if choices in book:
        # a code of a list: shown by its label, never as the code itself
        return ["t", book[choices].label_of(value)]
    return ["t", str(value)]


def _preview(kind: str, sheet: Sheet, book: Book, run: _Run) -> dict[str, object]:
    keys = list(PREVIEW_COLUMNS[kind])
    columns = [sheet.column(k) for k in keys]
    rows = [
        [
            row.row,
            *(
                _cell(row.values.get(c.key), book, c.choices if c.type == CHOICE else "")
                for c in columns
            ),
        ]
        for row, _objs in run.written[:PREVIEW_ROWS]
    ]
    return {"columns": keys, "counts": dict(run.counts), "rows": rows}


def _record(upload: Upload, run: _Run) -> None:
    upload.rows_read = len(run.parsed.rows)
    upload.written_before = run.written_before
    upload.to_write = 0 if run.parsed.problems else len(run.written)
    upload.problems = [p.as_dict() for p in run.parsed.problems[:MAX_STORED_PROBLEMS]]


def _event_after(upload: Upload) -> dict[str, object]:
    return {
        "kind": upload.kind,
        "file": upload.file_name,
        "sha256": upload.sha256,
        "rows_read": upload.rows_read,
        "to_write": upload.to_write,
        "written_before": upload.written_before,
        "problems": len(upload.problems),
        "records_written": upload.records_written,
    }


@transaction.atomic
def upload_preview(*, actor: Actor, kind: str, file_name: str, content: bytes) -> Upload:
    """Check a filled-in template and keep it with what it would write; nothing of its rows is written."""
    check_may_upload(actor, kind)
    _check_size(content, file_name)
    run = _run(actor=actor, kind=kind, file_name=file_name, content=content, commit=False)
    upload = Upload(
        kind=kind,
        uploaded_by_id=actor.pk,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        status=UploadStatus.REFUSED if run.parsed.problems else UploadStatus.PREVIEWED,
        preview=_preview(kind, sheet_of(kind), run.book, run),
    )
    _record(upload, run)
    upload.save()
    audit_event_record(
        actor=actor, action=f"upload.{kind}.preview", obj=upload, after=_event_after(upload)
    )
    return upload


@transaction.atomic
def upload_write(*, actor: Actor, pk: int, kind: str | None = None) -> Upload:
    """Write every row of a checked upload through the services, all or nothing.

    The stored file is checked again inside this transaction (what another user wrote since may refuse a row):
    if any row is refused now, nothing is written and the upload shows why. An upload written before writes
    nothing again, nor does any row written before by another upload.
    """
    uploads = Upload.objects.select_for_update().filter(pk=pk, uploaded_by_id=actor.pk)
    upload = (uploads if kind is None else uploads.filter(kind=kind)).first()
    if upload is None:
        raise NotFound(pk)
    check_may_upload(actor, upload.kind)
    if upload.status == UploadStatus.WRITTEN:
        return upload
    if upload.purged_at is not None:
        raise ValidationError(
            _(
                "The file of this check was removed after %(days)s days; upload it again to check and write it."
            )
            % {"days": settings.NSATU_UPLOAD_KEEP_DAYS}
        )
    content = bytes(upload.content)
    run = _run(
        actor=actor, kind=upload.kind, file_name=upload.file_name, content=content, commit=True
    )
    _record(upload, run)
    if run.parsed.problems:
        upload.status = UploadStatus.REFUSED
    else:
        upload.status = UploadStatus.WRITTEN
        upload.written_at = timezone.now()
        upload.records_written = dict(run.counts)
        party_key = _party_key(actor)
        _rows_record(upload, run, party_key)
    upload.save()
    audit_event_record(
        actor=actor, action=f"upload.{upload.kind}.write", obj=upload, after=_event_after(upload)
    )
    return upload


def _rows_record(upload: Upload, run: _Run, party_key: str) -> None:
    """Remember each written row by its content. Two uploads of the same rows written at the same moment
    both passed the "written before" check: the second meets the unique key here and is refused whole."""
    try:
        with transaction.atomic():
            UploadedRow.objects.bulk_create(
                [
                    UploadedRow(
                        kind=upload.kind,
                        party_key=party_key,
                        content_key=row.key,
                        upload=upload,
                        sheet_row=row.row,
                        object_type=objects[0]._meta.label_lower,
                        object_id=objects[0].pk,
                    )
                    for row, objects in run.written
                ]
            )
    except IntegrityError as exc:
        raise ConflictError(
            _(
                "Another upload has just written some of these rows; open the file again to see which."
            )
        ) from exc


@transaction.atomic
def upload_import(
    *, actor: Actor, kind: str, file_name: str, content: bytes, dry_run: bool = False
) -> Upload:
    """The console's upload (`nsatu import <kind>-xlsx`): the preview, then, unless `dry_run` or a row is
    refused, the write; one unit of work."""
    upload = upload_preview(actor=actor, kind=kind, file_name=file_name, content=content)
    if dry_run:
        # Not even the upload and its audit event stay: a dry run leaves the database as it was.
        transaction.set_rollback(True)
        return upload
    if upload.status != UploadStatus.PREVIEWED or upload.to_write == 0:
        return upload
    return upload_write(actor=actor, pk=upload.pk)


__all__ = ["CellProblem", "upload_import", "upload_preview", "upload_write"]


@transaction.atomic
def uploads_purge(*, actor: Reader, older_than: dt.timedelta) -> int:
    """Drop the stored bytes of every upload older than `older_than` (up to 20 MB each, kept only so that
    "Write" writes the very file that was checked); the uploads themselves stay as the record. A checked upload
    not yet written can no longer be written: its page says to upload the file again. Returns how many."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Only an administrator may remove uploaded files."))
    now = timezone.now()
    stale = Upload.objects.filter(created_at__lt=now - older_than, purged_at__isnull=True)
    ids = list(stale.values_list("pk", flat=True))
    if ids:
        Upload.objects.filter(pk__in=ids).update(content=b"", purged_at=now)
    audit_event_record(
        actor=actor,
        action="upload.purge",
        object_type=Upload._meta.label_lower,
        after={"uploads": ids, "older_than_days": older_than.days},
    )
    return len(ids)
