from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nsatu.aid.display import kind_label, line_sources_readable
from nsatu.aid.forms import DecisionForm, LineFilterForm
from nsatu.aid.selectors import (
    LineView,
    aid_line_get,
    aid_line_index_get,
    aid_proposal_page_get,
)
from nsatu.aid.services import Decided, link_decision_record, link_decision_withdraw
from nsatu.core.paging import sort_of
from nsatu.core.tables import yes_no
from nsatu.core.web import (
    actor_of,
    download_response,
    or_404,
    paginate,
    wants_download,
    write_and_redirect,
)

DOWNLOAD_HEADER = [
    gettext_lazy("Line"),
    gettext_lazy("Donor code"),
    gettext_lazy("Donor"),
    gettext_lazy("Kind"),
    gettext_lazy("Item type ID"),
    gettext_lazy("Item type"),
    gettext_lazy("Announced"),
    gettext_lazy("Committed"),
    gettext_lazy("Delivered"),
    gettext_lazy("Value (EUR)"),
    gettext_lazy("Sources"),
    gettext_lazy("Sources disagree on"),
    gettext_lazy("Illustrative"),
]
SORTS = {
    "line": ("line",),
    "donor": ("donor", "item"),
    "item": ("item",),
    "announced": ("announced",),
    "committed": ("committed",),
    "delivered": ("delivered",),
    "value": ("value",),
}


def _download_row(view: LineView) -> list[object]:
    line = view.line
    return [
        line.id,
        line.donor,
        view.donor_name,
        kind_label(line.kind),
        line.item_id,
        view.item_name,
        line.announced,
        line.committed,
        line.delivered,
        line.value_eur,
        line_sources_readable(line),
        ", ".join(view.disagreement_labels),
        yes_no(line.illustrative),
    ]


@login_required
def line_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    filters = LineFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    sort = sort_of(request.GET.get("sort"), SORTS, default="donor")
    data = aid_line_index_get(
        user=user,
        donor=criteria.get("donor") or None,
        item_type=criteria.get("item_type") or None,
        q=criteria.get("q") or None,
        order=sort.fields,
    )
    if wants_download(request):
        return download_response(
            request, "aid-lines.csv", DOWNLOAD_HEADER, map(_download_row, data.rows)
        )
    filters.offer_donors(data.donors)
    return render(
        request,
        "aid/line_list.html",
        {
            "filter_form": filters,
            "page": paginate(request, data.rows),
            "proposals": data.proposals,
            "may_decide": data.may_decide,
            "sort": sort,
        },
    )


@login_required
def line_detail(request: HttpRequest, line_id: str) -> HttpResponse:
    detail = or_404(aid_line_get, user=actor_of(request), line_id=line_id)
    return render(request, "aid/line_detail.html", {"detail": detail, "line": detail.view.line})


@login_required
def proposal_index(request: HttpRequest) -> HttpResponse:
    data = aid_proposal_page_get(user=actor_of(request))
    return render(
        request,
        "aid/proposals.html",
        {"page": paginate(request, data.rows), "may_decide": data.may_decide},
    )


def _done(decided: Decided) -> str:
    d = decided.decision
    if not decided.changed:
        return _("Nothing changed: pledges %(a)s and %(b)s were already %(v)s.") % {
            "a": d.first_id,
            "b": d.second_id,
            "v": d.get_verdict_display(),
        }
    return _("Pledges %(a)s and %(b)s: %(v)s.") % {
        "a": d.first_id,
        "b": d.second_id,
        "v": d.get_verdict_display(),
    }


@login_required
@require_POST
def decision_create(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The decision was not understood: name two pledges and a verdict.")
        )
        return redirect("aid:proposals")
    data = form.cleaned_data
    line = data["line"]
    return write_and_redirect(
        request,
        lambda: link_decision_record(
            actor=user,
            first_id=data["first"],
            second_id=data["second"],
            verdict=data["verdict"],
            reason=data["reason"],
        ),
        done=_done,
        to="aid:line" if line else "aid:proposals",
        **({"line_id": line} if line else {}),
    )


@login_required
@require_POST
def decision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    line = request.POST.get("line", "")
    back = line if line.startswith("L") and line[1:].isdigit() else ""
    return write_and_redirect(
        request,
        lambda: or_404(link_decision_withdraw, actor=user, decision_id=pk),
        done=lambda decided: (
            _("Decision %(id)s withdrawn: the matcher decides the pair again.")
            % {"id": decided.decision.pk}
            if decided.changed
            else _("Decision %(id)s was already withdrawn.") % {"id": decided.decision.pk}
        ),
        to="aid:line" if back else "aid:proposals",
        **({"line_id": back} if back else {}),
    )
