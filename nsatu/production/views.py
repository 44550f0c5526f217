from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.core.actors import Actor
from nsatu.core.paging import sort_of
from nsatu.core.web import actor_of, download_response, or_404, wants_download, write_from_form
from nsatu.production import rules
from nsatu.production.forms import (
    CapacityForm,
    FundingForm,
    PartnerForm,
    ProjectFilterForm,
    ProjectForm,
    StatusForm,
)
from nsatu.production.selectors import (
    ProjectPage,
    joint_project_export_rows,
    joint_project_index_get,
    joint_project_page_get,
    project_form_choices,
)
from nsatu.production.services import (
    joint_project_create,
    joint_project_update,
    project_capacity_set,
    project_funding_add,
    project_partner_add,
)
from nsatu.production.tables import PAGE_HEADER, page_row

# Columns the list sorts by (core.paging.sort_of), each with its tie-breaker.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "status": ("status", "name"),
    "lead": ("owner__code", "name"),
    "start": ("first_month", "name"),
    "announced": ("announced_on", "name"),
}


@login_required
def project_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    filters = ProjectFilterForm(request.GET or None)
    chosen = {
        k: (filters.cleaned_data.get(k) or None) if filters.is_valid() else None
        for k in ("status", "item_type", "partner")
    }
    sort = sort_of(request.GET.get("sort"), SORTS, default="name")
    if wants_download(request):
        rows = joint_project_export_rows(user=user, order=sort.fields, **chosen)
        return download_response(request, "joint-production.csv", PAGE_HEADER, map(page_row, rows))
    index = joint_project_index_get(
        user=user, page=request.GET.get("page"), order=sort.fields, **chosen
    )
    return render(
        request,
        "production/project_list.html",
        {
            "filter_form": filters,
            "page": index.page,
            "may_create": index.may_create,
            "sort": sort,
        },
    )


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    if not rules.may_create(user):
        messages.error(request, _("Only the command registers joint production projects."))
        return redirect("production:list")
    choices = project_form_choices(user=user)
    form = ProjectForm(
        request.POST or None,
        parties=choices.parties,
        item_types=choices.item_types,
        releasabilities=choices.releasabilities,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            project, status = write_from_form(
                request, form, lambda: joint_project_create(actor=user, **form.cleaned_data)
            )
            if project is not None:
                messages.success(request, _("Project “%(n)s” registered.") % {"n": project.name})
                return redirect("production:detail", pk=project.pk)
    return render(request, "production/project_form.html", {"form": form}, status=status)


def _forms(user: Actor, page: ProjectPage, data: Any = None, which: str = "") -> dict[str, Any]:
    choices = project_form_choices(user=user)
    project = page.project
    return {
        "status_form": StatusForm(
            data if which == "status" else None,
            initial={"status": project.status, "version": project.version},
        ),
        "partner_form": PartnerForm(data if which == "partner" else None, parties=choices.parties),
        "capacity_form": CapacityForm(data if which == "capacity" else None),
        "funding_form": FundingForm(
            data if which == "funding" else None, pledges=choices.pledges, flows=choices.flows
        ),
    }


def _page(
    request: HttpRequest,
    pk: int,
    which: str = "",
    write: Callable[[Actor, ProjectPage, Any], Any] | None = None,
) -> HttpResponse:
    """The project page; on a POST of one of its forms, that form's one write (the form re-shown on a refusal)."""
    user = actor_of(request)
    page = or_404(joint_project_page_get, user=user, pk=pk)
    forms = _forms(user, page, request.POST if which else None, which)
    status = 200
    if which and write is not None:
        form = forms[f"{which}_form"]
        status = 400
        if form.is_valid():
            done, status = write_from_form(
                request, form, lambda: write(user, page, form.cleaned_data)
            )
            if done is not None:
                messages.success(request, _("Project updated."))
                return redirect("production:detail", pk=pk)
    return render(request, "production/project_detail.html", {"p": page, **forms}, status=status)


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, pk)


@login_required
@require_POST
def project_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(
        request,
        pk,
        "status",
        lambda user, page, data: joint_project_update(
            actor=user,
            project=page.project,
            changes={"status": data["status"]},
            expected_version=data.get("version"),
        ),
    )


@login_required
@require_POST
def project_partner(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(
        request,
        pk,
        "partner",
        lambda user, page, data: project_partner_add(actor=user, project=page.project, **data),
    )


@login_required
@require_POST
def project_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(
        request,
        pk,
        "capacity",
        lambda user, page, data: project_capacity_set(actor=user, project=page.project, **data),
    )


@login_required
@require_POST
def project_funding(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(
        request,
        pk,
        "funding",
        lambda user, page, data: project_funding_add(actor=user, project=page.project, **data),
    )
