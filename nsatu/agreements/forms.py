from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nsatu.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementLink,
    AgreementStatus,
    Commitment,
    EntryKind,
    FundEntry,
)
from nsatu.core.forms import offer_choices
from nsatu.core.models import Releasability
from nsatu.flows.models import Flow
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("any kind")), *AgreementKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any status")), *AgreementStatus.choices],
    )
    party = forms.CharField(
        label=_("Party (code)"), required=False, max_length=8, help_text=_("e.g. DEU")
    )
    signed_from = forms.DateField(
        label=_("Signed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_to = forms.DateField(
        label=_("Signed to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # The count of agreements signed by a date, kept when the list is filtered.
    on = forms.DateField(
        label=_("Count signed by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class LinkForm(forms.Form):
    pledge = forms.ModelChoiceField(
        label=_("Pledge (id)"),
        queryset=Pledge.objects.none(),
        required=False,
        help_text=_(
            "Type an id, a donor code or words of the description: the list offers the pledges you may see "
            "by a party to this agreement."
        ),
        # A searchable picker without script: the browser filters the datalist the page renders.
        widget=forms.NumberInput(attrs={"min": 1, "list": "pledge-options"}),
        error_messages={
            "invalid_choice": _(
                "No pledge with this id by a party to this agreement is visible to you."
            )
        },
    )
    flow = forms.ModelChoiceField(
        label=_("Flow (id)"),
        queryset=Flow.objects.none(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={
            "invalid_choice": _(
                "No flow with this id from a party to this agreement is visible to you."
            )
        },
    )

    def __init__(
        self, *args: Any, pledges: QuerySet[Pledge], flows: QuerySet[Flow], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "pledge", pledges)
        offer_choices(self, "flow", flows)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("pledge")) == bool(data.get("flow")):
            raise forms.ValidationError(_("Give either a pledge id or a flow id."))
        return data


class BurdenForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2022, max_value=2100)
    target = forms.DecimalField(
        # xgettext:no-python-format
        label=_("Your target (% of GDP)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=3.5,
    )


class FundEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    counterparty = forms.ModelChoiceField(
        label=_("Counterparty"), queryset=Party.objects.none(), to_field_name="code"
    )
    date = forms.DateField(
        label=_("Date"), initial=dt.date.today, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=18, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    flow = forms.ModelChoiceField(
        label=_("Records flow (id)"),
        queryset=Flow.objects.none(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_(
            "The flow into or out of this fund that this entry records; it is counted once."
        ),
        error_messages={
            "invalid_choice": _("No flow with this id into or out of this fund is visible to you.")
        },
    )
    settles = forms.ModelChoiceField(
        label=_("Settles commitment (entry id)"),
        queryset=FundEntry.objects.none(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("For a payment: the commitment it pays, which is then no longer open."),
        error_messages={
            "invalid_choice": _("No commitment with this id of this fund is visible to you.")
        },
    )

    def __init__(
        self,
        *args: Any,
        parties: QuerySet[Party],
        flows: QuerySet[Flow],
        commitments: QuerySet[FundEntry],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "counterparty", parties)
        offer_choices(self, "flow", flows)
        offer_choices(self, "settles", commitments)

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").upper()


class FrameworkFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    party = forms.CharField(
        label=_("Signatory (code)"), required=False, max_length=8, help_text=_("e.g. DEU")
    )
    signed_from = forms.DateField(
        label=_("Signed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_to = forms.DateField(
        label=_("Signed to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Party.objects.none(),
        to_field_name="code",
        help_text=_("At least two; hold Ctrl to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Party.objects.none(), to_field_name="code"
    )
    signed_on = forms.DateField(
        label=_("Signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    duration_years = forms.IntegerField(
        label=_("Duration (years)"), required=False, min_value=1, max_value=100
    )
    areas = forms.CharField(label=_("Areas of cooperation"), required=False, max_length=500)
    stated_funding = forms.CharField(label=_("Stated funding"), required=False, max_length=500)
    source_url = forms.URLField(label=_("Source address"), max_length=1000, assume_scheme="https")
    framework = forms.ModelChoiceField(
        label=_("Concluded under framework"), queryset=Agreement.objects.none(), required=False
    )
    framework_source_url = forms.URLField(
        label=_("Source for the framework"),
        max_length=1000,
        required=False,
        assume_scheme="https",
    )
    rule = forms.CharField(
        label=_("Burden-sharing rule (frameworks)"), required=False, max_length=500
    )
    baseline_eur = forms.DecimalField(
        label=_("Yearly baseline shared by GDP (EUR)"),
        required=False,
        min_value=0,
        max_digits=18,
        decimal_places=2,
    )
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.PUBLIC
    )

    def __init__(
        self,
        *args: Any,
        parties: QuerySet[Party],
        frameworks: QuerySet[Agreement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "parties", parties)
        offer_choices(self, "owner", parties)
        offer_choices(self, "framework", frameworks)


def agreement_initial(agreement: Agreement) -> dict[str, Any]:
    """The edit form's starting values: the record's own fields and its parties by code."""
    data: dict[str, Any] = {f: getattr(agreement, f) for f in AgreementForm.base_fields}
    data["parties"] = [p.code for p in agreement.parties.all()]
    data["owner"] = agreement.owner.code if agreement.owner else None
    return data


class CommitmentForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Amount"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    gdp_share_pct = forms.DecimalField(
        label=_("or share of GDP (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=6,
        decimal_places=3,
    )
    text = forms.CharField(label=_("As in source"), required=False, max_length=500)

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").upper()


def commitment_initial(commitment: Commitment) -> dict[str, Any]:
    return {f: getattr(commitment, f) for f in CommitmentForm.base_fields}


class UnlinkForm(forms.Form):
    link = forms.ModelChoiceField(queryset=AgreementLink.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, links: QuerySet[AgreementLink], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "link", links)
