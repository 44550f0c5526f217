from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nsatu.catalogue.selectors import ammunition_family_list, item_type_visible
from nsatu.core.actors import Role
from nsatu.core.web import (
    csv_response,
    or_404,
    paginate,
    wants_csv,
    write_and_redirect,
    write_from_form,
)
from nsatu.needs.forms import (
    RequirementEditForm,
    RequirementFilterForm,
    RequirementForm,
    TransitionForm,
)
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.selectors import requirement_get, requirement_list
from nsatu.needs.services import requirement_create, requirement_transition, requirement_update
from nsatu.needs.workflow import EDITABLE_STATUSES, allowed_targets
from nsatu.pledges.selectors import pledge_list, requirement_coverage

# The verb on each workflow button, by target status.
ACTION_LABELS = {
    RequirementStatus.SUBMITTED: gettext_lazy("Submit for validation"),
    RequirementStatus.DRAFT: gettext_lazy("Return to draft"),
    RequirementStatus.VALIDATED: gettext_lazy("Validate"),
    RequirementStatus.PUBLISHED: gettext_lazy("Publish"),
    RequirementStatus.CLOSED: gettext_lazy("Close"),
    RequirementStatus.CANCELLED: gettext_lazy("Cancel requirement"),
}
FORM_FIELDS = (
    "title",
    "capability_area",
    "item_type",
    "ammunition_family",
    "description",
    "quantity",
    "unit",
    "priority",
    "needed_by",
    "releasability",
)


def _form_choices(user: Any) -> dict[str, Any]:
    return {
        "item_types": item_type_visible(user=user).order_by("name"),
        "families": ammunition_family_list(),
    }


def _may_edit(user: Any, requirement: Requirement) -> bool:
    return bool(
        user.role == Role.RECIPIENT_PLANNER
        and requirement.owner_id == user.party_id
        and requirement.status in EDITABLE_STATUSES
    )


@login_required
def requirement_index(request: HttpRequest) -> HttpResponse:
    filters = RequirementFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    rows = requirement_list(
        user=request.user,
        status=criteria.get("status") or None,
        capability_area=criteria.get("capability_area") or None,
        search=criteria.get("q") or None,
    )
    if wants_csv(request):
        everything = list(rows)
        cov = requirement_coverage(user=request.user, requirements=everything)
        return csv_response(
            "requirements.csv",
            [
                "reference",
                "title",
                "capability_area",
                "priority",
                "needed_by",
                "quantity",
                "unit",
                "status",
                "firm",
                "announced",
                "illustrative",
            ],
            (
                [
                    r.reference,
                    r.title,
                    r.capability_area,
                    r.priority,
                    r.needed_by,
                    r.quantity,
                    r.unit,
                    r.status,
                    cov[r.pk].firm,
                    cov[r.pk].announced,
                    r.illustrative,
                ]
                for r in everything
            ),
        )
    page = paginate(request, rows)
    coverage = requirement_coverage(user=request.user, requirements=list(page.object_list))
    return render(
        request,
        "needs/requirement_list.html",
        {
            "filter_form": filters,
            "page": page,
            "coverage": coverage,
            "may_create": request.user.role == Role.RECIPIENT_PLANNER,  # type: ignore[union-attr]
        },
    )


@login_required
def requirement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = or_404(requirement_get, user=request.user, pk=pk)
    user: Any = request.user
    targets = allowed_targets(
        role=user.role,
        actor_party_id=user.party_id,
        owner_id=requirement.owner_id,
        status=requirement.status,
    )
    pledges = paginate(request, pledge_list(user=user, requirement=requirement.pk))
    return render(
        request,
        "needs/requirement_detail.html",
        {
            "requirement": requirement,
            "coverage": requirement_coverage(user=user, requirements=[requirement])[requirement.pk],
            "actions": [(t, ACTION_LABELS[RequirementStatus(t)]) for t in targets],
            "may_edit": _may_edit(user, requirement),
            "pledges": pledges,
        },
    )


@login_required
def requirement_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role != Role.RECIPIENT_PLANNER:
        messages.error(
            request,
            _("Your role (%(role)s) may not write requirements.") % {"role": user.role_label},
        )
        return redirect("needs:list")
    form = RequirementForm(request.POST or None, **_form_choices(user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            requirement, status = write_from_form(
                request, form, lambda: requirement_create(actor=user, **form.cleaned_data)
            )
            if requirement is not None:
                messages.success(
                    request,
                    _("Requirement %(ref)s created as a draft. Submit it when it is complete.")
                    % {"ref": requirement.reference},
                )
                return redirect("needs:detail", pk=requirement.pk)
    return render(
        request, "needs/requirement_form.html", {"form": form, "requirement": None}, status=status
    )


@login_required
def requirement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    requirement = or_404(requirement_get, user=user, pk=pk)
    if request.method != "POST" and not _may_edit(user, requirement):
        # A POST still goes to the service, which refuses with its own reason.
        messages.error(
            request,
            _(
                "Only a planner of the owning party may edit requirement %(ref)s, and only while "
                "it is a draft."
            )
            % {"ref": requirement.reference},
        )
        return redirect("needs:detail", pk=pk)
    initial = {name: getattr(requirement, name) for name in FORM_FIELDS} | {
        "version": requirement.version
    }
    form = RequirementEditForm(request.POST or None, initial=initial, **_form_choices(user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in FORM_FIELDS}
            saved, status = write_from_form(
                request,
                form,
                lambda: requirement_update(
                    actor=user,
                    requirement=requirement,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                ),
            )
            if saved is not None:
                messages.success(
                    request, _("Requirement %(ref)s saved.") % {"ref": saved.reference}
                )
                return redirect("needs:detail", pk=saved.pk)
    return render(
        request,
        "needs/requirement_form.html",
        {"form": form, "requirement": requirement},
        status=status,
    )


@login_required
@require_POST
def requirement_move(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    requirement = or_404(requirement_get, user=user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose a valid target status for requirement %(ref)s.")
            % {"ref": requirement.reference},
        )
        return redirect("needs:detail", pk=pk)
    return write_and_redirect(
        request,
        lambda: requirement_transition(
            actor=user,
            requirement=requirement,
            to_status=form.cleaned_data["to_status"],
            expected_version=form.cleaned_data["version"],
        ),
        done=lambda moved: (
            _("Requirement %(ref)s is now %(status)s.")
            % {"ref": moved.reference, "status": moved.get_status_display()}
        ),
        to="needs:detail",
        pk=pk,
    )
