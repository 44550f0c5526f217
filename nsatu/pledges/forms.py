from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import ItemType
from nsatu.core.forms import offer_choices, searchable
from nsatu.core.models import Releasability
from nsatu.core.web import limit_releasability
from nsatu.needs.models import Requirement
from nsatu.parties.models import Party
from nsatu.pledges.models import PledgeKind, PledgeStatus


class PledgeFilterForm(forms.Form):
    donor = forms.ChoiceField(label=_("Donor"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *PledgeStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *PledgeKind.choices]
    )
    dataset = forms.ChoiceField(label=_("Source dataset"), required=False)
    # Bounded like the database's ids: a larger number would overflow the query instead of matching nothing.
    item_type = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    announced_from = forms.DateField(
        label=_("Announced from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    announced_to = forms.DateField(
        label=_("Announced until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        donors: list[tuple[str, str]],
        datasets: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["donor"]).choices = [("", _("All donors")), *donors]
        searchable(self.fields["donor"])
        cast(forms.ChoiceField, self.fields["dataset"]).choices = [
            ("", _("All sources")),
            *datasets,
        ]


class PledgeForm(forms.Form):
    donor = forms.ModelChoiceField(
        label=_("Donor"), queryset=Party.objects.none(), to_field_name="code"
    )
    recipient = forms.ModelChoiceField(
        label=_("Recipient"), queryset=Party.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PledgeKind.choices, initial=PledgeKind.IN_KIND
    )
    item_type = forms.ModelChoiceField(
        label=_("Item type"),
        queryset=ItemType.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=500,
        required=False,
        help_text=_("As the donor or the source words it."),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=2**31 - 1, required=False
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        min_value=0,
        max_digits=18,
        decimal_places=2,
        required=False,
        help_text=_("For a funds pledge, in the currency below."),
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("ISO 4217 code, e.g. EUR, USD, NOK."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        initial=PledgeStatus.ANNOUNCED,
        choices=[
            (PledgeStatus.ANNOUNCED, PledgeStatus.ANNOUNCED.label),
            (PledgeStatus.COMMITTED, PledgeStatus.COMMITTED.label),
        ],
    )
    announced_on = forms.DateField(
        label=_("Announced on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    requirement = forms.ModelChoiceField(
        label=_("Earmarked for requirement"),
        queryset=Requirement.objects.none(),
        required=False,
        empty_label=_("— not earmarked —"),
    )
    mechanism = forms.CharField(
        label=_("Mechanism"),
        max_length=40,
        required=False,
        help_text=_("e.g. PDA, USAI, EPF, PURL."),
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
        donors: QuerySet[Party],
        recipients: QuerySet[Party],
        item_types: QuerySet[ItemType],
        requirements: QuerySet[Requirement],
        releasabilities: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "donor", donors)
        offer_choices(self, "recipient", recipients)
        offer_choices(self, "item_type", item_types)
        offer_choices(self, "requirement", requirements)
        limit_releasability(self.fields["releasability"], releasabilities)

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").upper()


class PledgeEditForm(PledgeForm):
    """The fields of a pledge its writer may still change; donor, recipient and status are not among them."""

    # The version the user started from: a save over someone else's change is refused, not merged.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, editable: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(
            *args, donors=Party.objects.none(), recipients=Party.objects.none(), **kwargs
        )
        for name in list(self.fields):
            if name not in editable and name != "version":
                del self.fields[name]


class TrancheForm(forms.Form):
    available_from = forms.DateField(
        label=_("Available from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=2**31 - 1, required=False
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        min_value=0,
        max_digits=18,
        decimal_places=2,
        required=False,
        help_text=_("For a funds pledge, in the pledge's currency."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("quantity") is None and data.get("amount") is None and not self.errors:
            raise forms.ValidationError(_("A tranche needs a quantity or an amount."))
        return data


class PledgeStatusForm(forms.Form):
    status = forms.ChoiceField(choices=PledgeStatus.choices)
    version = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
