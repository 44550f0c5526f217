from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record


class FlowKind(models.TextChoices):
    MONEY = "money", _("Money")
    MATERIAL = "material", _("Material")


class Flow(Record):
    """Money or material from one party to another; a child flow passes on what its parent brought in."""

    source = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        related_name="flows_out",
        verbose_name=_("source"),
    )
    destination = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        related_name="flows_in",
        verbose_name=_("destination"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent flow"),
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=FlowKind.choices, default=FlowKind.MONEY
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, default="day", choices=[("day", "day"), ("month", "month")]
    )
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    eur_rate = models.DecimalField(
        _("EUR rate"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    eur_rate_date = models.DateField(_("rate date"), null=True, blank=True)
    item_type = models.ForeignKey(
        "catalogue.ItemType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    pledge = models.ForeignKey(
        "pledges.Pledge", on_delete=models.SET_NULL, null=True, blank=True, related_name="flows"
    )
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("destination")),
                name="flow_source_is_not_destination",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="flow_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.destination} {self.amount or ''} {self.currency}"
