from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nsatu.catalogue.forms import ItemTypeEditForm, ItemTypeFilterForm, ItemTypeForm
from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import (
    ammunition_family_list,
    item_type_get,
    item_type_list,
    item_type_visible,
)
from nsatu.catalogue.services import (
    RELATION_FIELDS,
    SCALAR_FIELDS,
    item_type_create,
    item_type_update,
)
from nsatu.core.actors import Role
from nsatu.core.web import csv_response, or_404, paginate, wants_csv, write_from_form
from nsatu.engine.nsn import NsnError, parse_nsn
from nsatu.pledges.selectors import pledge_list


def _nsn_text(value: str) -> str:
    try:
        return str(parse_nsn(value)) if value else ""
    except NsnError:
        return value


def _is_coordinator(user: Any) -> bool:
    return bool(user.role == Role.COORDINATOR)


@login_required
def item_type_index(request: HttpRequest) -> HttpResponse:
    filters = ItemTypeFilterForm(
        request.GET or None, families=list(ammunition_family_list().values_list("name", flat=True))
    )
    criteria = filters.cleaned_data if filters.is_valid() else {}
    rows = item_type_list(
        user=request.user,
        capability_area=criteria.get("capability_area") or None,
        standard=criteria.get("standard") if criteria.get("standard") is not None else "any",
        family=criteria.get("family") or None,
        search=criteria.get("q") or None,
    )
    if wants_csv(request):
        # Substitutes come from item_type_list's prefetch, which holds only those this user may see.
        return csv_response(
            "catalogue.csv",
            [
                "name",
                "category",
                "capability_area",
                "standard",
                "calibre_mm",
                "ammunition_families",
                "provides",
                "substitutes",
                "nsn",
            ],
            (
                [
                    i.name,
                    i.category,
                    i.capability_area,
                    i.standard,
                    i.calibre_mm,
                    ";".join(f.name for f in i.ammunition_families.all()),
                    i.provides_family.name if i.provides_family else "",
                    ";".join(s.name for s in i.substitutes.all()),
                    _nsn_text(i.nsn),
                ]
                for i in rows
            ),
        )
    return render(
        request,
        "catalogue/item_type_list.html",
        {
            "filter_form": filters,
            "page": paginate(request, rows),
            "may_create": _is_coordinator(request.user),
        },
    )


@login_required
def item_type_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = or_404(item_type_get, user=request.user, pk=pk)
    return render(
        request,
        "catalogue/item_type_detail.html",
        {
            "item": item,
            "pledges": paginate(request, pledge_list(user=request.user, item_type=item.pk)),
            "may_edit": _is_coordinator(request.user),
        },
    )


def _choices(user: Any, *, exclude: int | None = None) -> dict[str, Any]:
    item_types = item_type_visible(user=user).order_by("name")
    if exclude is not None:
        item_types = item_types.exclude(pk=exclude)  # an item type does not substitute for itself
    return {"families": ammunition_family_list(), "item_types": item_types}


@login_required
def item_type_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not _is_coordinator(user):
        messages.error(
            request,
            _("Your role (%(role)s) may not edit the catalogue.") % {"role": user.role_label},
        )
        return redirect("catalogue:list")
    form = ItemTypeForm(request.POST or None, **_choices(user))
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


@login_required
def item_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    item = or_404(item_type_get, user=user, pk=pk)
    if request.method != "POST" and not _is_coordinator(user):
        # A POST still goes to the service, which refuses with its own reason.
        messages.error(
            request,
            _("Your role (%(role)s) may not edit the catalogue.") % {"role": user.role_label},
        )
        return redirect("catalogue:detail", pk=pk)
    initial: dict[str, Any] = {name: getattr(item, name) for name in SCALAR_FIELDS}
    initial |= {name: list(getattr(item, name).all()) for name in RELATION_FIELDS} | {
        "version": item.version
    }
    form = ItemTypeEditForm(
        request.POST or None, initial=initial, **_choices(user, exclude=item.pk)
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
