"""demo_shipments_build in a small world: every status on its milestone dates, Ukraine's receipt, the repair."""

from __future__ import annotations

import datetime as dt

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.catalogue.models import ItemType
from nsatu.core.errors import PermissionDenied
from nsatu.core.models import Releasability
from nsatu.demo.shipments import demo_shipments_build
from nsatu.logistics.models import Discrepancy, Hub, Receipt, RepairOrder, Shipment

TODAY = dt.date(2026, 3, 20)


@pytest.fixture
def world(parties, people):
    for name in ("Rzeszow-Jasionka hub", "Logistic Enabling Node - Romania"):
        Hub.objects.create(
            name=name, country=parties["POL"], lat=50.1, lon=22.0, releasability="public"
        )
    for name in ("Gepard", "NASAMS", "AHS Krab", "PzH 2000"):
        ItemType.objects.create(name=name, releasability=Releasability.PUBLIC)


def test_every_status_on_its_dates_through_the_services(world, coordinator, planner, liaison_de):
    with pytest.raises(PermissionDenied):
        demo_shipments_build(actor=liaison_de, today=TODAY)
    built = demo_shipments_build(actor=coordinator, today=TODAY)
    assert (built.created, built.shipments) == (True, 4)
    shipments = {s.reference: s for s in Shipment.objects.all()}
    assert {ref: s.status for ref, s in shipments.items()} == {
        "DEMO-SHP-01": "received",
        "DEMO-SHP-02": "at_hub",
        "DEMO-SHP-03": "dispatched",
        "DEMO-SHP-04": "planned",
    }
    received = shipments["DEMO-SHP-01"]  # handed over 20 days ago, received the day after
    assert (
        received.dispatched_on,
        received.at_hub_on,
        received.handed_over_on,
        received.received_on,
    ) == (dt.date(2026, 2, 16), dt.date(2026, 2, 22), dt.date(2026, 2, 28), dt.date(2026, 3, 1))
    assert shipments["DEMO-SHP-04"].dispatched_on is None
    receipt, damaged = Receipt.objects.get(), Discrepancy.objects.get()
    assert (receipt.quantity, receipt.recorded_by, damaged.quantity) == (5, planner, 1)
    repair = RepairOrder.objects.get()
    assert (repair.reference, repair.status, repair.owner.code) == (
        "DEMO-REP-01",
        "in_repair",
        "DEU",
    )
    steps = AuditEvent.objects.filter(object_type="logistics.shipment", object_id=str(received.pk))
    assert list(steps.values_list("action", "actor_label")) == [
        ("shipment.create", "coord.ribeiro"),
        ("shipment.dispatched", "coord.ribeiro"),
        ("shipment.at_hub", "coord.ribeiro"),
        ("shipment.handed_over", "coord.ribeiro"),
        ("shipment.received", "planner.ua.kovalenko"),
    ]
    again = demo_shipments_build(actor=coordinator, today=TODAY)
    assert (again.created, again.shipments, Shipment.objects.count()) == (False, 4, 4)


def test_without_hubs_nothing_is_built(parties, coordinator):
    built = demo_shipments_build(actor=coordinator, today=TODAY)
    assert (built.created, built.shipments, built.note) == (
        False,
        0,
        "(no hubs or no Ukraine imported: skipped)",
    )
