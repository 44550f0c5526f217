from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dataset(models.Model):
    """A file that records were imported from, with the attribution its publisher asks for."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    citation = models.TextField(_("citation"), blank=True)
    licence = models.CharField(_("licence / terms"), max_length=300, blank=True)
    origin_url = models.URLField(_("origin"), max_length=1000, blank=True)
    file_path = models.CharField(_("file"), max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    records_imported = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(null=True, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_(
            "Built for the demo scenario, not reported by any source: badged wherever shown."
        ),
    )

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class ImportIssue(models.Model):
    """A row an importer kept but flagged, or refused, so that nothing is hidden."""

    class Severity(models.TextChoices):
        INFO = "info", _("Info")
        WARNING = "warning", _("Warning")
        SKIPPED = "skipped", _("Skipped row")

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="issues")
    row = models.PositiveIntegerField(_("row"), null=True, blank=True)
    column = models.CharField(_("column"), max_length=100, blank=True)
    severity = models.CharField(max_length=16, choices=Severity.choices, default=Severity.WARNING)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["dataset", "row", "id"]

    def __str__(self) -> str:
        return f"{self.dataset.key} row {self.row} {self.column}: {self.reason}"
