from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nsatu.catalogue.models import ItemType
from nsatu.core.forms import offer_choices
from nsatu.core.models import Releasability
from nsatu.core.web import limit_releasability
from nsatu.flows.models import Flow, FlowKind
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise  # a type of django-stubs only


class FlowFilterForm(forms.Form):
    source = forms.CharField(label=_("From (code)"), required=False, max_length=16)
    destination = forms.CharField(label=_("To (code)"), required=False, max_length=16)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *FlowKind.choices]
    )

    def clean_source(self) -> str:
        return (self.cleaned_data.get("source") or "").strip().upper()

    def clean_destination(self) -> str:
        return (self.cleaned_data.get("destination") or "").strip().upper()


def _by_id[M: Model](
    label: _StrOrPromise, queryset: QuerySet[M], help_text: _StrOrPromise, missing: _StrOrPromise
) -> forms.ModelChoiceField[M]:
    # Typed as an id: a select of every flow or pledge would be thousands of options long.
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"min": 1}),
        error_messages={"invalid_choice": missing},
    )


class FlowForm(forms.Form):
    source = forms.ModelChoiceField(
        label=pgettext_lazy("party", "From"), queryset=Party.objects.none(), to_field_name="code"
    )
    destination = forms.ModelChoiceField(
        label=_("To"), queryset=Party.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=FlowKind.choices, initial=FlowKind.MONEY)
    parent = _by_id(
        _("Passes on flow (id)"),
        Flow.objects.none(),
        _("The flow that brought this money in, when it passes through a fund or channel."),
        _("No flow with this id is visible to you."),
    )
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed to convert the amount to EUR at the ECB rate of that day."),
    )
    amount = forms.DecimalField(
        label=_("Amount"), min_value=0, max_digits=18, decimal_places=2, required=False
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("ISO 4217 code, e.g. EUR, USD, NOK."),
    )
    item_type = forms.ModelChoiceField(
        label=_("Item type"),
        queryset=ItemType.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=2**31 - 1, required=False
    )
    pledge = _by_id(
        _("Delivers pledge (id)"),
        Pledge.objects.none(),
        "",
        _("No pledge with this id is visible to you."),
    )
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.PARTICIPANTS
    )

    def __init__(
        self,
        *args: Any,
        sources: QuerySet[Party],
        destinations: QuerySet[Party],
        flows: QuerySet[Flow],
        item_types: QuerySet[ItemType],
        pledges: QuerySet[Pledge],
        releasabilities: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "source", sources)
        offer_choices(self, "destination", destinations)
        offer_choices(self, "parent", flows)
        offer_choices(self, "item_type", item_types)
        offer_choices(self, "pledge", pledges)
        limit_releasability(self.fields["releasability"], releasabilities)

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").upper()
