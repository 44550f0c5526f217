from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record


class MeetingLevel(models.TextChoices):
    SUMMIT = "summit", _("Heads of state and government")
    FOREIGN = "foreign", _("Foreign ministers")
    DEFENCE = "defence", _("Defence ministers")
    AMBASSADORS = "ambassadors", _("Ambassadors")
    OTHER = "other", _("Other or not stated")


class Meeting(Record):
    """One meeting of the NATO-Ukraine Council; `source_url` is the page that reports it."""

    date = models.DateField(_("date"))
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Empty when no source names it.")
    )
    level = models.CharField(_("level"), max_length=16, choices=MeetingLevel.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("Council meeting")
        verbose_name_plural = _("Council meetings")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.place}".strip()


class Decision(Record):
    """What a meeting decided, in words written in nsatu (never copied), with the page that reports it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("Council decision")
        verbose_name_plural = _("Council decisions")

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Action(Record):
    """A task a decision gives; `owner` is the party tasked with it."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="actions", verbose_name=_("decision")
    )
    title = models.CharField(_("action"), max_length=500)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("Council action")
        verbose_name_plural = _("Council actions")

    def __str__(self) -> str:
        return self.title


class ActionLink(models.Model):
    """A milestone, a pledge or an agreement an action serves; exactly one of the three."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="links")
    milestone = models.ForeignKey(
        "roadmap.Milestone",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="council_links",
        verbose_name=_("milestone"),
    )
    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="council_links",
        verbose_name=_("pledge"),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="council_links",
        verbose_name=_("agreement"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("action link")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    milestone__isnull=False, pledge__isnull=True, agreement__isnull=True
                )
                | models.Q(milestone__isnull=True, pledge__isnull=False, agreement__isnull=True)
                | models.Q(milestone__isnull=True, pledge__isnull=True, agreement__isnull=False),
                name="action_link_one_target",
            ),
            models.UniqueConstraint(
                fields=["action", "milestone"], name="action_link_milestone_unique"
            ),
            models.UniqueConstraint(fields=["action", "pledge"], name="action_link_pledge_unique"),
            models.UniqueConstraint(
                fields=["action", "agreement"], name="action_link_agreement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} → {self.milestone_id or self.pledge_id or self.agreement_id}"
