from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.agreements import charts
from nsatu.agreements.burden import (
    GUIDELINE_PCT,
    burden_aid_shares,
    burden_estimate_years,
    burden_fair_shares,
    burden_guideline_counts,
    burden_party_names,
    burden_years,
)
from nsatu.agreements.forms import BurdenForm, CountForm, FundEntryForm, LinkForm
from nsatu.agreements.selectors import (
    WASHINGTON_EVE,
    agreement_commitments,
    agreement_count_signed,
    agreement_flow_candidates,
    agreement_get,
    agreement_list,
    agreement_pledge_candidates,
    agreement_timeline,
    agreement_years,
    fund_flows,
    fund_ledger,
    fund_list,
)
from nsatu.agreements.services import agreement_link_flow, agreement_link_pledge, fund_entry_record
from nsatu.core.actors import Role
from nsatu.core.web import or_404, paginate, write_from_form
from nsatu.parties.selectors import party_visible

LINKERS = (Role.COORDINATOR, Role.DONOR_LIAISON)


@login_required
def agreement_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = CountForm(request.GET or None)
    on = (form.cleaned_data.get("on") if form.is_valid() else None) or WASHINGTON_EVE
    timeline = agreement_timeline(user=user)
    agreements = list(agreement_list(user=user))
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "agreements": agreements,
            "count_form": form,
            "on": on,
            "count_on": agreement_count_signed(user=user, on=on),
            "count_eve": agreement_count_signed(user=user, on=WASHINGTON_EVE),
            "eve": WASHINGTON_EVE,
            "undated": sum(1 for a in agreements if a.signed_on is None),
            "timeline_chart": charts.timeline_chart(timeline) if timeline else None,
        },
    )


def _detail_context(request: HttpRequest, pk: int, form: LinkForm | None = None) -> dict[str, Any]:
    user: Any = request.user
    agreement = or_404(agreement_get, user=user, pk=pk)
    may_link = user.role == Role.COORDINATOR or (
        user.role == Role.DONOR_LIAISON
        and any(p.pk == user.party_id for p in agreement.parties.all())
    )
    if form is None:
        form = _link_form(request, agreement, data=None)
    return {
        "agreement": agreement,
        "years": agreement_years(user=user, agreement=agreement),
        "commitments": agreement_commitments(agreement=agreement),
        "form": form,
        "may_link": may_link,
    }


def _link_form(request: HttpRequest, agreement: Any, data: Any) -> LinkForm:
    user: Any = request.user
    return LinkForm(
        data,
        pledges=agreement_pledge_candidates(user=user, agreement=agreement),
        flows=agreement_flow_candidates(user=user, agreement=agreement),
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "agreements/agreement_detail.html", _detail_context(request, pk))


@login_required
@require_POST
def agreement_link(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    agreement = or_404(agreement_get, user=user, pk=pk)
    form = _link_form(request, agreement, data=request.POST)
    status = 400
    if form.is_valid():

        def write() -> Any:
            if form.cleaned_data.get("pledge"):
                return agreement_link_pledge(
                    actor=user, agreement=agreement, pledge=form.cleaned_data["pledge"]
                )
            return agreement_link_flow(
                actor=user, agreement=agreement, flow=form.cleaned_data["flow"]
            )

        link, status = write_from_form(request, form, write)
        if link is not None:
            what = (
                _("pledge %(id)s") % {"id": link.pledge_id}
                if link.pledge_id
                else _("flow %(id)s") % {"id": link.flow_id}
            )
            messages.success(request, _("Linked %(what)s to this agreement.") % {"what": what})
            return redirect("agreements:detail", pk=pk)
    return render(
        request,
        "agreements/agreement_detail.html",
        _detail_context(request, pk, form),
        status=status,
    )


@login_required
def burden_index(request: HttpRequest) -> HttpResponse:
    form = BurdenForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    years = burden_years()
    year = data.get("year") or (2024 if 2024 in years else (years[-1] if years else 2024))
    target = float(data.get("target") or 3.5)
    shares = burden_aid_shares(year=year)
    names = burden_party_names(user=request.user)
    counts = burden_guideline_counts(target=GUIDELINE_PCT)
    target_counts = burden_guideline_counts(target=target)
    fair = burden_fair_shares(year=year)
    return render(
        request,
        "agreements/burden.html",
        {
            "form": form,
            "year": year,
            "years": years,
            "target": target,
            "shares": shares,
            "names": names,
            "max_difference": max(
                (s.difference for s in shares if s.difference is not None), default=None
            ),
            "counts": [(y, counts[y], target_counts.get(y, 0)) for y in counts],
            "estimates": burden_estimate_years(),
            "fair": fair,
            "share_chart": charts.share_chart(shares, names) if shares else None,
            "guideline_chart": charts.guideline_chart(counts, target_counts, target)
            if counts
            else None,
            "fair_chart": charts.fair_share_chart(fair.shares, names) if fair.shares else None,
        },
    )


@login_required
def fund_index(request: HttpRequest) -> HttpResponse:
    return render(request, "agreements/fund_list.html", {"funds": fund_list(user=request.user)})


@login_required
def fund_detail(request: HttpRequest, code: str) -> HttpResponse:
    user: Any = request.user
    fund, entries, totals = or_404(fund_ledger, user=user, code=code)
    may_write = user.role == Role.COORDINATOR
    form = FundEntryForm(request.POST or None, parties=party_visible(user=user).order_by("name"))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            entry, status = write_from_form(
                request, form, lambda: fund_entry_record(actor=user, fund=fund, **form.cleaned_data)
            )
            if entry is not None:
                messages.success(request, _("Ledger entry %(id)s recorded.") % {"id": entry.pk})
                return redirect("agreements:fund", code=code)
    return render(
        request,
        "agreements/fund_detail.html",
        {
            "fund": fund,
            "entries": entries,
            "totals": totals,
            "form": form,
            "may_write": may_write,
            "flows": paginate(request, fund_flows(user=user, code=fund.code)),
        },
        status=status,
    )
