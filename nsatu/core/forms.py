"""What every domain's forms share."""

from __future__ import annotations

from django import forms
from django.db.models import Model, QuerySet


def offer_choices[M: Model](form: forms.BaseForm, name: str, choices: QuerySet[M]) -> None:
    """Give a model choice field the records the page's selector read for it (forms run no queries)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    field.queryset = choices
