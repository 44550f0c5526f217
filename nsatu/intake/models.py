"""Documents read for pledges, and the claims read out of them, each pointing at its exact span of text."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record
from nsatu.intake.texts import reason_text
from nsatu.pledges.models import PledgeKind


class DocumentKind(models.TextChoices):
    TEXT = "text", _("Text")
    HTML = "html", _("HTML page")
    PDF = "pdf", _("PDF")


class Classification(models.TextChoices):
    NEW_PLEDGE = "new_pledge", _("New pledge")
    BACKGROUND = "background", _("Background (not new)")
    NOT_A_PLEDGE = "not_a_pledge", _("Not a pledge")


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into a pledge")


class SourceDocument(Record):
    """A news article, statement or report as stored: its text is what every claim's offsets refer to.

    Its address is Record.source_url; owner is the uploader's party.
    """

    kind = models.CharField(_("kind"), max_length=8, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    # Unique per owning party, not across the site: a party that may not read another's copy stores its own,
    # or the refusal ("already stored") would tell it that a hidden document exists.
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    text = models.TextField(_("text"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    extractor = models.CharField(_("extractor version"), max_length=32, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sha256", "owner"], name="document_bytes_once_per_owner"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Claim(Record):
    """One candidate pledge read from a document; owner is the donor it names (none: unassigned)."""

    document = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, related_name="claims", verbose_name=_("document")
    )
    start = models.PositiveIntegerField(_("sentence start"))
    end = models.PositiveIntegerField(_("sentence end"))
    evidence_start = models.PositiveIntegerField(_("evidence start"))
    evidence_end = models.PositiveIntegerField(_("evidence end"))
    sentence = models.TextField(_("sentence"))
    evidence = models.CharField(_("evidence"), max_length=500)
    donor = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("donor"),
    )
    donor_text = models.CharField(_("donor as written"), max_length=200, blank=True)
    donor_code = models.CharField(_("donor code as read"), max_length=16, blank=True)
    recipient = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=PledgeKind.choices)
    item_type = models.ForeignKey(
        "catalogue.ItemType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item type"),
    )
    item_text = models.CharField(_("item as written"), max_length=300, blank=True)
    item_candidates = models.JSONField(_("possible item types"), default=list, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    mechanism = models.CharField(_("mechanism"), max_length=40, blank=True)
    date_announced = models.DateField(_("announced on"), null=True, blank=True)
    date_precision = models.CharField(_("date precision"), max_length=10, blank=True)
    confidence = models.DecimalField(_("confidence"), max_digits=3, decimal_places=2)
    classification = models.CharField(
        _("classification"), max_length=16, choices=Classification.choices, db_index=True
    )
    reason_code = models.CharField(_("reason"), max_length=32)
    reason_params = models.JSONField(default=dict, blank=True)
    notes = models.TextField(_("extraction notes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ClaimStatus.choices,
        default=ClaimStatus.PENDING,
        db_index=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("pledge"),
    )

    class Meta:
        ordering = ["document", "start", "evidence_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="claim_span_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(evidence_end__gte=models.F("evidence_start")),
                name="claim_evidence_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["confirmed", "merged"])
                | models.Q(pledge__isnull=False),
                name="claim_reviewed_has_pledge",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="claim_confidence_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.start}-{self.end} {self.evidence}"

    @property
    def reason(self) -> str:
        return reason_text(self.reason_code, self.reason_params)

    @property
    def is_pending(self) -> bool:
        return self.status == ClaimStatus.PENDING
