from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nsatu.core.paging import sort_of
from nsatu.core.web import (
    actor_of,
    download_response,
    or_404,
    paginate,
    refused_by,
    wants_download,
    write_and_redirect,
    write_from_form,
)
from nsatu.roadmap import rules
from nsatu.roadmap.forms import (
    MilestoneCreateForm,
    MilestoneEditForm,
    MilestoneFilterForm,
    MilestoneLinkForm,
)
from nsatu.roadmap.rows import MILESTONE_LABELS, milestone_table_rows
from nsatu.roadmap.selectors import (
    MilestonePage,
    milestone_form_choices,
    milestone_link_get,
    milestone_list,
    milestone_page_get,
    milestone_summary_get,
    milestone_timeline,
)
from nsatu.roadmap.services import (
    milestone_create,
    milestone_link,
    milestone_unlink,
    milestone_update,
)

SORTS = {
    "due": ("due_date", "title"),
    "title": ("title",),
    "area": ("area",),
    "owner": ("owner__name",),
    "status": ("status",),
}


@login_required
def milestone_index(request: HttpRequest) -> HttpResponseBase:
    """The timeline: milestones by due date, grouped by quarter, overdue ones flagged."""
    user = actor_of(request)
    filters = MilestoneFilterForm(request.GET or None)
    sort = sort_of(request.GET.get("sort"), SORTS, default="due")
    milestones = milestone_list(user=user, **filters.criteria(), order=sort.fields)
    if wants_download(request):
        return download_response(
            request, "milestones.csv", MILESTONE_LABELS, milestone_table_rows(milestones)
        )
    page = paginate(request, milestones)
    return render(
        request,
        "roadmap/timeline.html",
        {
            "filter_form": filters,
            "page": page,
            "groups": milestone_timeline(list(page.object_list)),
            # Quarters head the rows only when they follow the due dates.
            "by_quarter": sort.key == "due",
            "sort": sort,
            "may_register": rules.may_register(user),
            "csv": True,
        },
    )


@login_required
def milestone_summary(request: HttpRequest) -> HttpResponseBase:
    summary = milestone_summary_get(user=actor_of(request))
    if wants_download(request):
        header = [
            gettext_lazy("Area"),
            *(str(label) for _v, label in summary.statuses),
            gettext_lazy("Total"),
        ]
        rows = [[label, *counts, total] for label, counts, total in summary.rows()]
        return download_response(request, "milestone-summary.csv", header, rows)
    return render(request, "roadmap/summary.html", {"summary": summary})


@login_required
def milestone_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    refused = refused_by(request, rules.check_register, user, to="roadmap:timeline")
    if refused is not None:
        return refused
    choices = milestone_form_choices(user=user)
    form = MilestoneCreateForm(
        request.POST or None, parties=choices.parties, coalitions=choices.coalitions
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            milestone, status = write_from_form(
                request, form, lambda: milestone_create(actor=user, **data)
            )
            if milestone is not None:
                messages.success(request, _("Milestone registered."))
                return redirect("roadmap:detail", pk=milestone.pk)
    return render(request, "roadmap/milestone_form.html", {"form": form}, status=status)


@login_required
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(milestone_page_get, user=user, pk=pk)
    m = page.milestone
    if not page.may_edit:
        messages.error(request, _("You may not edit this milestone."))
        return redirect("roadmap:detail", pk=pk)
    initial = {f: getattr(m, f) for f in ("title", "area", "due_date", "status", "evidence")}
    initial |= {"evidence_url": m.evidence_url, "coalition": m.coalition_id, "version": m.version}
    form = MilestoneEditForm(
        request.POST or None,
        initial=initial,
        coalitions=milestone_form_choices(user=user).coalitions,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            done, status = write_from_form(
                request,
                form,
                lambda: milestone_update(actor=user, milestone=m, expected_version=version, **data),
            )
            if done is not None:
                messages.success(request, _("Milestone saved."))
                return redirect("roadmap:detail", pk=pk)
    return render(
        request, "roadmap/milestone_form.html", {"form": form, "milestone": m}, status=status
    )


def _link_form(page: MilestonePage, data: object = None) -> MilestoneLinkForm:
    return MilestoneLinkForm(
        data, pledges=page.pledges, courses=page.courses, agreements=page.agreements
    )


def _detail(
    request: HttpRequest, page: MilestonePage, form: MilestoneLinkForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "roadmap/milestone_detail.html",
        {
            "milestone": page.milestone,
            "links": page.links,
            "may_edit": page.may_edit,
            "overdue": page.overdue,
            "form": form,
        },
        status=status,
    )


@login_required
def milestone_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = or_404(milestone_page_get, user=actor_of(request), pk=pk)
    return _detail(request, page, _link_form(page))


@login_required
@require_POST
def milestone_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(milestone_page_get, user=user, pk=pk)
    form = _link_form(page, request.POST)
    status = 400
    if form.is_valid():
        link, status = write_from_form(
            request,
            form,
            lambda: milestone_link(actor=user, milestone=page.milestone, **form.cleaned_data),
        )
        if link is not None:
            messages.success(request, _("Linked to this milestone."))
            return redirect("roadmap:detail", pk=pk)
    return _detail(request, page, form, status=status)


@login_required
@require_POST
def milestone_unlink_view(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    user = actor_of(request)
    link = or_404(milestone_link_get, user=user, milestone=pk, pk=link_pk)
    return write_and_redirect(
        request,
        lambda: milestone_unlink(actor=user, link=link),
        done=lambda _none: _("Link removed."),
        to="roadmap:detail",
        pk=pk,
    )
