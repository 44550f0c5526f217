from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from nsatu.core.paging import sort_of
from nsatu.core.refs import ref_label
from nsatu.core.web import actor_of, download_response, error_text, wants_download, write_from_form
from nsatu.flows import rules
from nsatu.flows.forms import FlowFilterForm, FlowForm
from nsatu.flows.models import Flow
from nsatu.flows.selectors import flow_export_rows, flow_form_choices, flow_index_get
from nsatu.flows.services import flow_create

DOWNLOAD_HEADER = [
    gettext_lazy("ID"),
    gettext_lazy("Passed on from flow"),
    pgettext_lazy("party", "From"),
    gettext_lazy("To"),
    gettext_lazy("Kind"),
    gettext_lazy("Date"),
    gettext_lazy("Amount"),
    gettext_lazy("Currency"),
    gettext_lazy("EUR"),
    gettext_lazy("ECB rate (per EUR)"),
    gettext_lazy("Rate date"),
    gettext_lazy("Item type"),
    gettext_lazy("Quantity"),
    gettext_lazy("Description"),
    gettext_lazy("Dataset"),
    gettext_lazy("Source row"),
    gettext_lazy("Source address"),
]
# The list is cut by chain: these order the chains' first flows (a child stays under its parent).
SORTS = {
    "date": ("date",),
    "source": ("source__code", "-date"),
    "destination": ("destination__code", "-date"),
    "kind": ("kind", "-date"),
    "eur": ("amount_eur",),
}


def _download_row(row: tuple[Flow, int | None]) -> list[object]:
    f, parent_id = row
    return [
        f.pk,
        parent_id,
        f.source.code,
        f.destination.code,
        f.get_kind_display(),
        f.date,
        f.amount,
        f.currency,
        f.amount_eur,
        f.eur_rate,
        f.eur_rate_date,
        ref_label(f, "item_type"),
        f.quantity,
        f.description,
        f.dataset.key if f.dataset else "",
        f.source_row,
        f.source_url,
    ]


@login_required
def flow_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    filters = FlowFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    chosen = {
        "source": criteria.get("source") or None,
        "destination": criteria.get("destination") or None,
        "kind": criteria.get("kind") or None,
    }
    sort = sort_of(request.GET.get("sort"), SORTS, default="-date")
    if wants_download(request):
        rows = flow_export_rows(user=user, order=sort.fields, **chosen)
        return download_response(request, "flows.csv", DOWNLOAD_HEADER, map(_download_row, rows))
    data = flow_index_get(user=user, page=request.GET.get("page"), order=sort.fields, **chosen)
    if data.totals_refused is not None:
        # The list still shows the records; only the totals, which would be wrong, are withheld.
        messages.error(request, error_text(data.totals_refused))
    return render(
        request,
        "flows/flow_list.html",
        {
            "filter_form": filters,
            "page": data.page,
            "rows": data.rows,
            "totals": data.totals,
            "by_donor": data.by_donor,
            "by_recipient": data.by_recipient,
            "may_create": data.may_create,
            "sort": sort,
        },
    )


@login_required
def flow_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    if not rules.may_create(user):
        messages.error(
            request, _("Your role (%(role)s) may not record flows.") % {"role": user.role_label}
        )
        return redirect("flows:list")
    choices = flow_form_choices(user=user)
    form = FlowForm(
        request.POST or None,
        initial={"source": choices.own_source, "destination": "UKR"},
        sources=choices.sources,
        destinations=choices.destinations,
        flows=choices.flows,
        item_types=choices.item_types,
        pledges=choices.pledges,
        releasabilities=choices.releasabilities,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():

            def write() -> Flow:
                return flow_create(actor=user, **form.cleaned_data)

            flow, status = write_from_form(request, form, write)
            if flow is not None:
                messages.success(
                    request,
                    _("Flow %(id)s from %(src)s to %(dst)s recorded.")
                    % {"id": flow.pk, "src": flow.source.code, "dst": flow.destination.code},
                )
                return redirect("flows:list")
    return render(request, "flows/flow_form.html", {"form": form}, status=status)
