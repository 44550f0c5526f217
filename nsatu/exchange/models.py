"""What the Excel upload keeps: each uploaded workbook with its preview, and a key for every row it wrote."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadKind(models.TextChoices):
    PLEDGES = "pledges", _("Pledges with tranches")
    REQUIREMENTS = "requirements", _("Requirements")
    SHIPMENTS = "shipments", _("Shipments")
    COURSES = "courses", _("Courses")


class UploadStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, not written")
    WRITTEN = "written", _("Written")
    REFUSED = "refused", _("Refused")


class Upload(models.Model):
    """One workbook as uploaded. The bytes are kept so that "Write" writes exactly the file the preview
    checked (checked again, in the writing transaction), not a second upload that may differ."""

    kind = models.CharField(_("kind"), max_length=16, choices=UploadKind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("content"))
    status = models.CharField(
        _("status"), max_length=12, choices=UploadStatus.choices, default=UploadStatus.PREVIEWED
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    to_write = models.PositiveIntegerField(_("rows to write"), default=0)
    written_before = models.PositiveIntegerField(_("rows written before"), default=0)
    records_written = models.JSONField(_("records written"), default=dict)
    # {"counts": {label: n}, "columns": [...], "rows": [[sheet row, ...values]]}: what the preview showed
    preview = models.JSONField(_("preview"), default=dict)
    # [{"file", "sheet", "row", "column", "reason"}]
    problems = models.JSONField(_("problems"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    written_at = models.DateTimeField(_("written at"), null=True, blank=True)
    # When `uploads_purge` dropped the bytes (kept NSATU_UPLOAD_KEEP_DAYS): the row stays as the record of who
    # uploaded what (its hash), what it wrote and what was refused.
    purged_at = models.DateTimeField(_("file removed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name}"


class UploadedRow(models.Model):
    """A row an upload wrote, by the key of its content: the same row uploaded again is recognised and skipped.

    Scoped by the uploader's party: a row tells another party nothing about what this one wrote.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=UploadKind.choices)
    party_key = models.CharField(max_length=32)
    content_key = models.CharField(max_length=64)
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="written_rows")
    sheet_row = models.PositiveIntegerField()
    object_type = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "party_key", "content_key"], name="uploaded_row_once"
            )
        ]
