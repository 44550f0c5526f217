from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    """Each hand-off a user may be told of; a user chooses per kind how it reaches them."""

    REQUIREMENT_SUBMITTED = "requirement_submitted", _("Requirement submitted for validation")
    REQUIREMENT_VALIDATED = "requirement_validated", _("Requirement validated")
    REQUIREMENT_PUBLISHED = "requirement_published", _("Requirement published")
    REQUIREMENT_CANCELLED = "requirement_cancelled", _("Requirement cancelled")
    PROPOSAL_MADE = "proposal_made", _("Plan proposal made to my nation")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("Plan proposal accepted")
    PROPOSAL_DECLINED = "proposal_declined", _("Plan proposal declined")
    CLAIM_EXPIRING = "claim_expiring", _("Claim expiring within 7 days")
    CLAIM_EXPIRED = "claim_expired", _("Claim expired")
    SHIPMENT_LATE = "shipment_late", _("Shipment late")
    DISCREPANCY_RECORDED = "discrepancy_recorded", _("Discrepancy recorded at receipt")
    INTAKE_AWAITING = "intake_awaiting", _("Claim read from a document awaits confirmation")

    @classmethod
    def of_requirement_status(cls, status: str) -> NoticeKind | None:
        """The notice of a requirement's move to `status`; None for the moves nobody is told of."""
        value = f"requirement_{status}"
        return cls(value) if value in cls.values else None


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("In the application only")
    EMAIL = "email", _("In the application and by e-mail")
    DIGEST = "digest", _("In the application and in a daily e-mail digest")


class Notification(models.Model):
    """A message to one user, shown in the page header until read; by e-mail too when the user chose so."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # Which event it reports, so a repeated check does not notify twice.
    key = models.CharField(_("key"), max_length=120)
    # Blank for the notices sent before kinds existed (late shipments via notification_send).
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices, blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.IN_APP
    )
    digested_at = models.DateTimeField(_("sent in a digest"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_event")
        ]
        indexes = [
            models.Index(fields=["delivery", "digested_at"], name="notification_digest_due_idx")
        ]

    def __str__(self) -> str:
        return self.subject


class NoticePreference(models.Model):
    """How one user wants one kind of notice; no row means in the application only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NoticeKind.choices)
    delivery = models.CharField(
        _("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.IN_APP
    )

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
