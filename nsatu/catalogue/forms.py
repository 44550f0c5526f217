from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import CapabilityArea, Standard


class ItemTypeFilterForm(forms.Form):
    capability_area = forms.ChoiceField(label=_("Capability area"), required=False,
                                        choices=[("", _("All areas")), *CapabilityArea.choices])
    standard = forms.ChoiceField(label=_("Standard"), required=False, choices=[
        ("any", _("Any standard")), *((v or "", label) for v, label in Standard.choices)])
    family = forms.ChoiceField(label=_("Ammunition family"), required=False)
    q = forms.CharField(label=_("Name, category or NSN"), required=False, max_length=100)

    def __init__(self, *args: Any, families: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [("", _("Any family")), *((f, f) for f in families)]  # type: ignore[attr-defined]
