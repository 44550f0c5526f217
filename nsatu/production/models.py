"""Joint production projects: partners, a monthly capacity schedule, funding and sources (issue #15, point 3).

A project's capacity and the funds pledges that pay for it feed the allocation (nsatu/planning/instance.py) as
one named producer of its item type; docs/allocation-model.md §2 and §11 say how.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    PRODUCING = "producing", _("Producing")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class PartnerRole(models.TextChoices):
    PRODUCER = "producer", _("Producer")
    FUNDER = "funder", _("Funder")
    LICENSOR = "licensor", _("Licensor")


class JointProject(Record):
    """owner = the lead nation (its liaison keeps the project); the source address is the project's own."""

    name = models.CharField(_("name"), max_length=200)
    item_type = models.ForeignKey(
        "catalogue.ItemType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item type"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("joint production project")

    def __str__(self) -> str:
        return self.name


class ProjectPartner(models.Model):
    """A state or company in the project; `party` where it is registered, else its name and country."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="partners")
    party = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("party"),
    )
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country (ISO alpha-3)"), max_length=3, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=PartnerRole.choices)
    source_url = models.URLField(_("source address"), max_length=1000, blank=True)

    class Meta:
        ordering = ["project", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ProjectCapacity(models.Model):
    """From `from_month` (its first day) on, until the next row: units a month the project can make."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="capacities")
    from_month = models.DateField(_("from month"))
    units_per_month = models.PositiveIntegerField(_("units per month"))
    source_url = models.URLField(_("source address"), max_length=1000, blank=True)

    class Meta:
        ordering = ["project", "from_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "from_month"], name="production_capacity_month_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.units_per_month}/month from {self.from_month:%Y-%m}"


class ProjectFunding(models.Model):
    """Money for the project: a funds pledge (what the plan can buy with) and/or the flow that paid it."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="funding")
    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funds pledge"),
    )
    flow = models.ForeignKey(
        "flows.Flow",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("flow"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    source_url = models.URLField(_("source address"), max_length=1000, blank=True)

    class Meta:
        ordering = ["project", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pledge__isnull=False) | models.Q(flow__isnull=False),
                name="production_funding_names_pledge_or_flow",
            ),
        ]

    def __str__(self) -> str:
        return f"funding {self.pk} of project {self.project_id}"
