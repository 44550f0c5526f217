from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.core.actors import Actor
from nsatu.core.paging import sort_of
from nsatu.core.refs import ref_label
from nsatu.core.web import (
    actor_of,
    download_response,
    or_404,
    paginate,
    wants_download,
    write_and_redirect,
    write_from_form,
)
from nsatu.planning import charts, downloads, rules
from nsatu.planning.comparison import run_compare_page_get
from nsatu.planning.execution import runs_reap
from nsatu.planning.forms import (
    ClaimForm,
    CompareForm,
    DecisionForm,
    LineFilterForm,
    RunFilterForm,
    RunForm,
)
from nsatu.planning.models import Claim, PlanLine
from nsatu.planning.report import planning_report
from nsatu.planning.run_selectors import (
    run_detail_get,
    run_list_marked,
    run_page_get,
    runs_figures_shown,
)
from nsatu.planning.selectors import (
    claims_page_get,
    plan_line_donor_choices,
    plan_line_list,
    run_list,
)
from nsatu.planning.services import (
    allocation_run_cancel,
    allocation_run_create,
    allocation_run_retry,
    claim_create,
    claim_release,
    plan_line_decide,
)


def _render(
    request: HttpRequest, template: str, user: Actor, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Every planning page names the proposals as the user reads them ("my proposals" for a liaison)."""
    own = {"own_proposals": rules.sees_own_proposals_only(user)}
    return render(request, template, own | context, status=status)


RUN_SORTS = {
    "number": ("id",),
    "started": ("created_at",),
    "by": ("created_by__username",),
    "status": ("status",),
    "solver": ("solver_status",),
}


@login_required
def run_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    runs_reap()
    sort = sort_of(request.GET.get("sort"), RUN_SORTS, default="-started")
    filters = RunFilterForm(request.GET or None)
    status = (filters.cleaned_data.get("status") or None) if filters.is_valid() else None
    if request.method != "POST" and wants_download(request):
        runs = run_list_marked(user=user, status=status, order=sort.fields)
        shown = {r.pk for r in runs if getattr(r, "figures_shown", False)}
        return download_response(
            request, "allocation-runs.csv", downloads.RUN_HEADER, downloads.run_rows(runs, shown)
        )  # a run whose worker died is shown failed, not running for ever
    form = RunForm(request.POST or None) if rules.may_start_runs(user) else None
    if request.method == "POST":
        if form is None:
            messages.error(
                request,
                _("Your role (%(role)s) may not start allocation runs.")
                % {"role": user.role_label},
            )
            return redirect("planning:runs")
        if form.is_valid():
            run, _status = write_from_form(
                request,
                form,
                lambda: allocation_run_create(actor=user, parameters=form.cleaned_data),
            )
            if run is not None:
                messages.success(request, _("Allocation run %(id)s started.") % {"id": run.pk})
                return redirect("planning:run", pk=run.pk)
    page = paginate(request, run_list(user=user, status=status, order=sort.fields))
    return _render(
        request,
        "planning/run_list.html",
        user,
        {
            "page": page,
            "sort": sort,
            "filter_form": filters,
            "form": form,
            "figures_shown": runs_figures_shown(user=user, runs=page.object_list),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = actor_of(request)
    runs_reap()
    page = or_404(run_page_get, user=user, pk=pk)
    if wants_download(request):
        lines = [line for donor in page.donors for line in donor.lines]
        return download_response(
            request, f"run-{pk}-proposals.csv", downloads.LINE_HEADER, downloads.line_rows(lines)
        )
    return _render(
        request,
        "planning/run_detail.html",
        user,
        {
            "p": page,
            "run": page.run,
            "figures_shown": page.figures_shown,
            "left_out": page.left_out,
            "left_out_count": sum(len(g.items) for g in page.left_out),
            "coverage_chart": charts.coverage_chart(page.areas) if page.areas else None,
            "others": page.others,
            "decidable": frozenset[int](),
            "may_cancel": rules.may_cancel(user, page.run),
            "may_retry": rules.may_retry(user, page.run),
        },
    )


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel HTMX polls while the run is queued or running; at the end the page reloads."""
    runs_reap()
    detail = or_404(run_detail_get, user=actor_of(request), pk=pk)
    run = detail.run
    response = render(
        request,
        "planning/_progress.html",
        {"run": run, "figures_shown": detail.figures_shown},
    )
    if not run.is_active:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def run_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    return write_and_redirect(
        request,
        lambda: or_404(allocation_run_cancel, actor=user, run_id=pk),
        done=lambda run: _("Allocation run %(id)s cancelled.") % {"id": run.pk},
        to="planning:run",
        pk=pk,
    )


@login_required
@require_POST
def run_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    return write_and_redirect(
        request,
        lambda: or_404(allocation_run_retry, actor=user, run_id=pk),
        done=lambda run: _("Allocation run %(id)s queued again.") % {"id": run.pk},
        to="planning:run",
        pk=pk,
    )


def _run_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def run_compare_view(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    page = run_compare_page_get(
        user=user, a=_run_id(request.GET.get("a")), b=_run_id(request.GET.get("b"))
    )
    form = CompareForm(request.GET or None, runs=page.runs)
    valid = form.is_bound and form.is_valid()
    if valid and page.comparison is not None and wants_download(request):
        c = page.comparison
        return download_response(
            request,
            f"runs-{c.a.pk}-{c.b.pk}-compared.csv",
            downloads.compare_header(c),
            downloads.compare_rows(c),
        )
    return _render(
        request,
        "planning/compare.html",
        user,
        {"form": form, "c": page.comparison if valid else None},
    )


# No column of a related record the reader may not see (requirement, item type, hub): its place in the
# order would tell what the row shows as restricted (its priority, its name).
LINE_SORTS = {
    "run": ("run_id",),
    "donor": ("owner__name",),
    "quantity": ("quantity",),
    "arrival": ("arrival",),
    "value": ("value",),
    "state": ("state",),
}


@login_required
def line_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    filters = LineFilterForm(request.GET or None, donors=plan_line_donor_choices(user=user))
    criteria = filters.cleaned_data if filters.is_valid() else {}
    sort = sort_of(request.GET.get("sort"), LINE_SORTS, default="-run")
    lines = plan_line_list(
        user=user,
        run=criteria.get("run") or None,
        donor=criteria.get("donor") or None,
        state=criteria.get("state") or None,
        order=sort.fields,
    )
    if wants_download(request):
        return download_response(
            request, "proposals.csv", downloads.LINE_HEADER, downloads.line_rows(lines)
        )
    page = paginate(request, lines)
    return _render(
        request,
        "planning/line_list.html",
        user,
        {
            "filter_form": filters,
            "page": page,
            "sort": sort,
            "decidable": _decidable(user, page.object_list),
        },
    )


def _decidable(user: Actor, lines: Iterable[PlanLine]) -> frozenset[int]:
    """The proposals on the page this user may accept or decline now."""
    return frozenset(line.pk for line in lines if rules.may_decide(user, line))


def _decided_text(line: PlanLine) -> str:
    return _("Proposal %(id)s (%(qty)s for %(ref)s) %(state)s.") % {
        "id": line.pk,
        "qty": line.quantity,
        "ref": ref_label(line, "requirement"),
        "state": line.get_state_display().lower(),
    }


def _same_site_path(request: HttpRequest, target: str) -> str | None:
    """`target` when it is a path on this site; never another host, whatever the browser would make of
    "//host", "/\\host", a scheme or control characters."""
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return target


@login_required
@require_POST
def line_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    form = DecisionForm(request.POST)
    to = _same_site_path(request, request.POST.get("next") or "") or "planning:lines"
    if not form.is_valid():
        messages.error(request, _("Choose accept or decline for proposal %(id)s.") % {"id": pk})
        return redirect(to)
    return write_and_redirect(
        request,
        lambda: or_404(
            plan_line_decide,
            actor=user,
            line_id=pk,
            decision=form.cleaned_data["decision"],
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        ),
        done=_decided_text,
        to=to,
    )


# No column of a related record the reader may not see (requirement, item type, hub): its place in the
# order would tell what the row shows as restricted (its priority, its name).
CLAIM_SORTS = {
    "donor": ("donor__name",),
    "claimed": ("created_at",),
}


@login_required
def claim_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    now = timezone.now()
    sort = sort_of(request.GET.get("sort"), CLAIM_SORTS, default="-claimed")
    page = claims_page_get(user=user, now=now, order=sort.fields)
    if request.method != "POST" and wants_download(request):
        return download_response(
            request,
            "claims.csv",
            downloads.CLAIM_HEADER,
            downloads.claim_rows(itertools.chain(page.live, page.past), now),
        )
    form = (
        ClaimForm(request.POST or None, requirements=page.requirements, donors=page.donors)
        if rules.may_claim(user)
        else None
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form is None:
            messages.error(
                request,
                _("Your role (%(role)s) may not claim requirements.") % {"role": user.role_label},
            )
            status = 403
        elif form.is_valid():
            claim, status = write_from_form(
                request, form, lambda: claim_create(actor=user, **form.cleaned_data)
            )
            if claim is not None:
                messages.success(request, _claimed_text(claim))
                return redirect("planning:claims")
    return _render(
        request,
        "planning/claims.html",
        user,
        {
            "form": form,
            "now": now,
            "live": page.live,
            "releasable": frozenset(c.pk for c in page.live if rules.may_release(user, c)),
            "past": paginate(request, page.past),
            "sort": sort,
        },
        status=status,
    )


def _claimed_text(claim: Claim) -> str:
    return _("%(donor)s claims %(ref)s until %(until)s.") % {
        "donor": claim.donor.name,
        "ref": claim.requirement.reference,
        "until": f"{date_format(claim.expires_at, 'SHORT_DATETIME_FORMAT')} UTC",
    }


@login_required
@require_POST
def claim_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    version = request.POST.get("version")
    return write_and_redirect(
        request,
        lambda: or_404(
            claim_release,
            actor=user,
            claim_id=pk,
            expected_version=int(version) if version and version.isdigit() else None,
        ),
        done=lambda claim: (
            _("Claim of %(donor)s on %(ref)s released.")
            % {"donor": claim.donor.name, "ref": ref_label(claim, "requirement")}
        ),
        to="planning:claims",
    )


@login_required
def report(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    found = planning_report(user=user)
    if wants_download(request):
        return download_response(
            request,
            "over-coverage.csv",
            downloads.OVER_HEADER,
            downloads.over_coverage_rows(found),
        )
    return _render(request, "planning/report.html", user, {"report": found})
