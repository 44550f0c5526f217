from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record


class MilestoneArea(models.TextChoices):
    STANDARDS = "standards", _("Standards adopted")
    REFORM = "reform", _("Institutional reform")
    PROGRAMME = "programme", _("Programme")
    INTEROPERABILITY = "interoperability", _("Interoperability")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    CANCELLED = "cancelled", _("Cancelled")


class Milestone(Record):
    """A step on Ukraine's road to membership; `owner` is the party answerable for it."""

    title = models.CharField(_("title"), max_length=300)
    area = models.CharField(_("area"), max_length=20, choices=MilestoneArea.choices)
    due_date = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("Empty when no source gives one.")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.PLANNED,
    )
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence address"), max_length=1000, blank=True)
    coalition = models.ForeignKey(
        "parties.Coalition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("coalition"),
    )

    class Meta:
        ordering = ["due_date", "title", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class MilestoneLink(models.Model):
    """A pledge, a course or an agreement that serves a milestone; exactly one of the three."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="links")
    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="milestone_links",
        verbose_name=_("pledge"),
    )
    course = models.ForeignKey(
        "training.Course",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="milestone_links",
        verbose_name=_("course"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="milestone_links",
        verbose_name=_("agreement"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("milestone link")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    pledge__isnull=False, course__isnull=True, agreement__isnull=True
                )
                | models.Q(pledge__isnull=True, course__isnull=False, agreement__isnull=True)
                | models.Q(pledge__isnull=True, course__isnull=True, agreement__isnull=False),
                name="milestone_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["milestone", "pledge"], name="milestone_link_pledge_unique"
            ),
            models.UniqueConstraint(
                fields=["milestone", "course"], name="milestone_link_course_unique"
            ),
            models.UniqueConstraint(
                fields=["milestone", "agreement"], name="milestone_link_agreement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone_id} ← {self.pledge_id or self.course_id or self.agreement_id}"
