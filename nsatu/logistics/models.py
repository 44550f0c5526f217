from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record


class Hub(Record):
    """A logistics node or command site material passes through; its monthly throughput bounds a plan."""

    name = models.CharField(_("name"), max_length=300, unique=True)
    country = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="hubs",
                                verbose_name=_("country"))
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    capacity_t_month = models.DecimalField(
        _("capacity (t/month)"), max_digits=12, decimal_places=1, null=True, blank=True,
        help_text=_("Throughput in tonnes per month; empty where no source states it (the plan then ignores it)."),
    )
    role = models.TextField(_("role"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(lat__isnull=True) | models.Q(lat__gte=-90, lat__lte=90),
                                   name="hub_lat_range"),
            models.CheckConstraint(condition=models.Q(lon__isnull=True) | models.Q(lon__gte=-180, lon__lte=180),
                                   name="hub_lon_range"),
            models.CheckConstraint(condition=models.Q(capacity_t_month__isnull=True) | models.Q(capacity_t_month__gt=0),
                                   name="hub_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name
