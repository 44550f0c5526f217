"""Who may do what to shipments and repairs: the pages ask the same rules the services enforce."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from nsatu.core.actors import Role
from nsatu.logistics import rules
from nsatu.logistics.models import RepairOrder
from nsatu.logistics.models import ShipmentStatus as S
from nsatu.logistics.workflow import next_step

pytestmark = pytest.mark.django_db


def test_the_command_and_liaisons_plan_shipments_a_liaison_for_its_own_nation(
    coordinator, liaison_de, liaison_pl, planner, analyst, parties
):
    assert [rules.may_plan_shipments(u) for u in (coordinator, liaison_de, planner, analyst)] == [
        True,
        True,
        False,
        False,
    ]
    assert rules.may_ship_for(coordinator, parties["DEU"].pk)
    assert rules.may_ship_for(liaison_de, parties["DEU"].pk)
    assert not rules.may_ship_for(liaison_pl, parties["DEU"].pk)
    assert not rules.may_ship_for(planner, parties["DEU"].pk)
    assert (rules.own_donor_code(liaison_de), rules.own_donor_code(coordinator)) == ("DEU", None)
    assert not rules.may_plan_shipments(None)


def test_the_donor_side_advances_the_recipient_receives(
    coordinator, liaison_de, liaison_pl, planner, shipment_de, handed_over
):
    shipment_de.refresh_from_db()
    assert (
        rules.may_advance(liaison_de, handed_over) is False
    )  # handed over: nothing left to record
    assert rules.may_record_receipt(planner, handed_over)
    assert rules.receives(planner, handed_over)
    assert not rules.may_record_receipt(liaison_de, handed_over)
    assert not rules.may_record_receipt(coordinator, handed_over)
    assert not rules.receives(liaison_pl, handed_over)


def test_a_planned_shipment_is_moved_by_its_donor_side_only(
    coordinator, liaison_de, liaison_pl, planner, shipment_de
):
    assert rules.may_advance(liaison_de, shipment_de)
    assert rules.may_advance(coordinator, shipment_de)
    assert not rules.may_advance(liaison_pl, shipment_de)
    assert not rules.may_advance(planner, shipment_de)
    assert not rules.may_record_receipt(planner, shipment_de)


def test_a_liaison_updates_only_the_repairs_of_its_nations_facilities(
    coordinator, liaison_de, liaison_pl, planner, analyst, parties, items
):
    order = RepairOrder.objects.create(
        reference="REP-T-1",
        item_type=items["gepard"],
        quantity=1,
        facility="KNDS",
        facility_party=parties["DEU"],
        sent_on=dt.date(2026, 2, 1),
        expected_return=dt.date(2026, 3, 1),
        owner=parties["DEU"],
    )
    assert [rules.may_update_repair(u, order) for u in (coordinator, planner, liaison_de)] == [
        True,
        True,
        True,
    ]
    assert not rules.may_update_repair(liaison_pl, order)
    assert rules.may_update_repairs(
        liaison_pl
    )  # the page offers the form; the service names the owner
    assert not rules.may_update_repairs(analyst)
    assert [rules.may_record_repairs(u) for u in (coordinator, planner, liaison_de)] == [
        True,
        True,
        False,
    ]
    assert rules.may_check_late(coordinator) and not rules.may_check_late(liaison_de)


DONOR, RECIPIENT, OTHER = 1, 2, 3


def _may(role: str, party: int | None, status: str, to: str) -> bool:
    """Whether `role` of `party` may move a shipment of DONOR to RECIPIENT from `status` to `to`.

    Stand-ins, not rows: the rules read only role, party and status, and run no query for these.
    """
    actor = SimpleNamespace(role=role, party_id=party, is_authenticated=True, is_active=True)
    shipment = SimpleNamespace(status=status, donor_id=DONOR, recipient_id=RECIPIENT)
    if to == S.CANCELLED:
        return rules.may_cancel(actor, shipment)
    if to == S.RECEIVED:
        return rules.may_record_receipt(actor, shipment)
    return next_step(status) == to and rules.may_advance(actor, shipment)


def test_a_liaison_moves_and_cancels_its_own_nations_shipments_only():
    assert _may(Role.DONOR_LIAISON, DONOR, S.PLANNED, S.DISPATCHED)
    assert _may(Role.DONOR_LIAISON, DONOR, S.PLANNED, S.CANCELLED)
    assert not _may(Role.DONOR_LIAISON, OTHER, S.PLANNED, S.DISPATCHED)
    assert _may(Role.COORDINATOR, None, S.AT_HUB, S.HANDED_OVER)
    assert not _may(Role.COORDINATOR, None, S.DISPATCHED, S.CANCELLED)  # only a planned one


def test_only_the_recipients_planner_counts_what_arrived():
    assert _may(Role.RECIPIENT_PLANNER, RECIPIENT, S.HANDED_OVER, S.RECEIVED)
    assert _may(
        Role.RECIPIENT_PLANNER, RECIPIENT, S.RECEIVED, S.RECEIVED
    )  # a later partial receipt
    assert not _may(Role.RECIPIENT_PLANNER, OTHER, S.HANDED_OVER, S.RECEIVED)
    assert not _may(Role.RECIPIENT_PLANNER, RECIPIENT, S.AT_HUB, S.RECEIVED)
    assert not _may(Role.COORDINATOR, None, S.HANDED_OVER, S.RECEIVED)
    assert not _may(Role.RECIPIENT_PLANNER, RECIPIENT, S.PLANNED, S.DISPATCHED)
