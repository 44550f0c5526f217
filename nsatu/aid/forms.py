from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from nsatu.aid.models import Verdict
from nsatu.core.forms import searchable


class LineFilterForm(forms.Form):
    # Any code is accepted (an unknown one matches no line); the select offers the donors of the lines read.
    donor = forms.CharField(label=_("Donor"), required=False, max_length=16, widget=forms.Select)
    # Bounded like the database's ids: a larger number would overflow the query instead of matching nothing.
    item_type = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def offer_donors(self, donors: list[tuple[str, str]]) -> None:
        cast(forms.Select, self.fields["donor"].widget).choices = [("", _("All donors")), *donors]
        searchable(self.fields["donor"])


class DecisionForm(forms.Form):
    first = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    second = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    # The line page the decision was taken on, to go back to; empty: the proposals queue.
    line = forms.RegexField(regex=r"^L\d{1,19}$", required=False, widget=forms.HiddenInput)
