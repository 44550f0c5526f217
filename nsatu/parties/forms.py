from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nsatu.parties.models import Group, PartyKind


class PartyFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *PartyKind.choices])
    group = forms.ChoiceField(label=_("Member of"), required=False, choices=[("", _("Any group")), *Group.choices])
    q = forms.CharField(label=_("Name or ISO code"), required=False, max_length=100)
