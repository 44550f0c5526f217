"""A status change sent with a stale version answers 409 naming what changed, before any workflow check could
call the move impossible (422): the move only looks impossible because someone else made it first."""

from __future__ import annotations

import datetime as dt

import pytest

from nsatu.core.errors import ConflictError
from nsatu.logistics.models import RepairOrder, RepairStatus, Shipment, ShipmentStatus
from nsatu.logistics.repair_services import repair_order_create
from nsatu.logistics.services import shipment_cancel

pytestmark = pytest.mark.django_db


def test_advancing_twice_from_the_same_version_is_409_not_422(api, liaison_de, shipment_de):
    path = f"/api/logistics/shipments/{shipment_de.pk}/advance"
    body = {"status": "dispatched", "on": "2026-03-02", "version": 1}
    assert api(liaison_de).post(path, body).status == 200
    stale = api(liaison_de).post(path, body)
    assert stale.status == 409, stale.body
    assert "status is now 'dispatched'" in stale.body["detail"]
    shipment = Shipment.objects.get(pk=shipment_de.pk)
    assert (shipment.status, shipment.version) == (ShipmentStatus.DISPATCHED, 2)


def test_cancelling_a_shipment_someone_dispatched_meanwhile_is_a_conflict(
    api, liaison_de, shipment_de
):
    path = f"/api/logistics/shipments/{shipment_de.pk}/advance"
    assert api(liaison_de).post(path, {"status": "dispatched", "on": "2026-03-02", "version": 1})
    with pytest.raises(ConflictError, match="version 2, you edited version 1"):
        shipment_cancel(actor=liaison_de, shipment=shipment_de, expected_version=1)


def test_a_stale_repair_status_change_is_409(api, planner, liaison_de, parties, items):
    order = repair_order_create(
        actor=planner,
        item_type=items["gepard"],
        quantity=1,
        facility="KNDS",
        facility_party=parties["DEU"],
        sent_on=dt.date(2026, 2, 1),
        expected_return=dt.date(2026, 3, 1),
    )
    path = f"/api/logistics/repairs/{order.pk}/status"
    assert api(liaison_de).post(path, {"status": "written_off", "version": 1}).status == 200
    stale = api(liaison_de).post(path, {"status": "in_repair", "version": 1})
    assert stale.status == 409, stale.body
    assert RepairOrder.objects.get(pk=order.pk).status == RepairStatus.WRITTEN_OFF


def test_a_stale_receipt_is_409(api, planner, handed_over):
    line = handed_over.lines.get()
    path = f"/api/logistics/shipments/{handed_over.pk}/receipts"
    stale = api(planner).post(
        path,
        {
            "received_on": "2026-03-11",
            "version": handed_over.version - 1,
            "counts": [{"line": line.pk, "accepted": 1, "discrepancies": []}],
        },
    )
    assert stale.status == 409, stale.body
