"""Training courses abroad, their cohorts, and the training totals programmes have reported publicly."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nsatu.core.models import Record


class Skill(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    CREW = "crew", _("Crew")
    MAINTAINER = "maintainer", _("Maintainer")
    LANGUAGE = "language", pgettext_lazy("course topic", "Language")
    OTHER = "other", _("Other (basic, specialist)")


class Course(Record):
    """A course a host nation runs; owner = the host, so its liaison keeps it up to date."""

    name = models.CharField(_("name"), max_length=200)
    host = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        related_name="courses_hosted",
        verbose_name=_("host nation"),
    )
    site = models.CharField(_("site"), max_length=200, blank=True)
    skill = models.CharField(_("skill"), max_length=12, choices=Skill.choices)
    item_type = models.ForeignKey(
        "catalogue.ItemType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("item type"),
    )
    duration_weeks = models.PositiveSmallIntegerField(_("duration (weeks)"))
    seats_per_cohort = models.PositiveIntegerField(_("seats per cohort"))
    concurrent_cohorts = models.PositiveSmallIntegerField(
        _("cohorts at a time"), default=1, help_text=_("How many cohorts the site can run at once.")
    )
    per_unit = models.PositiveSmallIntegerField(
        _("graduates per unit"),
        null=True,
        blank=True,
        help_text=_(
            "Graduates needed per unit of the item type (e.g. pilots per aircraft); empty: the item type's "
            "crew per unit."
        ),
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("prerequisites"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["host", "name"], name="course_unique_per_host"),
            models.CheckConstraint(
                condition=models.Q(duration_weeks__gt=0), name="course_duration_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(seats_per_cohort__gt=0), name="course_seats_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(concurrent_cohorts__gt=0), name="course_concurrent_positive"
            ),
            # A crew course trains for an item type; a language course does not.
            models.CheckConstraint(
                condition=~models.Q(skill__in=["pilot", "crew", "maintainer"])
                | models.Q(item_type__isnull=False),
                name="course_crew_skill_has_item_type",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Cohort(Record):
    """One run of a course; owner = the course's host."""

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("course")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    seats = models.PositiveIntegerField(_("seats"))
    enrolled = models.PositiveIntegerField(_("enrolled"), default=0)
    graduated = models.PositiveIntegerField(
        _("graduated"),
        null=True,
        blank=True,
        help_text=_("Empty until the cohort's result is recorded."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(seats__gt=0), name="cohort_seats_positive"),
            models.CheckConstraint(
                condition=models.Q(enrolled__lte=models.F("seats")),
                name="cohort_enrolled_within_seats",
            ),
            models.CheckConstraint(
                condition=models.Q(graduated__isnull=True)
                | models.Q(graduated__lte=models.F("enrolled")),
                name="cohort_graduated_within_enrolled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.start:%Y-%m-%d}"


class ReportedMeasure(models.TextChoices):
    TRAINED_CUMULATIVE = "trained_cumulative", _("Trained (cumulative)")
    TARGET = "target", _("Target")


class ReportedTraining(models.Model):
    """A training total a programme published (Operation Interflex, EUMAM): public data, kept as reported."""

    programme = models.CharField(_("programme"), max_length=200)
    reported_date = models.DateField(_("reported on"))
    measure = models.CharField(_("measure"), max_length=20, choices=ReportedMeasure.choices)
    personnel = models.PositiveIntegerField(_("personnel"))
    note = models.TextField(_("note"), blank=True)
    source_urls = models.JSONField(_("sources"), default=list)
    dataset = models.ForeignKey("sources.Dataset", on_delete=models.PROTECT, related_name="+")
    source_row = models.PositiveIntegerField()

    class Meta:
        ordering = ["programme", "reported_date", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reported_date", "measure"], name="reported_training_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.reported_date}: {self.personnel}"
