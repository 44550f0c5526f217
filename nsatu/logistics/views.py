"""Pages of the logistics app: shipment board, shipment detail with its lifecycle and receipt, hubs (map and
throughput), repair orders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Role
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.core.web import error_text, or_404, write_and_redirect, write_from_form
from nsatu.logistics.charts import throughput_chart
from nsatu.logistics.forms import (
    AdvanceForm,
    BoardFilterForm,
    ReceiptForm,
    RepairForm,
    RepairStatusForm,
    ShipmentForm,
)
from nsatu.logistics.models import ShipmentStatus
from nsatu.logistics.selectors import (
    ShipmentView,
    hub_by_name,
    hub_list,
    hub_map_data,
    hub_throughput,
    repair_order_get,
    repair_order_list,
    shipment_board,
    shipment_detail,
    shipment_donor_choices,
    shipment_form_choices,
    shipment_recipient,
)
from nsatu.logistics.services import (
    CountInput,
    DiscrepancyInput,
    LineInput,
    receipt_record,
    repair_order_create,
    repair_order_set_status,
    shipment_advance,
    shipment_create,
    shipments_notify_late,
)
from nsatu.parties.selectors import party_visible

NEXT_STEP = {
    ShipmentStatus.PLANNED: ShipmentStatus.DISPATCHED,
    ShipmentStatus.DISPATCHED: ShipmentStatus.AT_HUB,
    ShipmentStatus.AT_HUB: ShipmentStatus.HANDED_OVER,
}


def _donor_side(user: Any, donor_id: int) -> bool:
    return bool(
        user.role == Role.COORDINATOR
        or (user.role == Role.DONOR_LIAISON and user.party_id == donor_id)
    )


@login_required
def shipment_board_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    donors = shipment_donor_choices(user=user)
    filters = BoardFilterForm(request.GET or None, donors=donors)
    donor = filters.cleaned_data.get("donor") if filters.is_valid() else None
    context = {
        "columns": shipment_board(user=user, donor=donor or None),
        "filter_form": filters,
        "may_create": user.role in (Role.COORDINATOR, Role.DONOR_LIAISON),
        "may_check_late": user.role == Role.COORDINATOR,
    }
    template = "logistics/_board.html" if request.htmx else "logistics/board.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _detail(
    request: HttpRequest,
    view: ShipmentView,
    *,
    advance_form: AdvanceForm | None = None,
    receipt_form: ReceiptForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    shipment = view.shipment
    step = NEXT_STEP.get(ShipmentStatus(shipment.status))
    may_advance = step is not None and _donor_side(user, shipment.donor_id)
    may_receive = (
        user.role == Role.RECIPIENT_PLANNER
        and user.party_id == shipment.recipient_id
        and shipment.status in (ShipmentStatus.HANDED_OVER, ShipmentStatus.RECEIVED)
        and any(lv.outstanding > 0 for lv in view.lines)
    )
    if may_advance and advance_form is None:
        advance_form = AdvanceForm(initial={"status": step, "version": shipment.version})
    if may_receive and receipt_form is None:
        receipt_form = ReceiptForm(
            initial={"version": shipment.version},
            line_ids=[(lv.line.pk, lv.line.item_type.name) for lv in view.lines],
        )
    return render(
        request,
        "logistics/shipment_detail.html",
        {
            "view": view,
            "shipment": shipment,
            "next_step": step,
            "next_label": ShipmentStatus(step).label if step else "",
            "advance_form": advance_form if may_advance else None,
            "receipt_form": receipt_form if may_receive else None,
        },
        status=status,
    )


@login_required
def shipment_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, or_404(shipment_detail, user=request.user, pk=pk))


def _write(request: HttpRequest, write: Any) -> tuple[Any, int]:
    """Run one service write; a refusal becomes a message and the status to show the page with."""
    try:
        with transaction.atomic():
            return write(), 200
    except ConflictError as exc:
        messages.error(request, error_text(exc))
        return None, 409
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return None, 400
    except PermissionDenied as exc:
        messages.error(request, error_text(exc))
        return None, 403


@login_required
@require_POST
def shipment_advance_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    view = or_404(shipment_detail, user=user, pk=pk)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return _detail(request, view, advance_form=form, status=400)
    done, status = _write(
        request,
        lambda: shipment_advance(
            actor=user,
            shipment=view.shipment,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            expected_version=form.cleaned_data["version"],
        ),
    )
    if done is None:
        return _detail(
            request, or_404(shipment_detail, user=user, pk=pk), advance_form=form, status=status
        )
    messages.success(
        request,
        _("%(ref)s is now %(status)s.")
        % {"ref": done.reference, "status": done.get_status_display()},
    )
    return redirect("logistics:detail", pk=pk)


@login_required
@require_POST
def shipment_receipt_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    view = or_404(shipment_detail, user=user, pk=pk)
    lines = {lv.line.pk: lv.line for lv in view.lines}
    form = ReceiptForm(
        request.POST, line_ids=[(pk_, line.item_type.name) for pk_, line in lines.items()]
    )
    if not form.is_valid():
        return _detail(request, view, receipt_form=form, status=400)
    data = form.cleaned_data
    counts = [
        CountInput(
            line,
            data.get(f"accepted_{line_pk}") or 0,
            [
                DiscrepancyInput(
                    data[f"kind_{line_pk}"],
                    data[f"short_{line_pk}"],
                    data.get(f"note_{line_pk}") or "",
                )
            ]
            if data.get(f"kind_{line_pk}") and data.get(f"short_{line_pk}")
            else [],
        )
        for line_pk, line in lines.items()
    ]
    done, status = _write(
        request,
        lambda: receipt_record(
            actor=user,
            shipment=view.shipment,
            received_on=data["received_on"],
            counts=counts,
            expected_version=data["version"],
        ),
    )
    if done is None:
        return _detail(
            request, or_404(shipment_detail, user=user, pk=pk), receipt_form=form, status=status
        )
    messages.success(request, _("Receipt of %(ref)s recorded.") % {"ref": done.reference})
    return redirect("logistics:detail", pk=pk)


@login_required
def shipment_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in (Role.COORDINATOR, Role.DONOR_LIAISON):
        messages.error(
            request, _("Your role (%(role)s) may not record shipments.") % {"role": user.role_label}
        )
        return redirect("logistics:board")
    liaison = user.role == Role.DONOR_LIAISON
    choices = shipment_form_choices(user=user)
    form = ShipmentForm(
        request.POST or None,
        initial={"donor": user.party.code if liaison else None},
        donors=choices.donors,
        item_types=choices.item_types,
        pledges=choices.pledges,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data

            def write() -> Any:
                recipient = shipment_recipient(user=user)
                return shipment_create(
                    actor=user,
                    donor=data["donor"],
                    recipient=recipient,
                    origin=data["origin"],
                    origin_lat=data["origin_lat"],
                    origin_lon=data["origin_lon"],
                    hub=hub_by_name(user=user, name=data["hub"]),
                    handover_point=data["handover_point"],
                    planned_dispatch=data["planned_dispatch"],
                    planned_at_hub=data["planned_at_hub"],
                    planned_handover=data["planned_handover"],
                    releasability=data["releasability"],
                    notes=data["notes"],
                    lines=[LineInput(data["item_type"], data["quantity"], data["pledge"])],
                )

            shipment, status = write_from_form(request, form, write)
            if shipment is not None:
                messages.success(
                    request, _("Shipment %(ref)s planned.") % {"ref": shipment.reference}
                )
                return redirect("logistics:detail", pk=shipment.pk)
    return render(
        request,
        "logistics/shipment_form.html",
        {"form": form, "hubs": hub_list(user=user)},
        status=status,
    )


@login_required
@require_POST
def shipments_check_late(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return write_and_redirect(
        request,
        lambda: shipments_notify_late(actor=user),
        done=lambda late: (
            _("%(n)s late shipments; their liaisons were notified.") % {"n": len(late)}
        ),
        to="logistics:board",
    )


@login_required
def hub_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    months = hub_throughput(user=user)
    return render(
        request,
        "logistics/hubs.html",
        {
            "hubs": hub_list(user=user),
            "months": months,
            "over": [m for m in months if m.over],
            "map_data": hub_map_data(user=user),
            "throughput_chart": throughput_chart(months),
        },
    )


@login_required
def repair_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = RepairForm(
        request.POST or None,
        item_types=item_type_visible(user=user).order_by("name"),
        parties=party_visible(user=user).order_by("name"),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            order, status = write_from_form(
                request, form, lambda: repair_order_create(actor=user, **form.cleaned_data)
            )
            if order is not None:
                messages.success(
                    request, _("Repair order %(ref)s recorded.") % {"ref": order.reference}
                )
                return redirect("logistics:repairs")
    return _repairs_page(request, form, status=status)


def _repairs_page(request: HttpRequest, form: RepairForm, *, status: int) -> HttpResponse:
    user: Any = request.user
    may_create = user.role in (Role.COORDINATOR, Role.RECIPIENT_PLANNER)
    return render(
        request,
        "logistics/repairs.html",
        {
            "orders": repair_order_list(user=user),
            "form": form if may_create else None,
            "may_update": user.role
            in (Role.COORDINATOR, Role.RECIPIENT_PLANNER, Role.DONOR_LIAISON),
        },
        status=status,
    )


@login_required
@require_POST
def repair_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    order = or_404(repair_order_get, user=user, pk=pk)
    form = RepairStatusForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose a valid status for repair %(ref)s.") % {"ref": order.reference}
        )
        return redirect("logistics:repairs")
    done, status = _write(
        request,
        lambda: repair_order_set_status(
            actor=user,
            order=order,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
        ),
    )
    if done is None:
        return _repairs_page(
            request,
            RepairForm(
                item_types=item_type_visible(user=user).order_by("name"),
                parties=party_visible(user=user).order_by("name"),
            ),
            status=status,
        )
    messages.success(
        request,
        _("Repair %(ref)s is now %(s)s.") % {"ref": done.reference, "s": done.get_status_display()},
    )
    return redirect("logistics:repairs")
