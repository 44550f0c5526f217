from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nsatu.accounts.models import Role
from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.errors import ValidationError
from nsatu.dashboards.web import (
    SERVICE_ERRORS,
    csv_response,
    form_errors_from,
    or_404,
    paginate,
    refuse,
    wants_csv,
)
from nsatu.needs.models import RequirementStatus
from nsatu.needs.selectors import requirement_list
from nsatu.parties.selectors import party_visible
from nsatu.pledges.forms import PledgeFilterForm, PledgeForm, PledgeStatusForm
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.selectors import pledge_get, pledge_list, pledge_status_counts
from nsatu.pledges.services import LADDER, pledge_create, pledge_set_status
from nsatu.sources.selectors import dataset_list

STATUS_LABELS = {
    PledgeStatus.COMMITTED: gettext_lazy("Mark committed"),
    PledgeStatus.ALLOCATED: gettext_lazy("Mark allocated"),
    PledgeStatus.DELIVERED: gettext_lazy("Mark delivered"),
    PledgeStatus.WITHDRAWN: gettext_lazy("Withdraw"),
}


def _may_write(user: Any, donor_id: int) -> bool:
    return bool(user.role == Role.COORDINATOR or (user.role == Role.DONOR_LIAISON and user.party_id == donor_id))


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
    rows = pledge_list(user=user, donor=criteria.get("donor") or None, status=criteria.get("status") or None,
                       kind=criteria.get("kind") or None, dataset=criteria.get("dataset") or None,
                       item_type=criteria.get("item_type") or None, search=criteria.get("q") or None)
    if wants_csv(request):
        return csv_response("pledges.csv", [
            "id", "donor_iso3", "donor", "recipient", "kind", "item_type", "description", "quantity", "amount",
            "currency", "value_eur", "status", "announced_on", "year", "requirement", "dataset", "source_row",
            "source_url"], (
            [p.pk, p.donor.code, p.donor.name, p.recipient.code, p.kind, p.item_type.name if p.item_type else "",
             p.description, p.quantity, p.amount, p.currency, p.value_eur, p.status, p.announced_on, p.year,
             p.requirement.reference if p.requirement else "", p.dataset.key if p.dataset else "", p.source_row,
             p.source_url] for p in rows.iterator(chunk_size=500)))
    counts = pledge_status_counts(user=user)
    return render(request, "pledges/pledge_list.html", {
        "filter_form": filters, "page": paginate(request, rows),
        "status_counts": [(s, PledgeStatus(s).label, counts.get(s, 0)) for s in [*LADDER, PledgeStatus.WITHDRAWN]],
        "may_create": user.role in (Role.COORDINATOR, Role.DONOR_LIAISON),
    })


@login_required
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = or_404(pledge_get, user=request.user, pk=pk)
    return render(request, "pledges/pledge_detail.html", {
        "pledge": pledge, "actions": _status_actions(request.user, pledge),
    })


@login_required
def pledge_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in (Role.COORDINATOR, Role.DONOR_LIAISON):
        messages.error(request, _("Your role (%(role)s) may not record pledges.") % {"role": user.role_label})
        return redirect("pledges:list")
    parties = party_visible(user=user).order_by("name")
    form = PledgeForm(
        request.POST or None,
        initial={"donor": user.party.code if user.role == Role.DONOR_LIAISON else None, "recipient": "UKR"},
        donors=parties.filter(pk=user.party_id) if user.role == Role.DONOR_LIAISON else parties,
        recipients=parties,
        item_types=item_type_visible(user=user).order_by("name"),
        requirements=requirement_list(user=user, status=RequirementStatus.PUBLISHED),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                pledge = pledge_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            if not form_errors_from(form, exc):
                refuse(request, exc)
        except SERVICE_ERRORS as exc:
            refuse(request, exc)
        else:
            messages.success(request, _("Pledge of %(donor)s recorded as %(status)s.")
                             % {"donor": pledge.donor.name, "status": pledge.get_status_display()})
            return redirect("pledges:detail", pk=pledge.pk)
    return render(request, "pledges/pledge_form.html", {"form": form}, status=400 if form.is_bound else 200)


@login_required
@require_POST
def pledge_status(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = or_404(pledge_get, user=request.user, pk=pk)
    form = PledgeStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status for pledge %(id)s.") % {"id": pledge.pk})
        return redirect("pledges:detail", pk=pk)
    try:
        with transaction.atomic():
            changed = pledge_set_status(actor=request.user, pledge=pledge,  # type: ignore[arg-type]
                                        status=form.cleaned_data["status"],
                                        expected_version=form.cleaned_data["version"])
    except SERVICE_ERRORS as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("Pledge %(id)s of %(donor)s is now %(status)s.")
                         % {"id": changed.pk, "donor": pledge.donor.name, "status": changed.get_status_display()})
    return redirect("pledges:detail", pk=pk)
