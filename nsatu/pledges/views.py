from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Role
from nsatu.core.visibility import readable_releasabilities
from nsatu.core.web import (
    csv_response,
    or_404,
    paginate,
    wants_csv,
    write_and_redirect,
    write_from_form,
)
from nsatu.needs.models import RequirementStatus
from nsatu.needs.selectors import requirement_list
from nsatu.parties.selectors import party_visible
from nsatu.pledges.forms import (
    PledgeEditForm,
    PledgeFilterForm,
    PledgeForm,
    PledgeStatusForm,
    TrancheForm,
)
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.selectors import pledge_get, pledge_list, pledge_status_counts
from nsatu.pledges.services import (
    EDITABLE_FIELDS,
    IMPORTED_EDITABLE_FIELDS,
    pledge_create,
    pledge_set_status,
    pledge_update,
    tranche_add,
)
from nsatu.pledges.workflow import LADDER
from nsatu.sources.selectors import dataset_list

STATUS_LABELS = {
    PledgeStatus.COMMITTED: gettext_lazy("Mark committed"),
    PledgeStatus.ALLOCATED: gettext_lazy("Mark allocated"),
    PledgeStatus.DELIVERED: gettext_lazy("Mark delivered"),
    PledgeStatus.WITHDRAWN: gettext_lazy("Withdraw"),
}


def _may_write(user: Any, donor_id: int) -> bool:
    return bool(
        user.role == Role.COORDINATOR
        or (user.role == Role.DONOR_LIAISON and user.party_id == donor_id)
    )


def _status_actions(user: Any, pledge: Pledge) -> list[tuple[str, Any]]:
    """The buttons to offer; pledge_set_status remains the authority and refuses anything else."""
    if not _may_write(user, pledge.donor_id) or pledge.status not in LADDER:
        return []
    step = LADDER.index(pledge.status)
    targets = [LADDER[step + 1]] if step + 1 < len(LADDER) else []
    if pledge.status != PledgeStatus.DELIVERED:
        targets.append(PledgeStatus.WITHDRAWN)
    return [(t, STATUS_LABELS[PledgeStatus(t)]) for t in targets]


@login_required
def pledge_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filters = PledgeFilterForm(
        request.GET or None,
        donors=list(party_visible(user=user).order_by("name").values_list("code", "name")),
        datasets=list(dataset_list().values_list("key", "title")),
    )
    criteria = filters.cleaned_data if filters.is_valid() else {}
    rows = pledge_list(
        user=user,
        donor=criteria.get("donor") or None,
        status=criteria.get("status") or None,
        kind=criteria.get("kind") or None,
        dataset=criteria.get("dataset") or None,
        item_type=criteria.get("item_type") or None,
        search=criteria.get("q") or None,
    )
    if wants_csv(request):
        return csv_response(
            "pledges.csv",
            [
                "id",
                "donor_iso3",
                "donor",
                "recipient",
                "kind",
                "item_type",
                "description",
                "quantity",
                "amount",
                "currency",
                "value_eur",
                "status",
                "announced_on",
                "year",
                "requirement",
                "dataset",
                "source_row",
                "source_url",
            ],
            (
                [
                    p.pk,
                    p.donor.code,
                    p.donor.name,
                    p.recipient.code,
                    p.kind,
                    p.item_type.name if p.item_type else "",
                    p.description,
                    p.quantity,
                    p.amount,
                    p.currency,
                    p.value_eur,
                    p.status,
                    p.announced_on,
                    p.year,
                    p.requirement.reference if p.requirement else "",
                    p.dataset.key if p.dataset else "",
                    p.source_row,
                    p.source_url,
                ]
                for p in rows.iterator(chunk_size=500)
            ),
        )
    counts = pledge_status_counts(user=user)
    return render(
        request,
        "pledges/pledge_list.html",
        {
            "filter_form": filters,
            "page": paginate(request, rows),
            "status_counts": [
                (s, PledgeStatus(s).label, counts.get(s, 0))
                for s in [*LADDER, PledgeStatus.WITHDRAWN]
            ],
            "may_create": user.role in (Role.COORDINATOR, Role.DONOR_LIAISON),
        },
    )


def _detail(
    request: HttpRequest,
    pledge: Pledge,
    *,
    tranche_form: TrancheForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_write = _may_write(request.user, pledge.donor_id)
    return render(
        request,
        "pledges/pledge_detail.html",
        {
            "pledge": pledge,
            "actions": _status_actions(request.user, pledge),
            "may_write": may_write,
            "tranche_form": (tranche_form or TrancheForm())
            if may_write and pledge.status != PledgeStatus.WITHDRAWN
            else None,
        },
        status=status,
    )


@login_required
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, or_404(pledge_get, user=request.user, pk=pk))


def _choices(user: Any) -> dict[str, Any]:
    return {
        "item_types": item_type_visible(user=user).order_by("name"),
        "requirements": requirement_list(user=user, status=RequirementStatus.PUBLISHED),
    }


@login_required
def pledge_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in (Role.COORDINATOR, Role.DONOR_LIAISON):
        messages.error(
            request, _("Your role (%(role)s) may not record pledges.") % {"role": user.role_label}
        )
        return redirect("pledges:list")
    parties = party_visible(user=user).order_by("name")
    liaison = user.role == Role.DONOR_LIAISON
    form = PledgeForm(
        request.POST or None,
        initial={"donor": user.party.code if liaison else None, "recipient": "UKR"},
        donors=parties.filter(pk=user.party_id) if liaison else parties,
        recipients=parties,
        # A liaison pledges for its own party and may keep it to itself; the command records pledges of others.
        releasabilities=readable_releasabilities(user, owner_id=user.party_id if liaison else None),
        **_choices(user),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():

            def write() -> Pledge:
                return pledge_create(actor=user, **form.cleaned_data)

            pledge, status = write_from_form(request, form, write)
            if pledge is not None:
                messages.success(
                    request,
                    _("Pledge of %(donor)s recorded as %(status)s.")
                    % {"donor": pledge.donor.name, "status": pledge.get_status_display()},
                )
                return redirect("pledges:detail", pk=pledge.pk)
    return render(
        request, "pledges/pledge_form.html", {"form": form, "pledge": None}, status=status
    )


@login_required
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pledge = or_404(pledge_get, user=user, pk=pk)
    if request.method != "POST" and not _may_write(user, pledge.donor_id):
        # A POST still goes to the service, which refuses with its own reason.
        messages.error(
            request,
            _("Only the command or a liaison of %(donor)s may edit pledge %(id)s.")
            % {"donor": pledge.donor.name, "id": pledge.pk},
        )
        return redirect("pledges:detail", pk=pk)
    editable: tuple[str, ...] = IMPORTED_EDITABLE_FIELDS if pledge.dataset_id else EDITABLE_FIELDS
    if pledge.owner_id != user.party_id:
        # Only the owner decides who may read its pledge.
        editable = tuple(name for name in editable if name != "releasability")
    initial = {name: getattr(pledge, name) for name in editable} | {"version": pledge.version}
    choices = _choices(user)
    # The current earmark stays selectable even if its requirement has moved on from "published".
    if pledge.requirement_id is not None:
        choices["requirements"] |= requirement_list(user=user).filter(pk=pledge.requirement_id)
    form = PledgeEditForm(
        request.POST or None,
        initial=initial,
        editable=editable,
        releasabilities=readable_releasabilities(user, owner_id=pledge.owner_id),
        **choices,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            # Only what the user changed goes to the service, so an untouched earmark is not checked again.
            changes = {
                name: value
                for name, value in form.cleaned_data.items()
                if name != "version" and value != getattr(pledge, name)
            }
            saved, status = write_from_form(
                request,
                form,
                lambda: pledge_update(
                    actor=user,
                    pledge=pledge,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                ),
            )
            if saved is not None:
                messages.success(
                    request,
                    _("Pledge %(id)s of %(donor)s saved.")
                    % {"id": saved.pk, "donor": pledge.donor.name},
                )
                return redirect("pledges:detail", pk=saved.pk)
    return render(
        request, "pledges/pledge_form.html", {"form": form, "pledge": pledge}, status=status
    )


@login_required
@require_POST
def pledge_tranche_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pledge = or_404(pledge_get, user=user, pk=pk)
    form = TrancheForm(request.POST)
    if form.is_valid():
        tranche, status = write_from_form(
            request, form, lambda: tranche_add(actor=user, pledge=pledge, **form.cleaned_data)
        )
        if tranche is not None:
            messages.success(
                request,
                _("Tranche available from %(date)s added to pledge %(id)s.")
                % {"date": tranche.available_from.isoformat(), "id": pledge.pk},
            )
            return redirect("pledges:detail", pk=pk)
    else:
        status = 400
    if status == 403:
        return redirect("pledges:detail", pk=pk)
    return _detail(request, pledge, tranche_form=form, status=status)


@login_required
@require_POST
def pledge_status(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pledge = or_404(pledge_get, user=user, pk=pk)
    form = PledgeStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status for pledge %(id)s.") % {"id": pledge.pk})
        return redirect("pledges:detail", pk=pk)
    return write_and_redirect(
        request,
        lambda: pledge_set_status(
            actor=user,
            pledge=pledge,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
        ),
        done=lambda changed: (
            _("Pledge %(id)s of %(donor)s is now %(status)s.")
            % {"id": changed.pk, "donor": pledge.donor.name, "status": changed.get_status_display()}
        ),
        to="pledges:detail",
        pk=pk,
    )
