from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nsatu.flows.models import FlowKind


class FlowFilterForm(forms.Form):
    source = forms.CharField(label=_("From (code)"), required=False, max_length=16)
    destination = forms.CharField(label=_("To (code)"), required=False, max_length=16)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *FlowKind.choices])

    def clean_source(self) -> str:
        return (self.cleaned_data.get("source") or "").strip().upper()

    def clean_destination(self) -> str:
        return (self.cleaned_data.get("destination") or "").strip().upper()
