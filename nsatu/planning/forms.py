from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nsatu.core.forms import offer_choices, searchable
from nsatu.needs.models import Requirement
from nsatu.parties.models import Party
from nsatu.planning.models import LineState, RunStatus
from nsatu.planning.parameters import CLAIM_DAYS_DEFAULT, CLAIM_DAYS_MAX, PARAMETERS


class RunForm(forms.Form):
    start = forms.RegexField(
        label=_("Start month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        max_length=7,
        help_text=_("YYYY-MM; month 0 of the plan. Empty: this month."),
        error_messages={"invalid": _("Write the month as YYYY-MM.")},
    )
    horizon = forms.IntegerField(
        label=_("Horizon (months)"),
        min_value=int(PARAMETERS["horizon"][2]),
        max_value=int(PARAMETERS["horizon"][3]),
        initial=PARAMETERS["horizon"][1],
    )
    lateness_decay = forms.FloatField(
        label=_("Lateness factor per month"),
        min_value=PARAMETERS["lateness_decay"][2],
        max_value=PARAMETERS["lateness_decay"][3],
        initial=PARAMETERS["lateness_decay"][1],
        help_text=_("Each month late multiplies a unit's value by this factor."),
    )
    max_late = forms.IntegerField(
        label=_("Latest useful delay (months)"),
        min_value=0,
        max_value=int(PARAMETERS["max_late"][3]),
        initial=PARAMETERS["max_late"][1],
    )
    new_type_penalty = forms.FloatField(
        label=_("Penalty per new item type"),
        min_value=0,
        initial=PARAMETERS["new_type_penalty"][1],
        max_value=PARAMETERS["new_type_penalty"][3],
        help_text=_(
            "Above zero, the plan avoids bringing types into the fleet for the first time (a MIP)."
        ),
    )
    time_limit_s = forms.FloatField(
        label=_("Solver time limit (s)"),
        min_value=PARAMETERS["time_limit_s"][2],
        max_value=PARAMETERS["time_limit_s"][3],
        initial=PARAMETERS["time_limit_s"][1],
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    version = forms.IntegerField(min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class LineFilterForm(forms.Form):
    run = forms.IntegerField(label=_("Run"), required=False, min_value=1)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *LineState.choices]
    )
    donor = forms.ChoiceField(label=_("Donor"), required=False)

    def __init__(self, *args: Any, donors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["donor"]).choices = [("", _("All donors")), *donors]
        searchable(self.fields["donor"])


class RunFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *RunStatus.choices]
    )


class ClaimForm(forms.Form):
    requirement = forms.ModelChoiceField(
        label=_("Requirement"), queryset=Requirement.objects.none()
    )
    donor = forms.ModelChoiceField(
        label=_("Donor"),
        queryset=Party.objects.none(),
        to_field_name="code",
        required=False,
        help_text=_("The command claims in a donor's name."),
    )
    days = forms.IntegerField(
        label=_("Days"), min_value=1, max_value=CLAIM_DAYS_MAX, initial=CLAIM_DAYS_DEFAULT
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(
        self,
        *args: Any,
        requirements: QuerySet[Requirement],
        donors: QuerySet[Party] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "requirement", requirements)
        if donors is None:
            del self.fields["donor"]
        else:
            offer_choices(self, "donor", donors)


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("Run A"), coerce=int)
    b = forms.TypedChoiceField(label=_("Run B"), coerce=int)

    def __init__(self, *args: Any, runs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            cast(forms.ChoiceField, self.fields[name]).choices = runs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("a") is not None and data.get("a") == data.get("b"):
            raise forms.ValidationError(_("Choose two different runs."))
        return data
