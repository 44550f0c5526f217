from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.agreements import charts, rules
from nsatu.agreements.forms import BurdenForm, CountForm, FundEntryForm, LinkForm
from nsatu.agreements.funds import LEDGER_COLUMNS, fund_index_get, fund_ledger_rows, fund_page_get
from nsatu.agreements.selectors import (
    WASHINGTON_EVE,
    AgreementPage,
    agreement_index_get,
    agreement_page_get,
    burden_page_get,
)
from nsatu.agreements.services import agreement_link, fund_entry_record
from nsatu.core.actors import Actor
from nsatu.core.web import actor_of, csv_response, or_404, paginate, wants_csv, write_from_form


@login_required
def agreement_index(request: HttpRequest) -> HttpResponse:
    form = CountForm(request.GET or None)
    on = (form.cleaned_data.get("on") if form.is_valid() else None) or WASHINGTON_EVE
    index = agreement_index_get(user=actor_of(request), on=on)
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "agreements": index.agreements,
            "count_form": form,
            "on": on,
            "count_on": index.count_on,
            "count_eve": index.count_eve,
            "eve": WASHINGTON_EVE,
            "undated": index.undated,
            "timeline_chart": charts.timeline_chart(index.timeline) if index.timeline else None,
        },
    )


def _link_form(page: AgreementPage, data: object = None) -> LinkForm:
    return LinkForm(data, pledges=page.pledges, flows=page.flows)


def _detail(
    request: HttpRequest, user: Actor, page: AgreementPage, form: LinkForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": page.agreement,
            "years": page.years,
            "commitments": page.commitments,
            "form": form,
            "may_link": rules.may_link(user, page.agreement),
        },
        status=status,
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(agreement_page_get, user=user, pk=pk)
    return _detail(request, user, page, _link_form(page))


@login_required
@require_POST
def agreement_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(agreement_page_get, user=user, pk=pk)
    form = _link_form(page, request.POST)
    status = 400
    if form.is_valid():
        link, status = write_from_form(
            request,
            form,
            lambda: agreement_link(
                actor=user,
                agreement=page.agreement,
                pledge=form.cleaned_data.get("pledge"),
                flow=form.cleaned_data.get("flow"),
            ),
        )
        if link is not None:
            what = (
                _("pledge %(id)s") % {"id": link.pledge_id}
                if link.pledge_id
                else _("flow %(id)s") % {"id": link.flow_id}
            )
            messages.success(request, _("Linked %(what)s to this agreement.") % {"what": what})
            return redirect("agreements:detail", pk=pk)
    return _detail(request, user, page, form, status=status)


@login_required
def burden_index(request: HttpRequest) -> HttpResponse:
    form = BurdenForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = burden_page_get(user=actor_of(request), year=data.get("year"), target=data.get("target"))
    return render(
        request,
        "agreements/burden.html",
        {
            "form": form,
            "year": page.year,
            "years": page.years,
            "target": page.target,
            "shares": page.shares,
            "names": page.names,
            "max_difference": page.max_difference,
            "counts": page.count_rows,
            "estimates": page.estimates,
            "fair": page.fair,
            "share_chart": charts.share_chart(page.shares, page.names) if page.shares else None,
            "guideline_chart": charts.guideline_chart(page.counts, page.target_counts, page.target)
            if page.counts
            else None,
            "fair_chart": charts.fair_share_chart(page.fair.shares, page.names)
            if page.fair.shares
            else None,
        },
    )


@login_required
def fund_index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "agreements/fund_list.html", {"funds": fund_index_get(user=actor_of(request))}
    )


@login_required
def fund_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = actor_of(request)
    page = or_404(fund_page_get, user=user, code=code)
    view = page.view
    if request.method != "POST" and wants_csv(request):
        return csv_response(
            f"fund-{view.fund.code.lower()}-ledger.csv", LEDGER_COLUMNS, fund_ledger_rows(view)
        )
    form = FundEntryForm(
        request.POST or None, parties=page.parties, flows=page.flows, commitments=page.commitments
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            entry, status = write_from_form(
                request,
                form,
                lambda: fund_entry_record(actor=user, fund=view.fund, **form.cleaned_data),
            )
            if entry is not None:
                messages.success(request, _("Ledger entry %(id)s recorded.") % {"id": entry.pk})
                return redirect("agreements:fund", code=code)
    return render(
        request,
        "agreements/fund_detail.html",
        {
            "fund": view.fund,
            "ledger": view.ledger,
            "contributors": [(view.name(p.party), p) for p in view.ledger.by_contributor],
            "payees": [(view.name(p.party), p) for p in view.ledger.by_payee],
            "entries": view.entry_rows,
            "form": form,
            "may_write": rules.may_keep_ledgers(user),
            "flows": paginate(request, page.flows),
        },
        status=status,
    )
