from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.forms import searchable

KINDS = [
    ("", _("All formats")),
    ("udcg", _("Contact-group capability coalitions")),
    ("related", _("Related formats")),
]


class CoalitionFilterForm(forms.Form):
    capability_area = forms.ChoiceField(
        label=_("Capability area"),
        required=False,
        choices=[("", _("All areas")), *CapabilityArea.choices],
    )
    kind = forms.ChoiceField(label=_("Format"), required=False, choices=KINDS)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("A name, or a member's country code (DEU)."),
    )


class MembershipForm(forms.Form):
    """One change to a coalition's membership; the page's buttons name the action."""

    ACTIONS = [
        ("add", _("Add as member")),
        ("add_lead", _("Add as lead")),
        ("lead", _("Make lead")),
        ("unlead", _("Make plain member")),
        ("remove", _("Remove")),
    ]

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    party = forms.ChoiceField(label=_("Party"), choices=())
    source_url = forms.URLField(
        label=_("Source address"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_("The page that states this membership."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = parties
        searchable(field)
