from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Releasability(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTICIPANTS = "participants", _("All participants")
    COMMAND = "command", _("Command only")
    OWNER = "owner", _("Owner only")


class Record(models.Model):
    """Common columns of every shared record: who owns it, who may read it, what it rests on."""

    owner = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("owner")
    )
    releasability = models.CharField(
        _("releasability"), max_length=16, choices=Releasability.choices, default=Releasability.PARTICIPANTS
    )
    dataset = models.ForeignKey(
        "sources.Dataset", on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("dataset")
    )
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)
    source_url = models.URLField(_("source address"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
