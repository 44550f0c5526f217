from __future__ import annotations

from django.core.exceptions import ValidationError
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
        "parties.Party",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("owner"),
    )
    releasability = models.CharField(
        _("releasability"),
        max_length=16,
        choices=Releasability.choices,
        default=Releasability.PARTICIPANTS,
    )
    dataset = models.ForeignKey(
        "sources.Dataset",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("dataset"),
    )
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)
    source_url = models.URLField(_("source address"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RecordShare(models.Model):
    """An owner's explicit release of one record to one named party, whatever the record's releasability.

    One table for every Record model (keyed by content type) rather than a `shared_with` many-to-many on the
    abstract Record: that would make one join table per model, a migration in every app for each new model, and
    a visibility rule that has to know each table's name. Here `visible_q` needs no change per model.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    party = models.ForeignKey(
        "parties.Party", on_delete=models.CASCADE, related_name="+", verbose_name=_("party")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "party"], name="record_share_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["party", "content_type", "object_id"], name="record_share_party_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} → {self.party_id}"


def full_clean_or_raise(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=True)
    except ValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        ) from exc


class ReferenceCounter(models.Model):
    """The last number handed out under one reference prefix (SHP-2026-, REP-), read and bumped under a row lock.

    A counter row, not "count + 1": two transactions counting at once saw the same count and the second failed on
    the unique reference. The row lock makes the second wait for the first's commit and take the next number.
    """

    prefix = models.CharField(max_length=40, primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}{self.last}"
