from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nsatu.agreements.models import Agreement
from nsatu.core.forms import offer_choices
from nsatu.core.models import Releasability
from nsatu.parties.models import Coalition, Party
from nsatu.pledges.models import Pledge
from nsatu.roadmap.models import MilestoneArea, MilestoneStatus
from nsatu.training.models import Course

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise  # a type of django-stubs only

DATE = forms.DateInput(attrs={"type": "date"})
ANY = [("", _("any"))]


class MilestoneFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=ANY + MilestoneArea.choices, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=ANY + MilestoneStatus.choices, required=False
    )
    overdue = forms.ChoiceField(
        label=_("Overdue"),
        choices=[*ANY, ("yes", _("overdue only")), ("no", _("not overdue"))],
        required=False,
    )
    owner = forms.CharField(label=_("Owner (party code)"), max_length=12, required=False)
    text = forms.CharField(label=_("Title contains"), max_length=100, required=False)

    def criteria(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        overdue = {"yes": True, "no": False}.get(data.get("overdue") or "")
        return {
            "area": data.get("area") or None,
            "status": data.get("status") or None,
            "owner": (data.get("owner") or "").upper() or None,
            "text": data.get("text") or None,
            "overdue": overdue,
        }


class MilestoneEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    area = forms.ChoiceField(label=_("Area"), choices=MilestoneArea.choices)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In your own words: what shows progress or completion."),
    )
    evidence_url = forms.URLField(label=_("Evidence address"), required=False, max_length=1000)
    coalition = forms.ModelChoiceField(
        label=_("Coalition"), queryset=Coalition.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, coalitions: QuerySet[Coalition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "coalition", coalitions)


class MilestoneCreateForm(MilestoneEditForm):
    owner = forms.ModelChoiceField(
        label=_("Owner (party answerable)"), queryset=Party.objects.none(), to_field_name="code"
    )
    source_url = forms.URLField(
        label=_("Source address"),
        required=False,
        max_length=1000,
        help_text=_("The page that states this milestone, if any."),
    )
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.PUBLIC
    )

    def __init__(
        self, *args: Any, parties: QuerySet[Party], coalitions: QuerySet[Coalition], **kwargs: Any
    ) -> None:
        super().__init__(*args, coalitions=coalitions, **kwargs)
        offer_choices(self, "owner", parties)
        del self.fields["version"]


def _id_field(
    label: _StrOrPromise, queryset: QuerySet[Any], kind: str
) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={
            "invalid_choice": _("No %(kind)s with this id is visible to you.") % {"kind": kind}
        },
    )


class MilestoneLinkForm(forms.Form):
    pledge = _id_field(_("Pledge (id)"), Pledge.objects.none(), "pledge")
    course = _id_field(_("Course (id)"), Course.objects.none(), "course")
    agreement = _id_field(_("Agreement (id)"), Agreement.objects.none(), "agreement")

    def __init__(
        self,
        *args: Any,
        pledges: QuerySet[Pledge],
        courses: QuerySet[Course],
        agreements: QuerySet[Agreement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "pledge", pledges)
        offer_choices(self, "course", courses)
        offer_choices(self, "agreement", agreements)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if sum(1 for f in ("pledge", "course", "agreement") if data.get(f)) != 1:
            raise forms.ValidationError(_("Give one pledge, one course or one agreement id."))
        return data
