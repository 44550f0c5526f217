from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record


class PledgeStatus(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    COMMITTED = "committed", _("Committed")
    ALLOCATED = "allocated", _("Allocated")
    DELIVERED = "delivered", _("Delivered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Only firm aid counts toward coverage: committed and above (Kiel tracker / OCHA FTS usage).
FIRM_STATUSES = (PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED, PledgeStatus.DELIVERED)


class PledgeKind(models.TextChoices):
    IN_KIND = "in_kind", _("In kind")
    FUNDS = "funds", _("Funds")


class Pledge(Record):
    donor = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        related_name="pledges_made",
        verbose_name=_("donor"),
    )
    recipient = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        related_name="pledges_received",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=PledgeKind.choices, default=PledgeKind.IN_KIND
    )
    item_type = models.ForeignKey(
        "catalogue.ItemType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("item type"),
    )
    description = models.CharField(_("description as in source"), max_length=500, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    quantity_uncertain = models.BooleanField(_("quantity uncertain"), default=False)
    delivered_quantity = models.PositiveIntegerField(
        _("delivered (reported)"), null=True, blank=True
    )
    delivered_uncertain = models.BooleanField(_("delivered uncertain"), default=False)
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    value_eur = models.DecimalField(
        _("value (EUR)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PledgeStatus.choices,
        default=PledgeStatus.ANNOUNCED,
        db_index=True,
    )
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("order year"), null=True, blank=True)
    requirement = models.ForeignKey(
        "needs.Requirement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("earmarked for requirement"),
    )
    mechanism = models.CharField(_("mechanism"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["donor__name", "-announced_on", "id"]
        # The pledge list's sort keys (a million rows at scale): each order is read off an index.
        indexes = [
            models.Index(fields=["value_eur", "id"], name="pledge_value_idx"),
            models.Index(fields=["announced_on", "id"], name="pledge_announced_idx"),
            models.Index(fields=["status", "id"], name="pledge_status_id_idx"),
            # A donor's pledges newest first (the donor filter, the donor page, the list by donor).
            models.Index(
                fields=["donor", "-announced_on", "id"], name="pledge_donor_announced_idx"
            ),
            # A donor's change marks (aid/summaries.py: count, ids, versions, last update) read off this index
            # alone: the cached donor page's key costs an index range, not the donor's rows.
            models.Index(
                fields=["donor", "updated_at", "version", "id"], name="pledge_donor_stamp_idx"
            ),
            # The status counts under the visibility rule (releasability, owner) read this index alone.
            models.Index(
                fields=["status", "releasability", "owner", "id"], name="pledge_status_visible_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="in_kind")
                | models.Q(quantity__isnull=False)
                | models.Q(description__gt=""),
                name="pledge_in_kind_has_quantity_or_description",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="funds") | models.Q(amount__isnull=False),
                name="pledge_funds_has_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="pledge_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        # Never the item type's name: pickers and messages show a pledge to readers who may not see its item
        # type (core/refs.py); a page that names the item type does so through ref_label.
        what = self.description or _("pledge %(id)s") % {"id": self.pk}
        return f"{self.donor} → {what}"


class Tranche(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="tranches")
    available_from = models.DateField(_("available from"))
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    transit_months = models.PositiveSmallIntegerField(
        _("transit (months)"),
        default=0,
        help_text=_("Months from availability to arrival in Ukraine."),
    )
    hub = models.ForeignKey(
        "logistics.Hub",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tranches",
        verbose_name=_("routed through hub"),
    )

    class Meta:
        ordering = ["available_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=False) | models.Q(amount__isnull=False),
                name="tranche_has_quantity_or_amount",
            ),
        ]


class ReportedAid(models.Model):
    """Kiel tracker data explorer: one donor × month, amounts in EUR (the file gives EUR billions)."""

    # No index of its own: the unique (donor, year, month) index serves every lookup by donor, and a second
    # index costs each of a million imported rows (SQLite 3.96 -> 3.46 us a row without it).
    donor = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="reported_aid", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    total_eur = models.DecimalField(max_digits=20, decimal_places=3)
    financial_eur = models.DecimalField(max_digits=20, decimal_places=3)
    humanitarian_eur = models.DecimalField(max_digits=20, decimal_places=3)
    military_eur = models.DecimalField(max_digits=20, decimal_places=3)
    commitments_eur = models.DecimalField(max_digits=20, decimal_places=3)
    to_be_allocated_eur = models.DecimalField(max_digits=20, decimal_places=3)
    gdp_eur = models.DecimalField(max_digits=24, decimal_places=3, null=True, blank=True)
    pct_gdp = models.FloatField(null=True, blank=True)
    dataset = models.ForeignKey("sources.Dataset", on_delete=models.PROTECT, related_name="+")
    source_row = models.PositiveIntegerField()
    # A digest of the source line this row was read from (its cells, line number and dataset): a re-import
    # finds an unchanged line by it and skips parsing and comparing its values. Null: not known, compare.
    content_hash = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["donor", "year", "month"], name="reported_aid_unique")
        ]
        ordering = ["donor", "year", "month"]


class ReportedAidDonorTotal(models.Model):
    """The Kiel amounts of one donor summed over every month, rebuilt by each import that changes the rows:
    the overview and the donor page read these few rows instead of summing up to a million on every view."""

    donor = models.OneToOneField(
        "parties.Party", on_delete=models.CASCADE, related_name="reported_aid_total"
    )
    total_eur = models.DecimalField(max_digits=28, decimal_places=3)
    financial_eur = models.DecimalField(max_digits=28, decimal_places=3)
    humanitarian_eur = models.DecimalField(max_digits=28, decimal_places=3)
    military_eur = models.DecimalField(max_digits=28, decimal_places=3)
    months = models.PositiveIntegerField()


class ReportedAidMonthTotal(models.Model):
    """The Kiel amounts of every donor summed per month (the overview's chart over time), kept as above."""

    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    total_eur = models.DecimalField(max_digits=28, decimal_places=3)
    financial_eur = models.DecimalField(max_digits=28, decimal_places=3)
    humanitarian_eur = models.DecimalField(max_digits=28, decimal_places=3)
    military_eur = models.DecimalField(max_digits=28, decimal_places=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="reported_aid_month_unique")
        ]


class ReportedHeavyWeapons(models.Model):
    """Kiel tracker weapons table: one donor × category, with the item list as published."""

    donor = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="reported_heavy_weapons"
    )
    category = models.CharField(max_length=64)
    number = models.PositiveIntegerField()
    value_eur = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    weapons_list = models.TextField(blank=True)
    dataset = models.ForeignKey("sources.Dataset", on_delete=models.PROTECT, related_name="+")
    source_row = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["donor", "category"], name="reported_heavy_weapons_unique"
            )
        ]
        ordering = ["donor", "category"]
