from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.models import Record
from nsatu.engine.units import Period, UnitKind


class RequirementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class UnitKindChoice(models.TextChoices):
    ITEMS = UnitKind.ITEMS.value, pgettext_lazy("unit kind", "Items")
    ROUNDS = UnitKind.ROUNDS.value, _("Rounds")
    FUNDS = UnitKind.FUNDS.value, pgettext_lazy("unit kind", "Funds")


class PeriodChoice(models.TextChoices):
    TOTAL = Period.TOTAL.value, _("in total")
    DAY = Period.DAY.value, _("per day")
    MONTH = Period.MONTH.value, _("per month")
    YEAR = Period.YEAR.value, _("per year")


class Requirement(Record):
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=300)
    capability_area = models.CharField(
        _("capability area"), max_length=16, choices=CapabilityArea.choices
    )
    item_type = models.ForeignKey(
        "catalogue.ItemType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requirements",
        verbose_name=_("item type"),
    )
    ammunition_family = models.ForeignKey(
        "catalogue.AmmunitionFamily",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requirements",
        verbose_name=_("ammunition family"),
    )
    description = models.TextField(_("described capability"), blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, default="units")
    unit_kind = models.CharField(
        _("unit kind"),
        max_length=8,
        choices=UnitKindChoice.choices,
        default=UnitKindChoice.ITEMS,
        help_text=_("What the quantity counts; quantities of different kinds are never added."),
    )
    period = models.CharField(
        _("per"),
        max_length=8,
        choices=PeriodChoice.choices,
        default=PeriodChoice.TOTAL,
        help_text=_("A rate (per day, month or year) counts up to the needed-by date."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=3, help_text=_("1 is the most pressing, 5 the least.")
    )
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RequirementStatus.choices,
        default=RequirementStatus.DRAFT,
        db_index=True,
    )
    stated_by = models.CharField(_("stated by"), max_length=300, blank=True)
    stated_on = models.CharField(
        _("stated on"), max_length=10, blank=True, help_text=_("YYYY-MM-DD or YYYY-MM")
    )
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_(
            "Built from a publicly stated requirement for the demo scenario, not an official request."
        ),
    )

    class Meta:
        ordering = ["priority", "needed_by", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="requirement_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=5),
                name="requirement_priority_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"
