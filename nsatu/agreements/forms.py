from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nsatu.agreements.models import EntryKind, FundEntry
from nsatu.agreements.selectors import WASHINGTON_EVE
from nsatu.core.forms import offer_choices
from nsatu.flows.models import Flow
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge


class CountForm(forms.Form):
    on = forms.DateField(
        label=_("Signed by"),
        required=False,
        initial=WASHINGTON_EVE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class LinkForm(forms.Form):
    pledge = forms.ModelChoiceField(
        label=_("Pledge (id)"),
        queryset=Pledge.objects.none(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
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
