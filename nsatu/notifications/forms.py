from __future__ import annotations

from typing import Any

from django import forms

from nsatu.notifications.models import Delivery, NoticeKind


class NoticePreferencesForm(forms.Form):
    """One choice per kind of notice, labelled as a person reads it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in NoticeKind:
            self.fields[kind.value] = forms.ChoiceField(label=kind.label, choices=Delivery.choices)
