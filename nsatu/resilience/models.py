"""Saved resilience scenarios: a name, a horizon and the rules (donor × withdraw / delay / cap) to compare."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record


class RuleKind(models.TextChoices):
    WITHDRAW = "withdraw", _("Withdraws from a date")
    DELAY = "delay", _("Delays everything by N months")
    CAP = "cap", _("Caps its support at an amount")


class CapUnit(models.TextChoices):
    EUR = "EUR", _("EUR")
    UNITS = "units", _("units")


MAX_HORIZON_MONTHS = 60


class Scenario(Record):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    horizon_months = models.PositiveSmallIntegerField(
        _("horizon (months)"),
        default=12,
        help_text=_(
            "Undelivered supply counts if it arrives within this many months of the as-of date."
        ),
    )
    as_of = models.DateField(
        _("as of"), null=True, blank=True, help_text=_("Empty: the day the scenario is looked at.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(horizon_months__gte=1, horizon_months__lte=MAX_HORIZON_MONTHS),
                name="scenario_horizon_1_to_60_months",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ScenarioRule(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="rules")
    donor = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="+", verbose_name=_("donor")
    )
    kind = models.CharField(_("rule"), max_length=16, choices=RuleKind.choices)
    start = models.DateField(_("from"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=8, choices=CapUnit.choices, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "donor", "kind"], name="scenario_rule_one_kind_per_donor"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="withdraw") | models.Q(start__isnull=False),
                name="scenario_rule_withdraw_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="delay") | models.Q(months__gte=1, months__lte=120),
                name="scenario_rule_delay_1_to_120_months",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="cap")
                | models.Q(amount__gte=0, unit__in=["EUR", "units"]),
                name="scenario_rule_cap_has_amount_and_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor} {self.kind}"
