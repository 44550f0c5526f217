from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nsatu.parties.models import Group, PartyKind


class PartyFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *PartyKind.choices]
    )
    group = forms.ChoiceField(
        label=_("Member of"), required=False, choices=[("", _("Any group")), *Group.choices]
    )
    q = forms.CharField(label=_("Name or ISO code"), required=False, max_length=100)


class PartyForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("ISO 3166-1 alpha-3 for nations (e.g. DNK), a short code otherwise."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartyKind.choices, initial=PartyKind.NATION)

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip().upper()


class PartyEditForm(PartyForm):
    # The version the user started from: a save over someone else's change is refused, not merged.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["code"]  # the code is the party's key in every import and export
