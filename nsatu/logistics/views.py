"""Pages of the logistics app: shipment board, shipment detail with its lifecycle and receipt, hubs (map and
throughput), repair orders."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.core.actors import Actor
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.core.paging import sort_of
from nsatu.core.refs import ref_label
from nsatu.core.web import (
    actor_of,
    download_response,
    error_text,
    or_404,
    paginate,
    wants_download,
    write_and_redirect,
    write_from_form,
)
from nsatu.logistics import rules, tables, workflow
from nsatu.logistics.charts import throughput_chart
from nsatu.logistics.forms import (
    AdvanceForm,
    BoardFilterForm,
    ReceiptForm,
    RepairFilterForm,
    RepairForm,
    RepairStatusForm,
    ShipmentFilterForm,
    ShipmentForm,
)
from nsatu.logistics.inputs import CountInput, DiscrepancyInput, LineInput
from nsatu.logistics.models import MILESTONE_LABELS, Shipment, ShipmentStatus
from nsatu.logistics.repair_selectors import RepairPage, repair_order_get, repair_page_get
from nsatu.logistics.repair_services import repair_order_create, repair_order_set_status
from nsatu.logistics.selectors import (
    ShipmentView,
    hub_page_get,
    shipment_board_get,
    shipment_detail,
    shipment_form_get,
    shipment_route_resolve,
    shipment_table_get,
)
from nsatu.logistics.services import (
    receipt_record,
    shipment_advance,
    shipment_create,
    shipments_notify_late,
)


def _htmx(request: HttpRequest) -> bool:
    # django-htmx's middleware sets `request.htmx`, truthy when htmx asked for a fragment.
    return bool(getattr(request, "htmx", False))


@login_required
def shipment_board_view(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    board = shipment_board_get(user=user, donor=request.GET.get("donor") or None)
    if wants_download(request):
        shipments = [s for column in board.columns for s, _late in column.shipments]
        return download_response(
            request, "shipments.csv", tables.shipment_header(), tables.shipment_rows(shipments)
        )
    context = {
        "columns": board.columns,
        "filter_form": BoardFilterForm(request.GET or None, donors=board.donors),
        "may_create": rules.may_plan_shipments(user),
        "may_check_late": rules.may_check_late(user),
        "milestones": MILESTONE_LABELS,
    }
    template = "logistics/_board.html" if _htmx(request) else "logistics/board.html"
    return render(request, template, context)


# No column of a related record the reader may not see (requirement, item type, hub): its place in the
# order would tell what the row shows as restricted (its priority, its name).
SHIPMENT_SORTS = {
    "reference": ("reference",),
    "donor": ("donor__name", "reference"),
    "status": ("status", "reference"),
    "dispatch": ("planned_dispatch", "reference"),
    "handover": ("planned_handover", "reference"),
}


@login_required
def shipment_index(request: HttpRequest) -> HttpResponseBase:
    """Every shipment the user may read as one table: filtered, sorted across the whole list, paged."""
    user = actor_of(request)
    sort = sort_of(request.GET.get("sort"), SHIPMENT_SORTS, default="-handover")
    # The dates and status are checked here; the selector drops a donor or hub the user may not filter by, so
    # a forged one narrows nothing.
    dates = ShipmentFilterForm(request.GET or None, donors=[], hubs=[]).chosen()
    status = request.GET.get("status") or None
    hub = request.GET.get("hub") or ""
    table = shipment_table_get(
        user=user,
        status=status if status in ShipmentStatus.values else None,
        donor=request.GET.get("donor") or None,
        hub=int(hub) if hub.isdigit() else None,
        handover_from=dates.get("handover_from"),
        handover_to=dates.get("handover_to"),
        order=sort.fields,
    )
    if wants_download(request):
        return download_response(
            request,
            "shipments.csv",
            tables.shipment_header(),
            tables.shipment_rows(table.shipments.iterator(chunk_size=500)),
        )
    form = ShipmentFilterForm(request.GET or None, donors=table.donors, hubs=table.hubs)
    form.chosen()
    return render(
        request,
        "logistics/shipment_list.html",
        {
            "page": paginate(request, table.shipments),
            "sort": sort,
            "filter_form": form,
            "may_create": rules.may_plan_shipments(user),
        },
    )


def _detail(
    request: HttpRequest,
    user: Actor,
    view: ShipmentView,
    *,
    advance_form: AdvanceForm | None = None,
    receipt_form: ReceiptForm | None = None,
    status: int = 200,
) -> HttpResponse:
    shipment = view.shipment
    step = workflow.next_step(shipment.status)
    may_advance = rules.may_advance(user, shipment)
    may_receive = rules.may_record_receipt(user, shipment) and view.has_outstanding
    if may_advance and advance_form is None:
        advance_form = AdvanceForm(initial={"status": step, "version": shipment.version})
    if may_receive and receipt_form is None:
        receipt_form = ReceiptForm(
            initial={"version": shipment.version},
            line_ids=[(lv.line.pk, ref_label(lv.line, "item_type")) for lv in view.lines],
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


def _line_header() -> list[str]:
    # Read per request: the labels are in the reader's language.
    return [
        _("Item type"),
        _("Shipped"),
        _("Mass (t)"),
        _("Pledge"),
        _("Accepted"),
        _("Discrepancies"),
        _("Not yet counted"),
    ]


def _line_rows(view: ShipmentView) -> Iterator[list[object]]:
    """The shipment's lines as the page shows them: hidden item types and pledges named as restricted."""
    for lv in view.lines:
        yield [
            ref_label(lv.line, "item_type"),
            lv.line.quantity,
            lv.line.mass_t,
            ref_label(lv.line, "pledge") or None,
            lv.received,
            "; ".join(
                f"{d.get_kind_display()}: {d.quantity}"
                + (f" ({d.description})" if d.description else "")
                for d in lv.discrepancies
            ),
            lv.outstanding,
        ]


@login_required
def shipment_detail_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = actor_of(request)
    view = or_404(shipment_detail, user=user, pk=pk)
    if wants_download(request):
        return download_response(
            request,
            f"shipment-{view.shipment.reference}-lines.csv",
            _line_header(),
            _line_rows(view),
        )
    return _detail(request, user, view)


def _write[T](request: HttpRequest, write: Callable[[], T]) -> tuple[T | None, int]:
    """Run one service write; a refusal becomes a message and the status to show the page with."""
    try:
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
    user = actor_of(request)
    view = or_404(shipment_detail, user=user, pk=pk)
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return _detail(request, user, view, advance_form=form, status=400)
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
        again = or_404(shipment_detail, user=user, pk=pk)
        return _detail(request, user, again, advance_form=form, status=status)
    messages.success(
        request,
        _("%(ref)s is now %(status)s.")
        % {"ref": done.reference, "status": done.get_status_display()},
    )
    return redirect("logistics:detail", pk=pk)


def _counts(form: ReceiptForm, view: ShipmentView) -> list[CountInput]:
    data = form.cleaned_data
    return [
        CountInput(
            lv.line,
            data.get(f"accepted_{lv.line.pk}") or 0,
            [
                DiscrepancyInput(
                    data[f"kind_{lv.line.pk}"],
                    data[f"short_{lv.line.pk}"],
                    data.get(f"note_{lv.line.pk}") or "",
                )
            ]
            if data.get(f"kind_{lv.line.pk}") and data.get(f"short_{lv.line.pk}")
            else [],
        )
        for lv in view.lines
    ]


@login_required
@require_POST
def shipment_receipt_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
    view = or_404(shipment_detail, user=user, pk=pk)
    form = ReceiptForm(
        request.POST, line_ids=[(lv.line.pk, ref_label(lv.line, "item_type")) for lv in view.lines]
    )
    if not form.is_valid():
        return _detail(request, user, view, receipt_form=form, status=400)
    done, status = _write(
        request,
        lambda: receipt_record(
            actor=user,
            shipment=view.shipment,
            received_on=form.cleaned_data["received_on"],
            counts=_counts(form, view),
            expected_version=form.cleaned_data["version"],
        ),
    )
    if done is None:
        again = or_404(shipment_detail, user=user, pk=pk)
        return _detail(request, user, again, receipt_form=form, status=status)
    messages.success(request, _("Receipt of %(ref)s recorded.") % {"ref": done.reference})
    return redirect("logistics:detail", pk=pk)


@login_required
def shipment_new(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    if not rules.may_plan_shipments(user):
        messages.error(
            request, _("Your role (%(role)s) may not record shipments.") % {"role": user.role_label}
        )
        return redirect("logistics:board")
    page = shipment_form_get(user=user)
    form = ShipmentForm(
        request.POST or None,
        initial={"donor": rules.own_donor_code(user)},
        donors=page.donors,
        item_types=page.item_types,
        pledges=page.pledges,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            shipment, status = write_from_form(request, form, lambda: _plan(user, form))
            if shipment is not None:
                messages.success(
                    request, _("Shipment %(ref)s planned.") % {"ref": shipment.reference}
                )
                return redirect("logistics:detail", pk=shipment.pk)
    return render(
        request,
        "logistics/shipment_form.html",
        {"form": form, "hubs": page.hubs},
        status=status,
    )


def _plan(user: Actor, form: ShipmentForm) -> Shipment:
    data = form.cleaned_data
    route = shipment_route_resolve(user=user, hub=data["hub"])
    return shipment_create(
        actor=user,
        donor=data["donor"],
        recipient=route.recipient,
        origin=data["origin"],
        origin_lat=data["origin_lat"],
        origin_lon=data["origin_lon"],
        hub=route.hub,
        handover_point=data["handover_point"],
        planned_dispatch=data["planned_dispatch"],
        planned_at_hub=data["planned_at_hub"],
        planned_handover=data["planned_handover"],
        releasability=data["releasability"],
        notes=data["notes"],
        lines=[LineInput(data["item_type"], data["quantity"], data["pledge"])],
    )


@login_required
@require_POST
def shipments_check_late(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    return write_and_redirect(
        request,
        lambda: shipments_notify_late(actor=user),
        done=lambda late: (
            _("%(n)s late shipments; their liaisons were notified.") % {"n": len(late)}
        ),
        to="logistics:board",
    )


@login_required
def hub_index(request: HttpRequest) -> HttpResponseBase:
    page = hub_page_get(user=actor_of(request))
    if wants_download(request):
        if request.GET.get("table") == "hubs":
            return download_response(
                request, "hubs.csv", tables.hub_header(), tables.hub_rows(page.hubs)
            )
        return download_response(
            request,
            "hub-throughput.csv",
            tables.throughput_header(),
            tables.throughput_rows(page.months),
        )
    return render(
        request,
        "logistics/hubs.html",
        {
            "hubs": page.hubs,
            "months": page.months,
            "over": page.over,
            "map_data": page.map_data,
            "throughput_chart": throughput_chart(page.months),
        },
    )


# No column of a related record the reader may not see (requirement, item type, hub): its place in the
# order would tell what the row shows as restricted (its priority, its name).
REPAIR_SORTS = {
    "reference": ("reference",),
    "quantity": ("quantity", "reference"),
    "facility": ("facility", "reference"),
    "status": ("status", "reference"),
    "sent": ("sent_on", "reference"),
    "return": ("expected_return", "reference"),
}


def _repair_page(request: HttpRequest, user: Actor) -> tuple[RepairPage, RepairFilterForm]:
    sort = sort_of(request.GET.get("sort"), REPAIR_SORTS, default="-sent")
    filters = RepairFilterForm(request.GET or None)
    status = filters.cleaned_data.get("status") if filters.is_valid() else None
    return repair_page_get(user=user, status=status or None, order=sort.fields), filters


@login_required
def repair_index(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    page, _filters = _repair_page(request, user)
    if request.method != "POST" and wants_download(request):
        return download_response(
            request, "repair-orders.csv", tables.repair_header(), tables.repair_rows(page.orders)
        )
    form = RepairForm(request.POST or None, item_types=page.item_types, parties=page.parties)
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
    return _repairs_page(request, user, page, form, status=status)


def _repairs_page(
    request: HttpRequest, user: Actor, page: RepairPage, form: RepairForm, *, status: int
) -> HttpResponse:
    return render(
        request,
        "logistics/repairs.html",
        {
            "page": paginate(request, page.orders),
            "next_steps": page.next_steps,
            "sort": sort_of(request.GET.get("sort"), REPAIR_SORTS, default="-sent"),
            "filter_form": RepairFilterForm(request.GET or None),
            "form": form if rules.may_record_repairs(user) else None,
            "may_update": rules.may_update_repairs(user),
        },
        status=status,
    )


@login_required
@require_POST
def repair_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor_of(request)
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
        page, _filters = _repair_page(request, user)
        blank = RepairForm(item_types=page.item_types, parties=page.parties)
        return _repairs_page(request, user, page, blank, status=status)
    messages.success(
        request,
        _("Repair %(ref)s is now %(s)s.") % {"ref": done.reference, "s": done.get_status_display()},
    )
    return redirect("logistics:repairs")
