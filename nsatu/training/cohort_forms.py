"""The cohorts page's filters; the courses they offer come from the page's selector."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nsatu.core.forms import offer_choices
from nsatu.training.cohort_selectors import ENDED, RUNNING, UPCOMING, CohortFilter
from nsatu.training.models import Course


class CohortFilterForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.none(),
        required=False,
        empty_label=_("All courses"),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All cohorts")),
            (UPCOMING, _("Not begun")),
            (RUNNING, _("Running")),
            (ENDED, _("Ended")),
        ],
    )
    start_from = forms.DateField(
        label=_("Starting from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_to = forms.DateField(
        label=_("Starting until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, courses: QuerySet[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "course", courses)

    def chosen(self) -> CohortFilter:
        """What the valid filters ask for; invalid or empty filters ask for every cohort."""
        if not self.is_valid():
            return CohortFilter()
        data = self.cleaned_data
        course = data.get("course")
        return CohortFilter(
            course=course.pk if course is not None else None,
            state=data.get("state") or "",
            start_from=data.get("start_from"),
            start_to=data.get("start_to"),
        )
