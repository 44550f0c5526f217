from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.logistics.hub_selectors import hub_by_name
from nsatu.logistics.inputs import CountInput, DiscrepancyInput, LineInput
from nsatu.logistics.models import Discrepancy, Receipt, RepairOrder, Shipment, ShipmentStatus
from nsatu.logistics.repair_services import repair_order_create, repair_order_set_status
from nsatu.logistics.services import (
    receipt_record,
    shipment_advance,
    shipment_create,
    shipments_notify_late,
)
from nsatu.notifications.models import Notification
from nsatu.pledges.models import PledgeStatus
from tests.logistics.conftest import TODAY, make_shipment

pytestmark = pytest.mark.django_db


def test_create_copies_unit_mass_and_audits(shipment_de):
    line = shipment_de.lines.get()
    assert line.unit_mass_t == 47.5
    assert line.mass_t == 4 * line.unit_mass_t
    assert shipment_de.owner_id == shipment_de.donor_id
    assert AuditEvent.objects.filter(
        action="shipment.create", object_id=str(shipment_de.pk)
    ).exists()


def test_shipment_is_released_to_the_recipient(liaison_de, parties, hubs, items, pledge_de):
    with pytest.raises(ValidationError, match="the recipient must be able to read it"):
        shipment_create(
            actor=liaison_de,
            donor=parties["DEU"],
            recipient=parties["UKR"],
            origin="Kassel",
            hub=hubs["rzeszow"],
            handover_point="Lviv",
            planned_dispatch=dt.date(2026, 3, 1),
            planned_at_hub=dt.date(2026, 3, 2),
            planned_handover=dt.date(2026, 3, 3),
            lines=[LineInput(items["gepard"], 1)],
            releasability="command",
        )
    pledge_de.releasability = "owner"
    pledge_de.save()
    with pytest.raises(ValidationError, match="is Owner only, narrower than the shipment"):
        make_shipment(
            liaison_de, parties, hubs["rzeszow"], [LineInput(items["gepard"], 1, pledge_de)]
        )
    assert not Shipment.objects.exists()


def test_other_donor_cannot_ship_for_germany(liaison_pl, parties, hubs, items):
    with pytest.raises(PermissionDenied):
        make_shipment(liaison_pl, parties, hubs["rzeszow"], [LineInput(items["gepard"], 1)])


def test_shipping_more_than_pledged_is_refused(
    liaison_de, parties, hubs, items, pledge_de, shipment_de
):
    with pytest.raises(ValidationError, match="would total 7, more than its 6"):
        make_shipment(
            liaison_de, parties, hubs["rzeszow"], [LineInput(items["gepard"], 3, pledge_de)]
        )
    assert Shipment.objects.count() == 1


def test_unknown_hub_names_the_known_ones(coordinator, hubs):
    with pytest.raises(
        ValidationError, match=r"Unknown hub 'Atlantis'\. Known hubs: .*Rzeszów-Jasionka"
    ):
        hub_by_name(user=coordinator, name="Atlantis")
    assert hub_by_name(user=coordinator, name="wiesbaden") == hubs["wiesbaden"]


def test_lifecycle_moves_one_step_with_dates(shipment_de, liaison_de):
    with pytest.raises(ValidationError, match="one step at a time"):
        shipment_advance(
            actor=liaison_de,
            shipment=shipment_de,
            status="at_hub",
            on=dt.date(2026, 3, 3),
            expected_version=shipment_de.version,
            today=TODAY,
        )
    s = shipment_advance(
        actor=liaison_de,
        shipment=shipment_de,
        status="dispatched",
        on=dt.date(2026, 3, 2),
        expected_version=shipment_de.version,
        today=TODAY,
    )
    assert (s.status, s.dispatched_on, s.version) == ("dispatched", dt.date(2026, 3, 2), 2)


def test_date_before_dispatch_is_refused_and_changes_nothing(shipment_de, liaison_de):
    s = shipment_advance(
        actor=liaison_de,
        shipment=shipment_de,
        status="dispatched",
        on=dt.date(2026, 3, 4),
        expected_version=shipment_de.version,
        today=TODAY,
    )
    with pytest.raises(
        ValidationError, match="2026-03-01 is before the shipment was dispatched on 2026-03-04"
    ):
        shipment_advance(
            actor=liaison_de,
            shipment=s,
            status="at_hub",
            on=dt.date(2026, 3, 1),
            expected_version=s.version,
            today=TODAY,
        )
    s.refresh_from_db()
    assert (s.status, s.at_hub_on, s.version) == ("dispatched", None, 2)


def test_stale_version_conflicts(shipment_de, liaison_de, coordinator):
    shipment_advance(
        actor=coordinator,
        shipment=shipment_de,
        status="dispatched",
        on=dt.date(2026, 3, 2),
        expected_version=1,
        today=TODAY,
    )
    with pytest.raises(ConflictError, match="version 2, you edited version 1"):
        shipment_advance(
            actor=liaison_de,
            shipment=shipment_de,
            status="dispatched",
            on=dt.date(2026, 3, 2),
            expected_version=1,
            today=TODAY,
        )


def test_partial_receipt_derives_delivered_quantity(handed_over, planner, pledge_de):
    line = handed_over.lines.get()
    receipt_record(
        actor=planner,
        shipment=handed_over,
        received_on=dt.date(2026, 3, 11),
        counts=[CountInput(line, 2, [DiscrepancyInput("damaged", 1, "track damage")])],
        expected_version=handed_over.version,
        today=TODAY,
    )
    pledge_de.refresh_from_db()
    assert (pledge_de.delivered_quantity, pledge_de.status) == (2, PledgeStatus.COMMITTED)
    assert AuditEvent.objects.filter(
        action="pledge.delivered_from_receipts", object_id=str(pledge_de.pk)
    ).exists()
    handed_over.refresh_from_db()
    assert handed_over.status == ShipmentStatus.RECEIVED
    # The last unit arrives later: a second partial receipt adds to the first.
    receipt_record(
        actor=planner,
        shipment=handed_over,
        received_on=dt.date(2026, 3, 15),
        counts=[CountInput(line, 1)],
        expected_version=handed_over.version,
        today=TODAY,
    )
    pledge_de.refresh_from_db()
    assert pledge_de.delivered_quantity == 3


def test_full_receipt_marks_pledge_delivered(liaison_de, parties, hubs, items, pledge_de, planner):
    s = make_shipment(
        liaison_de, parties, hubs["rzeszow"], [LineInput(items["gepard"], 6, pledge_de)]
    )
    for status, day in (("dispatched", 2), ("at_hub", 6), ("handed_over", 9)):
        s = shipment_advance(
            actor=liaison_de,
            shipment=s,
            status=status,
            on=dt.date(2026, 3, day),
            expected_version=s.version,
            today=TODAY,
        )
    receipt_record(
        actor=planner,
        shipment=s,
        received_on=dt.date(2026, 3, 10),
        counts=[CountInput(s.lines.get(), 6)],
        expected_version=s.version,
        today=TODAY,
    )
    pledge_de.refresh_from_db()
    assert (pledge_de.delivered_quantity, pledge_de.status) == (6, PledgeStatus.DELIVERED)


def test_receipt_of_more_than_shipped_is_refused_and_changes_nothing(
    handed_over, planner, pledge_de
):
    line = handed_over.lines.get()
    with (
        pytest.raises(
            ValidationError,
            match=r"Gepard \(line #\d+\): 5 counted now and 0 before make 5, "
            r"more than the 4 shipped",
        ),
        transaction.atomic(),
    ):
        receipt_record(
            actor=planner,
            shipment=handed_over,
            received_on=dt.date(2026, 3, 11),
            counts=[CountInput(line, 5)],
            expected_version=handed_over.version,
            today=TODAY,
        )
    handed_over.refresh_from_db()
    pledge_de.refresh_from_db()
    assert handed_over.status == ShipmentStatus.HANDED_OVER
    assert pledge_de.delivered_quantity is None
    assert not Receipt.objects.exists()


def test_receipt_before_handover_is_refused(handed_over, planner):
    with pytest.raises(ValidationError, match="2026-03-08 is before the handover on 2026-03-09"):
        receipt_record(
            actor=planner,
            shipment=handed_over,
            received_on=dt.date(2026, 3, 8),
            counts=[CountInput(handed_over.lines.get(), 1)],
            expected_version=None,
            today=TODAY,
        )


def test_only_the_recipient_confirms_receipt(handed_over, liaison_de, coordinator):
    for who in (liaison_de, coordinator):
        with pytest.raises(PermissionDenied):
            receipt_record(
                actor=who,
                shipment=handed_over,
                received_on=dt.date(2026, 3, 11),
                counts=[CountInput(handed_over.lines.get(), 1)],
                expected_version=None,
                today=TODAY,
            )


def test_receipt_waits_for_handover(shipment_de, planner):
    with pytest.raises(ValidationError, match="once the shipment is handed over; it is Planned"):
        receipt_record(
            actor=planner,
            shipment=shipment_de,
            received_on=dt.date(2026, 3, 11),
            counts=[CountInput(shipment_de.lines.get(), 1)],
            expected_version=None,
            today=TODAY,
        )


def test_discrepancy_is_recorded_with_its_line_and_author(handed_over, planner):
    receipt_record(
        actor=planner,
        shipment=handed_over,
        received_on=dt.date(2026, 3, 11),
        counts=[CountInput(handed_over.lines.get(), 0, [DiscrepancyInput("short", 2)])],
        expected_version=None,
        today=TODAY,
    )
    d = Discrepancy.objects.get()
    assert (d.line.shipment_id, d.kind, d.quantity, d.recorded_by) == (
        handed_over.pk,
        "short",
        2,
        planner,
    )
    assert AuditEvent.objects.filter(action="discrepancy.create", object_id=str(d.pk)).exists()


def test_late_shipment_notifies_liaison_in_app_and_by_mail(
    shipment_de, coordinator, liaison_de, liaison_pl
):
    liaison_de.email = "weber@example.org"
    liaison_de.save()
    late = shipments_notify_late(actor=coordinator, today=dt.date(2026, 3, 4))
    assert late == [shipment_de]
    notice = Notification.objects.get()
    assert notice.recipient == liaison_de
    assert "SHP-" in notice.subject and "dispatch planned 2026-03-01" in notice.subject
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["weber@example.org"]
    assert "3 days overdue" in mail.outbox[0].body
    # Checking again does not notify again.
    shipments_notify_late(actor=coordinator, today=dt.date(2026, 3, 5))
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_on_time_shipment_notifies_nobody(shipment_de, coordinator):
    assert shipments_notify_late(actor=coordinator, today=dt.date(2026, 3, 1)) == []
    assert not Notification.objects.exists() and not mail.outbox


def test_only_the_command_runs_the_late_check(liaison_de):
    with pytest.raises(PermissionDenied):
        shipments_notify_late(actor=liaison_de)


def test_repair_order_lifecycle(planner, parties, items, hubs, liaison_de, liaison_pl):
    order = repair_order_create(
        actor=planner,
        item_type=items["gepard"],
        quantity=2,
        facility="KNDS Unterlüß",
        facility_party=parties["DEU"],
        sent_on=dt.date(2026, 2, 1),
        expected_return=dt.date(2026, 5, 1),
        hub=hubs["rzeszow"],
    )
    with pytest.raises(PermissionDenied):
        repair_order_set_status(
            actor=liaison_pl, order=order, status="in_repair", expected_version=order.version
        )
    order = repair_order_set_status(
        actor=liaison_de, order=order, status="in_repair", expected_version=order.version
    )
    with pytest.raises(ValidationError, match="before it was sent"):
        repair_order_set_status(
            actor=liaison_de,
            order=order,
            status="returned",
            expected_version=order.version,
            on=dt.date(2026, 1, 1),
        )
    order = repair_order_set_status(
        actor=liaison_de,
        order=order,
        status="returned",
        expected_version=order.version,
        on=dt.date(2026, 4, 2),
    )
    assert (order.status, order.returned_on) == ("returned", dt.date(2026, 4, 2))


def test_repair_return_before_sent_is_refused(planner, parties, items):
    with pytest.raises(ValidationError, match="before it was sent on"):
        repair_order_create(
            actor=planner,
            item_type=items["gepard"],
            quantity=1,
            facility="x",
            facility_party=parties["DEU"],
            sent_on=dt.date(2026, 2, 1),
            expected_return=dt.date(2026, 1, 1),
        )
    assert not RepairOrder.objects.exists()


def test_repair_references_step_past_one_typed_by_hand_and_ukraine_always_reads_them(
    planner, parties, items
):
    def create(**extra):
        return repair_order_create(
            actor=planner,
            item_type=items["gepard"],
            quantity=1,
            facility="KNDS",
            facility_party=parties["DEU"],
            sent_on=dt.date(2026, 2, 1),
            expected_return=dt.date(2026, 3, 1),
            **extra,
        )

    assert create(reference="REP-0002").reference == "REP-0002"
    assert (
        create().reference == "REP-0003"
    )  # count + 1 = REP-0003 is free: no clash with the typed one
    assert create(reference="REP-0004").reference == "REP-0004"
    assert (
        create().reference == "REP-0005"
    )  # count + 1 is REP-0004, taken by hand: the next one is used
    for closed in (Releasability.OWNER, Releasability.COMMAND):
        with pytest.raises(ValidationError, match="Ukraine must read it"):
            create(releasability=closed)
    assert RepairOrder.objects.count() == 4
