from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
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
from nsatu.council import rules
from nsatu.council.drafts import ActionDraft
from nsatu.council.forms import (
    ActionFilterForm,
    ActionFormSet,
    ActionLinkForm,
    ActionStatusForm,
    DecisionForm,
    MeetingFilterForm,
    MeetingForm,
)
from nsatu.council.rows import (
    ACTION_LABELS,
    MEETING_LABELS,
    action_table_rows,
    meeting_table_rows,
)
from nsatu.council.selectors import (
    ActionPage,
    DecisionChoices,
    action_link_get,
    action_list,
    action_page_get,
    decision_form_choices,
    meeting_form_choices,
    meeting_list,
    meeting_page_get,
)
from nsatu.council.services import (
    action_link,
    action_status_set,
    action_unlink,
    decision_register,
    meeting_create,
)

MEETING_SORTS = {
    "date": ("date",),
    "place": ("place",),
    "level": ("level",),
    "title": ("title",),
}


@login_required
def meeting_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    filters = MeetingFilterForm(request.GET or None)
    sort = sort_of(request.GET.get("sort"), MEETING_SORTS, default="-date")
    meetings = meeting_list(user=user, **filters.criteria(), order=sort.fields)
    if wants_download(request):
        return download_response(
            request, "council-meetings.csv", MEETING_LABELS, meeting_table_rows(meetings)
        )
    return render(
        request,
        "council/meeting_list.html",
        {
            "filter_form": filters,
            "page": paginate(request, meetings),
            "sort": sort,
            "may_register": rules.may_register(user),
            "csv": True,
        },
    )


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    refused = refused_by(request, rules.check_register, user, to="council:meetings")
    if refused is not None:
        return refused
    form = MeetingForm(request.POST or None, parties=meeting_form_choices(user=user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            meeting, status = write_from_form(
                request, form, lambda: meeting_create(actor=user, **data)
            )
            if meeting is not None:
                messages.success(request, _("Meeting registered."))
                return redirect("council:meeting", pk=meeting.pk)
    return render(request, "council/meeting_form.html", {"form": form}, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    page = or_404(meeting_page_get, user=actor_of(request), pk=pk)
    if wants_download(request):
        actions = [a for row in page.decisions for a in row.actions]
        return download_response(
            request,
            f"council-meeting-{page.meeting.date:%Y-%m-%d}-actions.csv",
            ACTION_LABELS,
            action_table_rows(actions),
        )
    return render(
        request,
        "council/meeting_detail.html",
        {"meeting": page.meeting, "decisions": page.decisions, "may_register": page.may_register},
    )


def _action_formset(choices: DecisionChoices, data: Any = None) -> Any:
    return ActionFormSet(
        data,
        prefix="actions",
        form_kwargs={
            "parties": choices.parties,
            "milestones": choices.milestones,
            "pledges": choices.pledges,
            "agreements": choices.agreements,
        },
    )


def _drafts(formset: Any) -> list[ActionDraft]:
    return [
        ActionDraft(
            title=row["title"],
            owner=row["owner"],
            due_date=row.get("due_date"),
            milestone=row.get("milestone"),
            pledge=row.get("pledge"),
            agreement=row.get("agreement"),
        )
        for row in formset.cleaned_data
        if row.get("title")
    ]


@login_required
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a decision of a meeting with the actions it tasks, in one form and one write."""
    user = actor_of(request)
    refused = refused_by(request, rules.check_register, user, to="council:meeting", pk=pk)
    if refused is not None:
        return refused
    choices = or_404(decision_form_choices, user=user, meeting=pk)
    form = DecisionForm(request.POST or None)
    formset = _action_formset(choices, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            decision, status = write_from_form(
                request,
                form,
                lambda: decision_register(
                    actor=user, meeting=choices.meeting, actions=_drafts(formset), **data
                ),
            )
            if decision is not None:
                messages.success(request, _("Decision registered with its actions."))
                return redirect("council:meeting", pk=pk)
    return render(
        request,
        "council/decision_form.html",
        {"meeting": choices.meeting, "form": form, "formset": formset},
        status=status,
    )


ACTION_SORTS = {
    "due": ("due_date",),
    "action": ("title",),
    "owner": ("owner__name",),
    "status": ("status",),
    "meeting": ("decision__meeting__date",),
}


@login_required
def action_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    filters = ActionFilterForm(request.GET or None)
    sort = sort_of(request.GET.get("sort"), ACTION_SORTS, default="due")
    actions = action_list(user=user, **filters.criteria(), order=sort.fields)
    if wants_download(request):
        return download_response(
            request, "council-actions.csv", ACTION_LABELS, action_table_rows(actions)
        )
    return render(
        request,
        "council/action_list.html",
        {"filter_form": filters, "page": paginate(request, actions), "sort": sort, "csv": True},
    )


def _action_detail(
    request: HttpRequest,
    page: ActionPage,
    *,
    link_form: ActionLinkForm | None = None,
    status_form: ActionStatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    a = page.action
    return render(
        request,
        "council/action_detail.html",
        {
            "action": a,
            "links": page.links,
            "may_report": page.may_report,
            "may_link": page.may_link,
            "link_form": link_form or _link_form(page),
            "status_form": status_form
            or ActionStatusForm(initial={"status": a.status, "version": a.version}),
        },
        status=status,
    )


def _link_form(page: ActionPage, data: Any = None) -> ActionLinkForm:
    return ActionLinkForm(
        data, milestones=page.milestones, pledges=page.pledges, agreements=page.agreements
    )


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_detail(request, or_404(action_page_get, user=actor_of(request), pk=pk))


@login_required
@require_POST
def action_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(action_page_get, user=user, pk=pk)
    form = ActionStatusForm(request.POST)
    status = 400
    if form.is_valid():
        done, status = write_from_form(
            request,
            form,
            lambda: action_status_set(
                actor=user,
                action=page.action,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done is not None:
            messages.success(request, _("Action status saved."))
            return redirect("council:action", pk=pk)
    return _action_detail(request, page, status_form=form, status=status)


@login_required
@require_POST
def action_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    page = or_404(action_page_get, user=user, pk=pk)
    form = _link_form(page, request.POST)
    status = 400
    if form.is_valid():
        link, status = write_from_form(
            request, form, lambda: action_link(actor=user, action=page.action, **form.cleaned_data)
        )
        if link is not None:
            messages.success(request, _("Linked to this action."))
            return redirect("council:action", pk=pk)
    return _action_detail(request, page, link_form=form, status=status)


@login_required
@require_POST
def action_unlink_view(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    user = actor_of(request)
    link = or_404(action_link_get, user=user, action=pk, pk=link_pk)
    return write_and_redirect(
        request,
        lambda: action_unlink(actor=user, link=link),
        done=lambda _none: _("Link removed."),
        to="council:action",
        pk=pk,
    )
