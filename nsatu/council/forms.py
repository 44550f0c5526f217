from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nsatu.agreements.models import Agreement
from nsatu.core.forms import offer_choices
from nsatu.core.models import Releasability
from nsatu.council.models import ActionStatus, MeetingLevel
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge
from nsatu.roadmap.models import Milestone

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise  # a type of django-stubs only

DATE = forms.DateInput(attrs={"type": "date"})
ANY = [("", _("any"))]


class MeetingFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=ANY + MeetingLevel.choices, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2023, max_value=2100, required=False)

    def criteria(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "level": data.get("level") or None,
            "year": data.get("year"),
        }


class ActionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=ANY + ActionStatus.choices, required=False
    )
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        choices=[*ANY, ("yes", _("overdue only")), ("no", _("not overdue"))],
        required=False,
    )
    owner = forms.CharField(label=_("Tasked party (code)"), max_length=12, required=False)
    text = forms.CharField(label=_("Action contains"), max_length=100, required=False)

    def criteria(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or None,
            "owner": (data.get("owner") or "").upper() or None,
            "text": data.get("text") or None,
            "overdue": {"yes": True, "no": False}.get(data.get("overdue") or ""),
        }


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=MeetingLevel.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    source_url = forms.URLField(label=_("Source address"), max_length=1000)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Party.objects.none(), to_field_name="code", required=False
    )
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.PUBLIC
    )

    def __init__(self, *args: Any, parties: QuerySet[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "owner", parties)


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("In your own words; never copy sentences of the source."),
    )
    source_url = forms.URLField(label=_("Source address"), max_length=1000)
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.PUBLIC
    )


def _id_field(label: _StrOrPromise, queryset: QuerySet[Any]) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={"invalid_choice": _("No record with this id is visible to you.")},
    )


class ActionForm(forms.Form):
    """One action of a decision; a row left empty is no action."""

    title = forms.CharField(label=_("Action"), max_length=500, required=False)
    owner = forms.ModelChoiceField(
        label=_("Tasked party"), queryset=Party.objects.none(), to_field_name="code", required=False
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    milestone = _id_field(_("Serves milestone (id)"), Milestone.objects.none())
    pledge = _id_field(_("Serves pledge (id)"), Pledge.objects.none())
    agreement = _id_field(_("Serves agreement (id)"), Agreement.objects.none())

    def __init__(
        self,
        *args: Any,
        parties: QuerySet[Party],
        milestones: QuerySet[Milestone],
        pledges: QuerySet[Pledge],
        agreements: QuerySet[Agreement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "owner", parties)
        offer_choices(self, "milestone", milestones)
        offer_choices(self, "pledge", pledges)
        offer_choices(self, "agreement", agreements)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("title") and not data.get("owner"):
            self.add_error("owner", _("Name the party the action tasks."))
        if not data.get("title") and any(data.get(f) for f in ("owner", "due_date")):
            self.add_error("title", _("Say what the action is."))
        if sum(1 for f in ("milestone", "pledge", "agreement") if data.get(f)) > 1:
            raise forms.ValidationError(
                _("An action row links at most one record; add more later.")
            )
        return data


ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=10)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionLinkForm(forms.Form):
    milestone = _id_field(_("Milestone (id)"), Milestone.objects.none())
    pledge = _id_field(_("Pledge (id)"), Pledge.objects.none())
    agreement = _id_field(_("Agreement (id)"), Agreement.objects.none())

    def __init__(
        self,
        *args: Any,
        milestones: QuerySet[Milestone],
        pledges: QuerySet[Pledge],
        agreements: QuerySet[Agreement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "milestone", milestones)
        offer_choices(self, "pledge", pledges)
        offer_choices(self, "agreement", agreements)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if sum(1 for f in ("milestone", "pledge", "agreement") if data.get(f)) != 1:
            raise forms.ValidationError(_("Give one milestone, one pledge or one agreement id."))
        return data
