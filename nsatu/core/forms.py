"""What every domain's forms share."""

from __future__ import annotations

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _


def searchable(field: forms.Field) -> None:
    """Draw a choice field as a picker the user can type into (Tom Select, wired in nsatu.js): a list of
    hundreds of item types, parties or requirements is found by a few letters of its name."""
    field.widget.attrs["data-search"] = "1"
    # Tom Select's own words are English; the picker says "nothing matches" in the page's language.
    field.widget.attrs["data-no-results"] = _("Nothing matches")


def offer_choices[M: Model](form: forms.BaseForm, name: str, choices: QuerySet[M]) -> None:
    """Give a model choice field the records the page's selector read for it (forms run no queries).

    Every such picker is searchable: the records it offers are the long lists (item types, parties,
    requirements, pledges) that a plain drop-down makes users scroll through.
    """
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    field.queryset = choices
    searchable(field)
