from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import AmmunitionFamily, CapabilityArea, ItemType
from nsatu.core.forms import offer_choices
from nsatu.core.models import Releasability
from nsatu.needs.models import PeriodChoice, RequirementStatus, UnitKindChoice
from nsatu.needs.units import HORIZON_MONTHS, unit_problems

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise  # a type of django-stubs only


def _with_all(
    choices: Sequence[tuple[str, _StrOrPromise]], label: _StrOrPromise
) -> list[tuple[str, _StrOrPromise]]:
    return [("", label), *choices]


class RequirementFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_with_all(RequirementStatus.choices, _("All statuses")),
    )
    capability_area = forms.ChoiceField(
        label=_("Capability area"),
        required=False,
        choices=_with_all(CapabilityArea.choices, _("All areas")),
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class RequirementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    capability_area = forms.ChoiceField(label=_("Capability area"), choices=CapabilityArea.choices)
    item_type = forms.ModelChoiceField(
        label=_("Item type"),
        queryset=ItemType.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    ammunition_family = forms.ModelChoiceField(
        label=_("Ammunition family"),
        required=False,
        queryset=AmmunitionFamily.objects.none(),
        empty_label=_("— none —"),
    )
    description = forms.CharField(
        label=_("Described capability"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0.01, max_digits=16, decimal_places=2
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=40,
        initial="units",
        help_text=_("What one counts, e.g. systems or rounds; for funds the currency, e.g. EUR."),
    )
    unit_kind = forms.ChoiceField(
        label=_("Unit kind"),
        choices=UnitKindChoice.choices,
        initial=UnitKindChoice.ITEMS,
        help_text=_("Quantities of different kinds are never added together."),
    )
    period = forms.ChoiceField(
        label=_("Per"),
        choices=PeriodChoice.choices,
        initial=PeriodChoice.TOTAL,
        help_text=format_lazy(
            _(
                "A rate counts up to the needed-by date, or over the {n}-month planning horizon "
                "without one."
            ),
            n=HORIZON_MONTHS,
        ),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        initial=3,
        choices=[(i, str(i)) for i in range(1, 6)],
        help_text=_("1 is the most pressing, 5 the least."),
    )
    needed_by = forms.DateField(
        label=_("Needed by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.PARTICIPANTS
    )

    def __init__(
        self,
        *args: Any,
        item_types: QuerySet[ItemType],
        families: QuerySet[AmmunitionFamily],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "item_type", item_types)
        offer_choices(self, "ammunition_family", families)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("item_type") or data.get("ammunition_family") or data.get("description")):
            raise forms.ValidationError(
                _("Name an item type, an ammunition family, or describe the capability needed.")
            )
        if {"unit_kind", "period", "unit"} <= data.keys():
            problems = unit_problems(
                unit_kind=data["unit_kind"],
                period=data["period"],
                unit=data["unit"],
                needed_by=data.get("needed_by"),
                today=timezone.localdate(),
            )
            for field, messages in problems.items():
                for message in messages:
                    self.add_error(field, message)
        return data


class RequirementEditForm(RequirementForm):
    # The version the user started from: a save over someone else's change is refused, not merged.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=RequirementStatus.choices)
    version = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
