from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nsatu.catalogue.forms import ItemTypeEditForm, ItemTypeFilterForm, ItemTypeForm
from nsatu.catalogue.models import ItemType
from nsatu.catalogue.rules import (
    RELATION_FIELDS,
    SCALAR_FIELDS,
    check_may_edit_catalogue,
    may_edit_catalogue,
)
from nsatu.catalogue.selectors import (
    ItemTypeChoices,
    ammunition_family_names,
    item_type_edit_page_get,
    item_type_form_choices,
    item_type_list,
)
from nsatu.catalogue.services import item_type_create, item_type_update
from nsatu.core.paging import sort_of
from nsatu.core.web import (
    actor_of,
    download_response,
    or_404,
    paginate,
    refused_by,
    wants_download,
    write_from_form,
)
from nsatu.engine.nsn import NsnError, parse_nsn

DOWNLOAD_HEADER = [
    gettext_lazy("Name"),
    gettext_lazy("Category"),
    gettext_lazy("Capability area"),
    gettext_lazy("Standard"),
    gettext_lazy("Calibre (mm)"),
    gettext_lazy("Ammunition families consumed"),
    gettext_lazy("Ammunition family provided"),
    gettext_lazy("Substitutes"),
    gettext_lazy("NSN"),
    gettext_lazy("Unit value (EUR)"),
    gettext_lazy("Unit value source"),
    gettext_lazy("Unit mass (t)"),
    gettext_lazy("Unit mass source"),
]
SORTS = {
    "name": ("name",),
    "category": ("category", "name"),
    "area": ("capability_area", "name"),
    "standard": ("standard", "name"),
    "calibre": ("calibre_mm", "name"),
    "value": ("unit_value_eur", "name"),
    "mass": ("unit_mass_t", "name"),
}


def _nsn_text(value: str) -> str:
    try:
        return str(parse_nsn(value)) if value else ""
    except NsnError:
        return value


def _csv_row(item: ItemType) -> list[object]:
    # Substitutes come from item_type_list's prefetch, which holds only those this user may see.
    return [
        item.name,
        item.category_label,
        item.get_capability_area_display(),
        item.get_standard_display() if item.standard else "",
        item.calibre_mm,
        ";".join(f.name for f in item.ammunition_families.all()),
        item.provides_family.name if item.provides_family else "",
        ";".join(s.name for s in item.substitutes.all()),
        _nsn_text(item.nsn),
        # An empty cell is unknown: no source gives the figure (never written as 0).
        item.unit_value_eur,
        item.unit_value_source,
        item.unit_mass_t,
        item.unit_mass_source,
    ]


@login_required
def item_type_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    filters = ItemTypeFilterForm(request.GET or None, families=ammunition_family_names())
    criteria = filters.cleaned_data if filters.is_valid() else {}
    sort = sort_of(request.GET.get("sort"), SORTS, default="area")
    rows = item_type_list(
        user=user,
        category=criteria.get("category") or None,
        order=sort.fields,
        capability_area=criteria.get("capability_area") or None,
        # "" is the unknown standard; a query without the field (a CSV link, a bare page) means any standard.
        standard=criteria.get("standard", "any") if "standard" in request.GET else "any",
        family=criteria.get("family") or None,
        search=criteria.get("q") or None,
    )
    if wants_download(request):
        return download_response(
            request, "catalogue.csv", DOWNLOAD_HEADER, (_csv_row(i) for i in rows)
        )
    return render(
        request,
        "catalogue/item_type_list.html",
        {
            "filter_form": filters,
            "page": paginate(request, rows),
            "may_create": may_edit_catalogue(user),
            "sort": sort,
        },
    )


def _form_choices(choices: ItemTypeChoices) -> dict[str, Any]:
    return {"families": choices.families, "item_types": choices.item_types}


@login_required
def item_type_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    refused = refused_by(request, check_may_edit_catalogue, user, to="catalogue:list")
    if refused:
        return refused
    form = ItemTypeForm(request.POST or None, **_form_choices(item_type_form_choices(user=user)))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            item, status = write_from_form(
                request, form, lambda: item_type_create(actor=user, **form.cleaned_data)
            )
            if item is not None:
                messages.success(
                    request, _("Item type %(name)s added to the catalogue.") % {"name": item.name}
                )
                return redirect("catalogue:detail", pk=item.pk)
    return render(
        request, "catalogue/item_type_form.html", {"form": form, "item": None}, status=status
    )


def _changes(item: ItemType, data: dict[str, Any]) -> dict[str, Any]:
    """What the user changed. Substitutes are compared with those the user can see (the selector's prefetch), so an
    untouched list is not sent back and leaves alone any substitute hidden from this user."""
    changes = {name: data[name] for name in SCALAR_FIELDS if data[name] != getattr(item, name)}
    for name in RELATION_FIELDS:
        if {o.pk for o in data[name]} != {o.pk for o in getattr(item, name).all()}:
            changes[name] = list(data[name])
    return changes


def _initial(item: ItemType) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(item, name) for name in SCALAR_FIELDS}
    return (
        initial
        | {name: list(getattr(item, name).all()) for name in RELATION_FIELDS}
        | {"version": item.version}
    )


@login_required
def item_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(item_type_edit_page_get, user=user, pk=pk)
    item = page.item
    if request.method != "POST":
        # A POST still goes to the service, which refuses with its own reason.
        refused = refused_by(request, check_may_edit_catalogue, user, to="catalogue:detail", pk=pk)
        if refused:
            return refused
    form = ItemTypeEditForm(
        request.POST or None, initial=_initial(item), **_form_choices(page.choices)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = _changes(item, form.cleaned_data)
            saved, status = write_from_form(
                request,
                form,
                lambda: item_type_update(
                    actor=user,
                    item_type=item,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                ),
            )
            if saved is not None:
                messages.success(request, _("Item type %(name)s saved.") % {"name": saved.name})
                return redirect("catalogue:detail", pk=saved.pk)
    return render(
        request, "catalogue/item_type_form.html", {"form": form, "item": item}, status=status
    )
