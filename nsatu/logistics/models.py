from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nsatu.core.models import Record


class Hub(Record):
    """A logistics node or command site material passes through; its monthly throughput bounds a plan."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    country = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="hubs", verbose_name=_("country")
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    capacity_t_month = models.DecimalField(
        _("capacity (t/month)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "Throughput in tonnes per month; empty where no source states it (the plan then ignores it)."
        ),
    )
    role = models.TextField(_("role"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__isnull=True) | models.Q(lat__gte=-90, lat__lte=90),
                name="hub_lat_range",
            ),
            models.CheckConstraint(
                condition=models.Q(lon__isnull=True) | models.Q(lon__gte=-180, lon__lte=180),
                name="hub_lon_range",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity_t_month__isnull=True)
                | models.Q(capacity_t_month__gt=0),
                name="hub_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ShipmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DISPATCHED = "dispatched", _("Dispatched")
    AT_HUB = "at_hub", _("At hub")
    HANDED_OVER = "handed_over", _("Handed over")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


# The milestones a shipment's lateness names (engine.logistics.MILESTONES), as a reader reads them.
MILESTONE_LABELS = {
    "dispatched": _("dispatch"),
    "at_hub": _("arrival at the hub"),
    "handed_over": _("handover"),
}


def milestone_label(milestone: str) -> str:
    return str(MILESTONE_LABELS.get(milestone, milestone))


class Shipment(Record):
    """Material moving from a donor's origin through a hub to a handover point in Ukraine; owner is the donor."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    donor = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        related_name="shipments_sent",
        verbose_name=_("donor"),
    )
    recipient = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        related_name="shipments_received",
        verbose_name=_("recipient"),
    )
    origin = models.CharField(pgettext_lazy("shipment", "origin"), max_length=200)
    origin_lat = models.FloatField(_("origin latitude"), null=True, blank=True)
    origin_lon = models.FloatField(_("origin longitude"), null=True, blank=True)
    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="shipments", verbose_name=_("hub")
    )
    handover_point = models.CharField(_("handover point"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ShipmentStatus.choices,
        default=ShipmentStatus.PLANNED,
        db_index=True,
    )
    planned_dispatch = models.DateField(_("planned dispatch"))
    planned_at_hub = models.DateField(_("planned at hub"))
    planned_handover = models.DateField(_("planned handover"))
    dispatched_on = models.DateField(_("dispatched on"), null=True, blank=True)
    at_hub_on = models.DateField(_("at hub on"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    late_notified_on = models.DateField(_("late notice sent on"), null=True, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Part of the demo scenario, not a real movement."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["planned_handover", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    planned_dispatch__lte=models.F("planned_at_hub"),
                    planned_at_hub__lte=models.F("planned_handover"),
                ),
                name="shipment_planned_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    item_type = models.ForeignKey(
        "catalogue.ItemType",
        on_delete=models.PROTECT,
        related_name="shipment_lines",
        verbose_name=_("item type"),
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shipment_lines",
        verbose_name=_("pledge"),
    )
    tranche = models.ForeignKey(
        "pledges.Tranche",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shipment_lines",
        verbose_name=_("tranche"),
    )
    unit_mass_t = models.DecimalField(
        _("unit mass (t)"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_(
            "Copied from the catalogue when the line is written, so a later catalogue edit does not "
            "rewrite a past month's throughput."
        ),
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="shipment_line_quantity_pos"
            )
        ]

    @property
    def mass_t(self) -> Decimal | None:
        return self.unit_mass_t * self.quantity if self.unit_mass_t is not None else None


class Receipt(models.Model):
    """What the recipient counted on arrival for one line: accepted units and the date; recorded by Ukraine."""

    line = models.ForeignKey(ShipmentLine, on_delete=models.CASCADE, related_name="receipts")
    received_on = models.DateField(_("received on"))
    quantity = models.PositiveIntegerField(_("quantity accepted"))
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]


class DiscrepancyKind(models.TextChoices):
    SHORT = "short", _("Short")
    DAMAGED = "damaged", _("Damaged")
    WRONG_ITEM = "wrong_item", _("Wrong item")


class Discrepancy(models.Model):
    """A shortfall noted at receipt. Part of its shipment, like a pledge's tranche, but read more narrowly: only
    the shipment's donor, its recipient and the command see it, never other donors (logistics.selectors)."""

    line = models.ForeignKey(ShipmentLine, on_delete=models.CASCADE, related_name="discrepancies")
    kind = models.CharField(_("kind"), max_length=16, choices=DiscrepancyKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    description = models.TextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="discrepancy_quantity_pos"
            )
        ]


class RepairStatus(models.TextChoices):
    SENT = "sent", _("Sent for repair")
    IN_REPAIR = "in_repair", _("In repair")
    RETURNED = "returned", _("Returned")
    WRITTEN_OFF = "written_off", _("Written off")


class RepairOrder(Record):
    """Equipment sent back to an allied facility; owner is the facility's nation."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    item_type = models.ForeignKey(
        "catalogue.ItemType",
        on_delete=models.PROTECT,
        related_name="repair_orders",
        verbose_name=_("item type"),
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    facility = models.CharField(_("facility"), max_length=200)
    facility_party = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        related_name="repair_orders",
        verbose_name=_("facility nation"),
    )
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_orders",
        verbose_name=_("via hub"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RepairStatus.choices,
        default=RepairStatus.SENT,
        db_index=True,
    )
    sent_on = models.DateField(_("sent on"))
    expected_return = models.DateField(_("expected return"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    illustrative = models.BooleanField(_("illustrative"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["expected_return", "reference"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="repair_quantity_pos"),
            models.CheckConstraint(
                condition=models.Q(expected_return__gte=models.F("sent_on")),
                name="repair_return_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return self.reference
