"""The pages' forms for courses and cohorts; the choices they offer come from the pages' selectors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import ItemType
from nsatu.core.forms import offer_choices
from nsatu.core.models import Releasability
from nsatu.core.web import limit_releasability
from nsatu.parties.models import Party
from nsatu.training.models import Course, Skill

MAX_SEATS = 100_000
# A version is a small counter; bounded so a forged huge number is a field error, not an overflow.
MAX_VERSION = 2**31 - 1


class CourseFilterForm(forms.Form):
    skill = forms.ChoiceField(
        label=_("Skill"), required=False, choices=[("", _("All skills")), *Skill.choices]
    )
    host = forms.CharField(label=_("Host (code)"), required=False, max_length=10)


class CourseForm(forms.Form):
    host = forms.ModelChoiceField(
        label=_("Host nation"), queryset=Party.objects.none(), to_field_name="code"
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    site = forms.CharField(label=_("Site"), max_length=200, required=False)
    skill = forms.ChoiceField(label=_("Skill"), choices=Skill.choices)
    item_type = forms.ModelChoiceField(
        label=_("Item type"),
        queryset=ItemType.objects.none(),
        required=False,
        empty_label=_("— none —"),
        help_text=_("Required for pilot, crew and maintainer courses."),
    )
    duration_weeks = forms.IntegerField(label=_("Duration (weeks)"), min_value=1, max_value=520)
    seats_per_cohort = forms.IntegerField(
        label=_("Seats per cohort"), min_value=1, max_value=MAX_SEATS
    )
    concurrent_cohorts = forms.IntegerField(
        label=_("Cohorts at a time"), min_value=1, max_value=1000, initial=1
    )
    per_unit = forms.IntegerField(
        label=_("Graduates per unit"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_("Empty: the item type's crew per unit."),
    )
    prerequisites = forms.ModelMultipleChoiceField(
        label=_("Prerequisites"),
        queryset=Course.objects.none(),
        required=False,
        help_text=_("Courses a trainee completes first."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.PARTICIPANTS
    )

    def __init__(
        self,
        *args: Any,
        hosts: QuerySet[Party],
        item_types: QuerySet[ItemType],
        prerequisites: QuerySet[Course],
        releasabilities: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "host", hosts)
        offer_choices(self, "item_type", item_types)
        offer_choices(self, "prerequisites", prerequisites)
        limit_releasability(self.fields["releasability"], releasabilities)


class CourseEditForm(forms.Form):
    """The fields of a course its host may change; which ones the page's selector says."""

    name = CourseForm.base_fields["name"]
    site = CourseForm.base_fields["site"]
    skill = CourseForm.base_fields["skill"]
    item_type = CourseForm.base_fields["item_type"]
    duration_weeks = CourseForm.base_fields["duration_weeks"]
    seats_per_cohort = CourseForm.base_fields["seats_per_cohort"]
    concurrent_cohorts = CourseForm.base_fields["concurrent_cohorts"]
    per_unit = CourseForm.base_fields["per_unit"]
    notes = CourseForm.base_fields["notes"]
    # The version the user started from: a save over someone else's change is refused, not merged.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)

    def __init__(
        self, *args: Any, editable: tuple[str, ...], item_types: QuerySet[ItemType], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "item_type", item_types)
        for name in list(self.fields):
            if name not in editable and name != "version":
                del self.fields[name]


class CohortForm(forms.Form):
    start = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("End"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the start plus the course's duration."),
    )
    seats = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=MAX_SEATS,
        required=False,
        help_text=_("Empty: the course's seats per cohort."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EnrolForm(forms.Form):
    enrolled = forms.IntegerField(label=_("Enrolled"), min_value=0, max_value=MAX_SEATS)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)


class GraduateForm(forms.Form):
    graduated = forms.IntegerField(label=_("Graduated"), min_value=0, max_value=MAX_SEATS)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)
