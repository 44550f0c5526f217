"""The page of what an allocation run took from each joint production project (nsatu/planning/production.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from nsatu.core.web import actor_of, download_response, or_404, wants_download
from nsatu.planning import downloads
from nsatu.planning.production import run_latest_done, run_production_get


def _project(request: HttpRequest) -> int | None:
    value = request.GET.get("project", "")
    return int(value) if value.isdigit() else None


@login_required
def run_production(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = actor_of(request)
    page = or_404(run_production_get, user=user, pk=pk, project=_project(request))
    if wants_download(request):
        return download_response(
            request,
            f"run-{pk}-production.csv",
            downloads.PRODUCTION_HEADER,
            downloads.production_rows(page),
        )
    return render(request, "planning/run_production.html", {"p": page})


@login_required
def production_latest(request: HttpRequest) -> HttpResponse:
    run = run_latest_done(user=actor_of(request))
    if run is None:
        messages.info(request, _("No allocation run has finished yet."))
        return redirect("planning:runs")
    query = f"?project={_project(request)}" if _project(request) is not None else ""
    return redirect(reverse("planning:run_production", args=[run.pk]) + query)
