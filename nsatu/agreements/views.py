from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.agreements import charts, rules
from nsatu.agreements.forms import (
    AgreementFilterForm,
    AgreementForm,
    BurdenForm,
    CommitmentForm,
    FrameworkFilterForm,
    FundEntryForm,
    LinkForm,
    UnlinkForm,
    agreement_initial,
    commitment_initial,
)
from nsatu.agreements.frameworks import (
    FRAMEWORK_SORTS,
    framework_for_burden,
    framework_list,
    framework_page_get,
)
from nsatu.agreements.funds import LEDGER_COLUMNS, fund_index_get, fund_ledger_rows, fund_page_get
from nsatu.agreements.selectors import (
    AGREEMENT_SORTS,
    WASHINGTON_EVE,
    AgreementPage,
    BurdenPage,
    agreement_form_choices_get,
    agreement_get,
    agreement_index_get,
    agreement_page_get,
    burden_page_get,
)
from nsatu.agreements.services import (
    agreement_create,
    agreement_link,
    agreement_unlink,
    agreement_update,
    commitment_save,
    fund_entry_record,
)
from nsatu.agreements.tables import (
    AGREEMENT_HEADER,
    FRAMEWORK_HEADER,
    FUND_HEADER,
    SIGNATORY_HEADER,
    agreement_rows,
    framework_rows,
    fund_rows,
    signatory_rows,
)
from nsatu.core.actors import Actor
from nsatu.core.paging import sort_of
from nsatu.core.web import (
    actor_of,
    download_response,
    or_404,
    paginate,
    wants_download,
    write_and_redirect,
    write_from_form,
)


@login_required
def agreement_index(request: HttpRequest) -> HttpResponseBase:
    form = AgreementFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    on = data.get("on") or WASHINGTON_EVE
    sort = sort_of(request.GET.get("sort"), AGREEMENT_SORTS, default="signed")
    index = agreement_index_get(
        user=actor_of(request),
        on=on,
        kind=data.get("kind") or None,
        party=data.get("party") or None,
        status=data.get("status") or None,
        search=data.get("q") or None,
        signed_from=data.get("signed_from"),
        signed_to=data.get("signed_to"),
        order=sort.fields,
    )
    if wants_download(request):
        return download_response(
            request, "agreements.csv", AGREEMENT_HEADER, agreement_rows(index.agreements)
        )
    return render(
        request,
        "agreements/agreement_list.html",
        {
            "page": paginate(request, index.agreements),
            "filter_form": form,
            "sort": sort,
            "on": on,
            "count_on": index.count_on,
            "count_eve": index.count_eve,
            "eve": WASHINGTON_EVE,
            "listed": index.listed,
            "undated": index.undated,
            "timeline_chart": charts.timeline_chart(index.timeline) if index.timeline else None,
        },
    )


def _link_form(page: AgreementPage, data: object = None) -> LinkForm:
    return LinkForm(data, pledges=page.pledges, flows=page.flows)


# The picker lists this many of the newest candidates; any other visible pledge is still accepted by its id.
PLEDGE_OPTIONS = 500


def _commitment_form(request: HttpRequest, page: AgreementPage) -> CommitmentForm:
    """Empty to add a year; filled from the year named by ?commitment= to edit it."""
    editing = page.commitment(request.GET.get("commitment"))
    return CommitmentForm(initial=commitment_initial(editing) if editing else None)


def _detail(
    request: HttpRequest,
    user: Actor,
    page: AgreementPage,
    form: LinkForm,
    *,
    commitment_form: CommitmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": page.agreement,
            "years": page.years,
            "commitments": page.commitments,
            "form": form,
            "pledge_options": list(page.pledges[:PLEDGE_OPTIONS]),
            "commitment_form": commitment_form or _commitment_form(request, page),
            "may_link": rules.may_link(user, page.agreement),
            "may_register": rules.may_register_agreements(user),
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
def commitment_save_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a year's commitment, or edit the one of that year if the agreement has it."""
    user = actor_of(request)
    page = or_404(agreement_page_get, user=user, pk=pk)
    form = CommitmentForm(request.POST)
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        saved, status = write_from_form(
            request,
            form,
            lambda: commitment_save(actor=user, agreement=page.agreement, **data),
        )
        if saved is not None:
            messages.success(
                request, _("Commitment for %(y)s saved.") % {"y": form.cleaned_data["year"]}
            )
            return redirect("agreements:detail", pk=pk)
    return _detail(request, user, page, _link_form(page), commitment_form=form, status=status)


@login_required
@require_POST
def agreement_unlink_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(agreement_page_get, user=user, pk=pk)
    form = UnlinkForm(request.POST, links=page.links)
    if not form.is_valid():
        messages.error(request, _("No such link of this agreement is visible to you."))
        return redirect("agreements:detail", pk=pk)
    link = form.cleaned_data["link"]
    return write_and_redirect(
        request,
        lambda: agreement_unlink(actor=user, link=link),
        done=lambda _r: _("Link removed."),
        to="agreements:detail",
        pk=pk,
    )


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


def burden_context(form: BurdenForm, page: BurdenPage) -> dict[str, object]:
    """What the burden sections show (the page of the framework that shares a baseline by GDP)."""
    return {
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
    }


@login_required
def burden_index(request: HttpRequest) -> HttpResponse:
    """The burden page moved to the Washington pledge's framework page; this address sends readers there."""
    user = actor_of(request)
    framework = framework_for_burden(user=user)
    if framework is not None:
        target = reverse("agreements:framework", args=[framework.pk])
        query = request.GET.urlencode()
        return redirect(f"{target}?{query}" if query else target)
    # No framework imported yet: the same sections on their own.
    form = BurdenForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = burden_page_get(user=user, year=data.get("year"), target=data.get("target"))
    return render(request, "agreements/burden.html", burden_context(form, page))


@login_required
def fund_index(request: HttpRequest) -> HttpResponseBase:
    funds = fund_index_get(user=actor_of(request))
    if wants_download(request):
        return download_response(request, "funds.csv", FUND_HEADER, fund_rows(funds))
    return render(request, "agreements/fund_list.html", {"funds": funds})


@login_required
def fund_detail(request: HttpRequest, code: str) -> HttpResponseBase:
    user = actor_of(request)
    page = or_404(fund_page_get, user=user, code=code)
    view = page.view
    if request.method != "POST" and wants_download(request):
        return download_response(
            request,
            f"fund-{view.fund.code.lower()}-ledger.csv",
            LEDGER_COLUMNS,
            fund_ledger_rows(view),
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


@login_required
def framework_index(request: HttpRequest) -> HttpResponseBase:
    form = FrameworkFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    sort = sort_of(request.GET.get("sort"), FRAMEWORK_SORTS, default="signed")
    frameworks = framework_list(
        user=actor_of(request),
        search=data.get("q"),
        party=data.get("party"),
        signed_from=data.get("signed_from"),
        signed_to=data.get("signed_to"),
        order=sort.fields,
    )
    if wants_download(request):
        return download_response(
            request, "frameworks.csv", FRAMEWORK_HEADER, framework_rows(frameworks)
        )
    return render(
        request,
        "agreements/framework_list.html",
        {"filter_form": form, "page": paginate(request, frameworks), "sort": sort},
    )


@login_required
def framework_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    form = BurdenForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    page = or_404(
        framework_page_get,
        user=actor_of(request),
        pk=pk,
        year=data.get("year"),
        target=data.get("target"),
    )
    if wants_download(request):
        return download_response(
            request, f"framework-{pk}-signatories.csv", SIGNATORY_HEADER, signatory_rows(page)
        )
    context: dict[str, object] = {"framework": page.framework, "page": page}
    if page.burden is not None:
        context.update(burden_context(form, page.burden))
    return render(request, "agreements/framework_detail.html", context)


def _agreement_form(
    user: Actor, data: object = None, initial: dict[str, object] | None = None
) -> AgreementForm:
    choices = agreement_form_choices_get(user=user)
    return AgreementForm(
        data, initial=initial, parties=choices.parties, frameworks=choices.frameworks
    )


@login_required
def agreement_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    form = _agreement_form(user, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["parties"] = list(data["parties"])
            saved, status = write_from_form(
                request, form, lambda: agreement_create(actor=user, **data)
            )
            if saved is not None:
                messages.success(request, _("Agreement %(t)s registered.") % {"t": saved})
                return redirect("agreements:detail", pk=saved.pk)
    return render(
        request,
        "agreements/agreement_form.html",
        {"form": form, "may_register": rules.may_register_agreements(user)},
        status=status,
    )


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    agreement = or_404(agreement_get, user=user, pk=pk)
    form = _agreement_form(user, request.POST or None, initial=agreement_initial(agreement))
    del form.fields["owner"]  # the owner answers for the record; an edit does not hand it over
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            parties = list(data.pop("parties"))
            saved, status = write_from_form(
                request,
                form,
                lambda: agreement_update(
                    actor=user,
                    agreement=agreement,
                    expected_version=_version(request),
                    parties=parties,
                    **data,
                ),
            )
            if saved is not None:
                messages.success(request, _("Agreement %(t)s saved.") % {"t": saved})
                return redirect("agreements:detail", pk=pk)
    return render(
        request,
        "agreements/agreement_form.html",
        {
            "form": form,
            "agreement": agreement,
            "may_register": rules.may_register_agreements(user),
        },
        status=status,
    )


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None
