from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Role
from nsatu.core.api_common import mark_visible_refs
from nsatu.core.errors import ValidationError
from nsatu.core.visibility import readable_releasabilities
from nsatu.core.web import (
    csv_response,
    error_text,
    paginate,
    wants_csv,
    write_from_form,
)
from nsatu.engine.flows import FlowTotals
from nsatu.flows.forms import FlowFilterForm, FlowForm
from nsatu.flows.models import Flow
from nsatu.flows.selectors import (
    flow_chains_expand,
    flow_list,
    flow_root_list,
    flow_totals_visible,
    flow_visible,
)
from nsatu.flows.services import flow_create
from nsatu.parties.selectors import party_visible
from nsatu.pledges.selectors import pledge_visible

WRITERS = (Role.COORDINATOR, Role.DONOR_LIAISON)


@login_required
def flow_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filters = FlowFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    if wants_csv(request):
        rows = flow_list(
            user=user,
            source=criteria.get("source") or None,
            destination=criteria.get("destination") or None,
            kind=criteria.get("kind") or None,
        )
        # A visible flow may pass on a hidden one; the hidden parent's id alone would reveal that it exists.
        rows = mark_visible_refs(rows, field="parent", visible=flow_visible(user=user))
        return csv_response(
            "flows.csv",
            [
                "id",
                "parent_id",
                "source",
                "destination",
                "kind",
                "date",
                "amount",
                "currency",
                "amount_eur",
                "eur_rate",
                "eur_rate_date",
                "item_type",
                "quantity",
                "description",
                "dataset",
                "source_row",
                "source_url",
            ],
            (
                [
                    f.pk,
                    f.parent_id if f.parent_seen else None,  # type: ignore[attr-defined]
                    f.source.code,
                    f.destination.code,
                    f.kind,
                    f.date,
                    f.amount,
                    f.currency,
                    f.amount_eur,
                    f.eur_rate,
                    f.eur_rate_date,
                    f.item_type.name if f.item_type else "",
                    f.quantity,
                    f.description,
                    f.dataset.key if f.dataset else "",
                    f.source_row,
                    f.source_url,
                ]
                for f in rows.iterator(chunk_size=500)
            ),
        )
    # Pages are cut by chain, so a child is always listed under its parent.
    page = paginate(
        request,
        flow_root_list(
            user=user,
            source=criteria.get("source") or None,
            destination=criteria.get("destination") or None,
            kind=criteria.get("kind") or None,
        ),
    )
    totals: FlowTotals | None
    try:
        totals = flow_totals_visible(user=user)
    except ValidationError as exc:
        # The list still shows the records; only the totals, which would be wrong, are withheld.
        messages.error(request, error_text(exc))
        totals = None
    return render(
        request,
        "flows/flow_list.html",
        {
            "filter_form": filters,
            "page": page,
            "rows": flow_chains_expand(user=user, roots=list(page.object_list)),
            "totals": totals,
            "by_donor": sorted(totals.by_donor.items(), key=lambda kv: -kv[1]) if totals else [],
            "by_recipient": sorted(totals.by_recipient.items(), key=lambda kv: -kv[1])
            if totals
            else [],
            "may_create": user.role in WRITERS,
        },
    )


@login_required
def flow_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in WRITERS:
        messages.error(
            request, _("Your role (%(role)s) may not record flows.") % {"role": user.role_label}
        )
        return redirect("flows:list")
    parties = party_visible(user=user).order_by("name")
    liaison = user.role == Role.DONOR_LIAISON
    form = FlowForm(
        request.POST or None,
        initial={"source": user.party.code if liaison else None, "destination": "UKR"},
        # A flow belongs to its source: a liaison records what its own party sends.
        sources=parties.filter(pk=user.party_id) if liaison else parties,
        destinations=parties,
        flows=flow_visible(user=user),
        item_types=item_type_visible(user=user).order_by("name"),
        pledges=pledge_visible(user=user),
        releasabilities=readable_releasabilities(user, owner_id=user.party_id if liaison else None),
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
