"""The planner's pages: write and edit a requirement, move it along its workflow.

The list and the detail page show coverage by pledges: nsatu.dashboards serves them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.core.web import actor_of, or_404, write_and_redirect, write_from_form
from nsatu.needs import rules
from nsatu.needs.forms import RequirementEditForm, RequirementForm, TransitionForm
from nsatu.needs.selectors import requirement_edit_get, requirement_form_choices, requirement_get
from nsatu.needs.services import requirement_create, requirement_transition, requirement_update


@login_required
def requirement_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    if not rules.may_create(user):
        messages.error(
            request,
            _("Your role (%(role)s) may not write requirements.") % {"role": user.role_label},
        )
        return redirect("needs:list")
    choices = requirement_form_choices(user=user)
    form = RequirementForm(
        request.POST or None, item_types=choices.item_types, families=choices.families
    )
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
    user = actor_of(request)
    page = or_404(requirement_edit_get, user=user, pk=pk)
    requirement = page.requirement
    if request.method != "POST" and not page.may_edit:
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
    initial = {name: getattr(requirement, name) for name in rules.EDITABLE_FIELDS} | {
        "version": requirement.version
    }
    form = RequirementEditForm(
        request.POST or None,
        initial=initial,
        item_types=page.choices.item_types,
        families=page.choices.families,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in rules.EDITABLE_FIELDS}
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
    user = actor_of(request)
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
