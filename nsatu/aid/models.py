"""A coordinator's decisions on the aid ledger; the lines themselves are computed (nsatu.engine.ledger)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Verdict(models.TextChoices):
    CONFIRM = "confirm", _("Confirmed: one donation")
    SPLIT = "split", _("Split: separate donations")


class LinkDecision(models.Model):
    """Two attestations (pledges) declared one donation or two; overrides the matcher until withdrawn."""

    first = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=pgettext_lazy("pledge of a pair", "first"),
    )
    second = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=pgettext_lazy("pledge of a pair", "second"),
    )
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="link_decision_ordered_pair"
            ),
            models.UniqueConstraint(
                fields=["first", "second"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="link_decision_one_live_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id}–{self.second_id}: {self.verdict}"
