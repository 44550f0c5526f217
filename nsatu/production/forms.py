from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import ItemType
from nsatu.core.forms import offer_choices
from nsatu.core.models import Releasability
from nsatu.core.web import limit_releasability
from nsatu.flows.models import Flow
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge
from nsatu.production.models import PartnerRole, ProjectStatus


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ProjectStatus.choices]
    )
    item_type = forms.CharField(label=_("Item type contains"), required=False, max_length=100)
    partner = forms.CharField(
        label=_("Partner (name or country code)"), required=False, max_length=100
    )


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    lead = forms.ModelChoiceField(
        label=_("Lead nation (keeps the project)"),
        queryset=Party.objects.none(),
        to_field_name="code",
        required=False,
    )
    item_type = forms.ModelChoiceField(
        label=_("Item type"), queryset=ItemType.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    announced_on = forms.DateField(
        label=_("Announced on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source_url = forms.URLField(label=_("Source address"), required=False, max_length=1000)
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.PARTICIPANTS
    )

    def __init__(
        self,
        *args: Any,
        parties: QuerySet[Party],
        item_types: QuerySet[ItemType],
        releasabilities: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "lead", parties)
        offer_choices(self, "item_type", item_types)
        limit_releasability(self.fields["releasability"], releasabilities)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=PartnerRole.choices)
    party = forms.ModelChoiceField(
        label=_("Registered party"),
        queryset=Party.objects.none(),
        to_field_name="code",
        required=False,
    )
    country = forms.CharField(label=_("Country (ISO alpha-3)"), max_length=3, required=False)
    source_url = forms.URLField(label=_("Source address"), required=False, max_length=1000)

    def __init__(self, *args: Any, parties: QuerySet[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "party", parties)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name") and not data.get("party"):
            raise forms.ValidationError(_("Give the partner's name or choose a registered party."))
        return data


class CapacityForm(forms.Form):
    from_month = forms.DateField(
        label=_("From month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    units_per_month = forms.IntegerField(
        label=_("Units per month"), min_value=0, max_value=2**31 - 1
    )
    source_url = forms.URLField(label=_("Source address"), required=False, max_length=1000)


class FundingForm(forms.Form):
    pledge = forms.ModelChoiceField(
        label=_("Funds pledge (id)"),
        queryset=Pledge.objects.none(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={"invalid_choice": _("No funds pledge with this id is visible to you.")},
    )
    flow = forms.ModelChoiceField(
        label=_("Flow (id)"),
        queryset=Flow.objects.none(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={"invalid_choice": _("No flow with this id is visible to you.")},
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    source_url = forms.URLField(label=_("Source address"), required=False, max_length=1000)

    def __init__(
        self, *args: Any, pledges: QuerySet[Pledge], flows: QuerySet[Flow], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "pledge", pledges)
        offer_choices(self, "flow", flows)
