"""The logistics pages' tables as downloads: the header a person reads and typed rows, the same records the page
shows (its selector, its filters, every page of it)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from nsatu.core.refs import ref_label
from nsatu.core.tables import yes_no
from nsatu.engine.logistics import HubMonth
from nsatu.logistics.models import Hub, RepairOrder, Shipment


def shipment_header() -> list[str]:
    return [
        _("Reference"),
        _("Donor"),
        _("Recipient"),
        pgettext("shipment", "Origin"),
        _("Hub"),
        _("Handover point"),
        _("Status"),
        _("Planned dispatch"),
        _("Planned at hub"),
        _("Planned handover"),
        _("Dispatched on"),
        _("At hub on"),
        _("Handed over on"),
        _("Received on"),
        _("Items"),
        _("Releasability"),
        _("Illustrative"),
    ]


def _items(shipment: Shipment) -> str:
    return "; ".join(
        f"{line.quantity} × {ref_label(line, 'item_type')}" for line in shipment.lines.all()
    )


def shipment_rows(shipments: Iterable[Shipment]) -> Iterator[list[Any]]:
    for s in shipments:
        yield [
            s.reference,
            s.donor.name,
            s.recipient.name,
            s.origin,
            ref_label(s, "hub"),
            s.handover_point,
            s.get_status_display(),
            s.planned_dispatch,
            s.planned_at_hub,
            s.planned_handover,
            s.dispatched_on,
            s.at_hub_on,
            s.handed_over_on,
            s.received_on,
            _items(s),
            s.get_releasability_display(),
            yes_no(s.illustrative),
        ]


def repair_header() -> list[str]:
    return [
        _("Reference"),
        _("Item type"),
        _("Quantity"),
        _("Facility"),
        _("Facility nation"),
        _("Status"),
        _("Sent on"),
        _("Expected return"),
        _("Returned on"),
        _("Illustrative"),
    ]


def repair_rows(orders: Iterable[RepairOrder]) -> Iterator[list[Any]]:
    for o in orders:
        yield [
            o.reference,
            ref_label(o, "item_type"),
            o.quantity,
            o.facility,
            o.facility_party.name,
            o.get_status_display(),
            o.sent_on,
            o.expected_return,
            o.returned_on,
            yes_no(o.illustrative),
        ]


def throughput_header() -> list[str]:
    return [
        _("Hub"),
        _("Month"),
        _("Shipments"),
        _("Tonnes"),
        _("Lines without a unit mass"),
        _("Capacity (t/month)"),
        _("Over capacity"),
    ]


def throughput_rows(months: Iterable[HubMonth]) -> Iterator[list[Any]]:
    for m in months:
        yield [
            m.hub,
            m.month,
            m.shipments,
            m.tonnes,
            m.lines_without_mass,
            m.capacity_t,
            yes_no(m.over),
        ]


def hub_header() -> list[str]:
    return [_("Hub"), _("Country"), _("Role"), _("Capacity (t/month)"), _("Source")]


def hub_rows(hubs: Iterable[Hub]) -> Iterator[list[Any]]:
    for h in hubs:
        yield [h.name, h.country.name, h.role, h.capacity_t_month, h.source_url or None]
