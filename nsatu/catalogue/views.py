from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nsatu.catalogue.forms import ItemTypeFilterForm
from nsatu.catalogue.selectors import ammunition_family_list, item_type_get, item_type_list
from nsatu.dashboards.web import csv_response, or_404, paginate, wants_csv
from nsatu.engine.nsn import NsnError, parse_nsn
from nsatu.pledges.selectors import pledge_list


def _nsn_text(value: str) -> str:
    try:
        return str(parse_nsn(value)) if value else ""
    except NsnError:
        return value


@login_required
def item_type_index(request: HttpRequest) -> HttpResponse:
    filters = ItemTypeFilterForm(request.GET or None,
                                 families=list(ammunition_family_list().values_list("name", flat=True)))
    criteria = filters.cleaned_data if filters.is_valid() else {}
    rows = item_type_list(user=request.user, capability_area=criteria.get("capability_area") or None,
                          standard=criteria.get("standard") if criteria.get("standard") is not None else "any",
                          family=criteria.get("family") or None, search=criteria.get("q") or None)
    if wants_csv(request):
        return csv_response("catalogue.csv", [
            "name", "category", "capability_area", "standard", "calibre_mm", "ammunition_families", "provides",
            "substitutes", "nsn"], (
            [i.name, i.category, i.capability_area, i.standard, i.calibre_mm,
             ";".join(f.name for f in i.ammunition_families.all()),
             i.provides_family.name if i.provides_family else "",
             ";".join(s.name for s in i.substitutes.all()), _nsn_text(i.nsn)] for i in rows))
    return render(request, "catalogue/item_type_list.html", {
        "filter_form": filters, "page": paginate(request, rows),
    })


@login_required
def item_type_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = or_404(item_type_get, user=request.user, pk=pk)
    return render(request, "catalogue/item_type_detail.html", {
        "item": item, "pledges": paginate(request, pledge_list(user=request.user, item_type=item.pk)),
    })
