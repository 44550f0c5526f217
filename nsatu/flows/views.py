from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nsatu.dashboards.web import csv_response, paginate, wants_csv
from nsatu.flows.forms import FlowFilterForm
from nsatu.flows.selectors import flow_chains_expand, flow_list, flow_root_list, flow_totals_visible


@login_required
def flow_index(request: HttpRequest) -> HttpResponse:
    filters = FlowFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    if wants_csv(request):
        rows = flow_list(user=request.user, source=criteria.get("source") or None,
                         destination=criteria.get("destination") or None, kind=criteria.get("kind") or None)
        return csv_response("flows.csv", [
            "id", "parent_id", "source", "destination", "kind", "date", "amount", "currency", "amount_eur",
            "eur_rate", "eur_rate_date", "item_type", "quantity", "description"], (
            [f.pk, f.parent_id, f.source.code, f.destination.code, f.kind, f.date, f.amount, f.currency,
             f.amount_eur, f.eur_rate, f.eur_rate_date, f.item_type.name if f.item_type else "", f.quantity,
             f.description] for f in rows))
    # Pages are cut by chain, so a child is always listed under its parent.
    page = paginate(request, flow_root_list(user=request.user, source=criteria.get("source") or None,
                                            destination=criteria.get("destination") or None,
                                            kind=criteria.get("kind") or None))
    totals = flow_totals_visible(user=request.user)
    return render(request, "flows/flow_list.html", {
        "filter_form": filters,
        "page": page,
        "rows": flow_chains_expand(user=request.user, roots=list(page.object_list)),
        "totals": totals,
        "by_donor": sorted(totals.by_donor.items(), key=lambda kv: -kv[1]),
        "by_recipient": sorted(totals.by_recipient.items(), key=lambda kv: -kv[1]),
    })
