from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nsatu.core.actors import Role
from nsatu.core.errors import ConflictError, ValidationError
from nsatu.core.web import (
    SERVICE_ERRORS,
    error_text,
    form_errors_from,
    or_404,
    paginate,
    refuse,
)
from nsatu.needs.models import RequirementStatus
from nsatu.needs.selectors import requirement_list
from nsatu.parties.selectors import party_visible
from nsatu.planning import charts
from nsatu.planning.forms import ClaimForm, CompareForm, DecisionForm, LineFilterForm, RunForm
from nsatu.planning.selectors import (
    claim_get,
    claim_list,
    plan_line_get,
    plan_line_list,
    planning_report,
    run_compare,
    run_get,
    run_list,
    run_page_get,
)
from nsatu.planning.services import (
    allocation_run_create,
    claim_create,
    claim_release,
    plan_line_accept,
    plan_line_decline,
)

# Why the instance builder left a requirement or an offer out of a run (keys of instance_summary["left_out"]).
LEFT_OUT = {
    "no_item_type": gettext_lazy("requirements no catalogue item type can satisfy"),
    "already_delivered": gettext_lazy("requirements already met by deliveries"),
    "earmarked_elsewhere": gettext_lazy("pledges earmarked for a requirement outside the plan"),
    "no_item_type_or_quantity": gettext_lazy("in-kind pledges without an item type or quantity"),
    "funds_without_eur_value": gettext_lazy("funds pledges without a value in EUR"),
    "beyond_horizon": gettext_lazy("offers available only after the horizon"),
}


def _is(user: Any, role: str) -> bool:
    return bool(getattr(user, "role", None) == role)


@login_required
def run_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    may_start = _is(user, Role.COORDINATOR)
    form = RunForm(request.POST or None) if may_start else None
    if request.method == "POST":
        if form is None:
            messages.error(
                request,
                _("Your role (%(role)s) may not start allocation runs.")
                % {"role": user.role_label},
            )
            return redirect("planning:runs")
        if form.is_valid():
            try:
                with transaction.atomic():
                    run = allocation_run_create(actor=user, parameters=form.cleaned_data)
            except ValidationError as exc:
                if not form_errors_from(form, exc):
                    refuse(request, exc)
            except SERVICE_ERRORS as exc:
                refuse(request, exc)
            else:
                messages.success(request, _("Allocation run %(id)s started.") % {"id": run.pk})
                return redirect("planning:run", pk=run.pk)
    return render(
        request,
        "planning/run_list.html",
        {
            "page": paginate(request, run_list(user=user)),
            "form": form,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = or_404(run_page_get, user=request.user, pk=pk)
    left_out = page.run.instance_summary.get("left_out", {})
    return render(
        request,
        "planning/run_detail.html",
        {
            "p": page,
            "run": page.run,
            "left_out": [(LEFT_OUT.get(key, key), items) for key, items in left_out.items()],
            "coverage_chart": charts.coverage_chart(page.areas) if page.areas else None,
            "others": [
                r for r in run_list(user=request.user, status="done")[:20] if r.pk != page.run.pk
            ],
        },
    )


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel HTMX polls while the run is queued or running; at the end the page reloads."""
    run = or_404(run_get, user=request.user, pk=pk)
    response = render(request, "planning/_progress.html", {"run": run})
    if not run.is_active:
        response["HX-Refresh"] = "true"
    return response


@login_required
def run_compare_view(request: HttpRequest) -> HttpResponse:
    runs = [
        (r.pk, f"#{r.pk} · {r.created_at:%Y-%m-%d %H:%M}")
        for r in run_list(user=request.user, status="done")
    ]
    form = CompareForm(request.GET or None, runs=runs)
    comparison = None
    if form.is_bound and form.is_valid():
        try:
            comparison = run_compare(
                user=request.user, a=form.cleaned_data["a"], b=form.cleaned_data["b"]
            )
        except ValidationError as exc:
            refuse(request, exc)
    return render(request, "planning/compare.html", {"form": form, "c": comparison})


@login_required
def line_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    # A liaison sees its own nation's lines only; offering other donors as a filter would just list names.
    donors = party_visible(user=user).filter(kind="nation").order_by("name")
    if _is(user, Role.DONOR_LIAISON):
        donors = donors.filter(pk=user.party_id)
    filters = LineFilterForm(request.GET or None, donors=list(donors.values_list("code", "name")))
    criteria = filters.cleaned_data if filters.is_valid() else {}
    rows = plan_line_list(
        user=user,
        run=criteria.get("run") or None,
        donor=criteria.get("donor") or None,
        state=criteria.get("state") or None,
    )
    return render(
        request,
        "planning/line_list.html",
        {
            "filter_form": filters,
            "page": paginate(request, rows),
            "may_decide": _is(user, Role.DONOR_LIAISON),
        },
    )


@login_required
@require_POST
def line_decide(request: HttpRequest, pk: int) -> HttpResponse:
    line = or_404(plan_line_get, user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    back = request.POST.get("next") or ""
    if not form.is_valid():
        messages.error(
            request, _("Choose accept or decline for proposal %(id)s.") % {"id": line.pk}
        )
    else:
        decide = (
            plan_line_accept if form.cleaned_data["decision"] == "accept" else plan_line_decline
        )
        extra = {"reason": form.cleaned_data["reason"]} if decide is plan_line_decline else {}
        try:
            with transaction.atomic():
                decided = decide(
                    actor=request.user,  # type: ignore[arg-type]
                    line=line,
                    expected_version=form.cleaned_data["version"],
                    **extra,
                )
        except ConflictError as exc:
            refuse(request, exc)
        except SERVICE_ERRORS as exc:
            refuse(request, exc)
        else:
            messages.success(
                request,
                _("Proposal %(id)s (%(qty)s for %(ref)s) %(state)s.")
                % {
                    "id": decided.pk,
                    "qty": decided.quantity,
                    "ref": line.requirement.reference,
                    "state": decided.get_state_display().lower(),
                },
            )
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("planning:lines")


def _claim_form(request: HttpRequest) -> ClaimForm:
    user: Any = request.user
    return ClaimForm(
        request.POST or None,
        requirements=requirement_list(user=user, status=RequirementStatus.PUBLISHED),
        donors=party_visible(user=user).filter(kind="nation").order_by("name")
        if _is(user, Role.COORDINATOR)
        else None,
    )


@login_required
def claim_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    may_claim = user.role in (Role.COORDINATOR, Role.DONOR_LIAISON)
    form = _claim_form(request) if may_claim else None
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
            try:
                with transaction.atomic():
                    claim = claim_create(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                if not form_errors_from(form, exc):
                    refuse(request, exc)
            except SERVICE_ERRORS as exc:
                refuse(request, exc)
                status = 403
            else:
                messages.success(
                    request,
                    _("%(donor)s claims %(ref)s until %(until)s.")
                    % {
                        "donor": claim.donor.name,
                        "ref": claim.requirement.reference,
                        "until": f"{claim.expires_at:%Y-%m-%d %H:%M} UTC",
                    },
                )
                return redirect("planning:claims")
    now = timezone.now()
    return render(
        request,
        "planning/claims.html",
        {
            "form": form,
            "now": now,
            "live": claim_list(user=user, now=now, live=True),
            "past": paginate(request, claim_list(user=user, now=now, live=False)),
        },
        status=status,
    )


@login_required
@require_POST
def claim_release_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = or_404(claim_get, user=request.user, pk=pk)
    version = request.POST.get("version")
    try:
        with transaction.atomic():
            claim_release(
                actor=request.user,  # type: ignore[arg-type]
                claim=claim,
                expected_version=int(version) if version and version.isdigit() else None,
            )
    except SERVICE_ERRORS as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("Claim of %(donor)s on %(ref)s released.")
            % {"donor": claim.donor.name, "ref": claim.requirement.reference},
        )
    return redirect("planning:claims")


@login_required
def report(request: HttpRequest) -> HttpResponse:
    return render(request, "planning/report.html", {"report": planning_report(user=request.user)})
