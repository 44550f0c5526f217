from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import (
    AmmunitionFamily,
    CapabilityArea,
    ItemCategory,
    ItemType,
    Standard,
)
from nsatu.core.forms import offer_choices, searchable
from nsatu.core.models import Releasability


class ItemTypeFilterForm(forms.Form):
    capability_area = forms.ChoiceField(
        label=_("Capability area"),
        required=False,
        choices=[("", _("All areas")), *CapabilityArea.choices],
    )
    standard = forms.ChoiceField(
        label=_("Standard"),
        required=False,
        choices=[("any", _("Any standard")), *((v or "", label) for v, label in Standard.choices)],
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *ItemCategory.choices],
    )
    family = forms.ChoiceField(label=_("Ammunition family"), required=False)
    q = forms.CharField(label=_("Name, category or NSN"), required=False, max_length=100)

    def __init__(self, *args: Any, families: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        family = cast(forms.ChoiceField, self.fields["family"])
        family.choices = [("", _("Any family")), *((f, f) for f in families)]


class ItemTypeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    # A reference category, or the word a source gave (kept as it is when the item is edited).
    category = forms.ChoiceField(label=_("Category"), required=False)
    capability_area = forms.ChoiceField(
        label=_("Capability area"), choices=CapabilityArea.choices, initial=CapabilityArea.OTHER
    )
    standard = forms.ChoiceField(label=_("Standard"), choices=Standard.choices, required=False)
    nsn = forms.CharField(
        label=_("NATO Stock Number"),
        max_length=17,
        required=False,
        help_text=_("13 digits: 4 supply class, 2 bureau, 7 serial; dashes optional."),
    )
    calibre_mm = forms.DecimalField(
        label=_("Calibre (mm)"), min_value=0, max_digits=6, decimal_places=1, required=False
    )
    unit_value_eur = forms.DecimalField(
        label=_("Reference unit value (EUR)"),
        min_value=0,
        max_digits=16,
        decimal_places=2,
        required=False,
    )
    unit_value_source = forms.CharField(
        label=_("Unit value source"),
        max_length=1000,
        required=False,
        help_text=_("The address or the source row the unit value comes from."),
    )
    unit_mass_t = forms.DecimalField(
        label=_("Unit mass (t)"), min_value=0, max_digits=10, decimal_places=3, required=False
    )
    unit_mass_source = forms.URLField(
        label=_("Unit mass source"),
        max_length=1000,
        required=False,
        help_text=_(
            "The page giving the published weight (combat or empty: say which in the notes)."
        ),
    )
    crew_per_unit = forms.IntegerField(
        label=_("Crew per unit"), min_value=0, max_value=32767, required=False
    )
    ammunition_families = forms.ModelMultipleChoiceField(
        label=_("Ammunition families consumed"),
        required=False,
        queryset=AmmunitionFamily.objects.none(),
    )
    provides_family = forms.ModelChoiceField(
        label=_("Ammunition family provided"),
        required=False,
        queryset=AmmunitionFamily.objects.none(),
        empty_label=_("— none —"),
        help_text=_("Set when this item is itself ammunition."),
    )
    substitutes = forms.ModelMultipleChoiceField(
        label=_("Substitutes"),
        required=False,
        queryset=ItemType.objects.none(),
        help_text=_("Item types that can stand in for this one."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.PUBLIC
    )

    def __init__(
        self,
        *args: Any,
        families: QuerySet[AmmunitionFamily],
        item_types: QuerySet[ItemType],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        given = {str(self.initial.get("category") or ""), str(self.data.get("category") or "")}
        kept = [(v, v) for v in sorted(given) if v and v not in ItemCategory.values]
        category = cast(forms.ChoiceField, self.fields["category"])
        category.choices = [("", _("— none —")), *ItemCategory.choices, *kept]
        searchable(category)
        offer_choices(self, "ammunition_families", families)
        offer_choices(self, "provides_family", families)
        offer_choices(self, "substitutes", item_types)


class ItemTypeEditForm(ItemTypeForm):
    # The version the user started from: a save over someone else's change is refused, not merged.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
