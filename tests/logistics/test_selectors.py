from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.coverage.selectors import requirement_coverage_get
from nsatu.exchange.exports import TABLES
from nsatu.logistics.inputs import CountInput, DiscrepancyInput, LineInput
from nsatu.logistics.repair_selectors import units_under_repair
from nsatu.logistics.repair_services import repair_order_create
from nsatu.logistics.selectors import (
    LineRef,
    discrepancy_visible,
    hub_throughput,
    shipment_board,
    shipment_board_get,
    shipment_detail,
    shipment_input_resolve,
    shipment_list,
)
from nsatu.logistics.services import receipt_record
from nsatu.resilience.selectors import world_read
from tests.logistics.conftest import TODAY, make_shipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(handed_over, planner):
    receipt_record(
        actor=planner,
        shipment=handed_over,
        received_on=dt.date(2026, 3, 11),
        counts=[
            CountInput(handed_over.lines.get(), 2, [DiscrepancyInput("wrong_item", 1, "Leopard")])
        ],
        expected_version=handed_over.version,
        today=TODAY,
    )
    handed_over.refresh_from_db()
    return handed_over


def test_discrepancy_visible_to_donor_command_and_ukraine_not_other_donors(
    received, liaison_de, coordinator, planner, liaison_pl, analyst
):
    for who in (liaison_de, coordinator, planner):
        assert discrepancy_visible(user=who).count() == 1, who
        [lv] = shipment_detail(user=who, pk=received.pk).lines
        assert [d.kind for d in lv.discrepancies] == ["wrong_item"]
    assert discrepancy_visible(user=liaison_pl).count() == 0
    # Poland sees the shipment (released to participants) but not its discrepancy.
    [lv] = shipment_detail(user=liaison_pl, pk=received.pk).lines
    assert lv.discrepancies == [] and lv.received == 2
    assert discrepancy_visible(user=analyst).count() == 0


def test_requirement_coverage_moves_with_receipts(handed_over, planner, coordinator, requirement):
    on_the_way = handed_over.lines.get().quantity
    before = requirement_coverage_get(user=coordinator, as_of=TODAY).of(requirement.pk).stages
    assert (before.committed, before.shipped, before.delivered) == (
        Decimal(6),
        Decimal(on_the_way),
        Decimal(0),
    )
    receipt_record(
        actor=planner,
        shipment=handed_over,
        received_on=dt.date(2026, 3, 11),
        counts=[CountInput(handed_over.lines.get(), 3)],
        expected_version=handed_over.version,
        today=TODAY,
    )
    after = requirement_coverage_get(user=coordinator, as_of=TODAY).of(requirement.pk).stages
    # The shipment is received with 3 of its 4 counted: nothing of it is on the way any more, and the
    # missing unit is a discrepancy, not a delivery.
    assert (after.committed, after.shipped, after.delivered, after.in_service) == (
        Decimal(6),
        Decimal(3),
        Decimal(3),
        Decimal(3),
    )


def test_throughput_counts_only_visible_shipments(
    liaison_de, liaison_pl, coordinator, parties, hubs, items, shipment_de
):
    # A command-only German shipment through the same hub and month: Poland must not see its tonnes.
    make_shipment(
        liaison_de,
        parties,
        hubs["rzeszow"],
        [LineInput(items["iris"], 3)],
        releasability=Releasability.COMMAND,
    )
    [seen_by_command] = hub_throughput(user=coordinator)
    assert (seen_by_command.tonnes, seen_by_command.shipments, seen_by_command.over) == (
        Decimal("250"),
        2,
        True,
    )
    [seen_by_poland] = hub_throughput(user=liaison_pl)
    assert (seen_by_poland.tonnes, seen_by_poland.shipments, seen_by_poland.over) == (
        Decimal("190"),
        1,
        True,
    )
    assert seen_by_poland.capacity_t == Decimal("100")


def test_owner_only_style_records_do_not_leak_through_lists(
    liaison_de, liaison_pl, parties, hubs, items
):
    s = make_shipment(
        liaison_de,
        parties,
        hubs["rzeszow"],
        [LineInput(items["iris"], 1)],
        releasability=Releasability.COMMAND,
    )
    assert s in shipment_list(user=liaison_de)
    assert s not in shipment_list(user=liaison_pl)
    columns = {
        c.status: [x for x, _late in c.shipments]
        for c in shipment_board(user=liaison_pl, today=TODAY)
    }
    assert s not in columns["planned"]


def test_board_flags_late_shipments(shipment_de, coordinator):
    columns = {
        c.status: c.shipments for c in shipment_board(user=coordinator, today=dt.date(2026, 3, 3))
    }
    [(shipment, late)] = columns["planned"]
    assert shipment == shipment_de and late.milestone == "dispatched" and late.days == 2


def test_units_under_repair_leave_the_fleet(received, planner, parties, items, coordinator):
    gepard = items["gepard"].pk
    assert world_read(user=coordinator).fleet[gepard] == 2  # the two units Ukraine accepted
    repair_order_create(
        actor=planner,
        item_type=items["gepard"],
        quantity=1,
        facility="KNDS",
        facility_party=parties["DEU"],
        sent_on=dt.date(2026, 2, 1),
        expected_return=dt.date(2026, 6, 1),
    )
    assert units_under_repair(user=coordinator) == {gepard: 1}
    assert world_read(user=coordinator).fleet[gepard] == 1


def test_export_shipments_table(received, coordinator, liaison_pl):
    table = TABLES["shipments"](user=coordinator, options={})
    row = dict(zip(table.columns, table.rows[0], strict=True))
    assert (
        row["reference"],
        row["hub"],
        row["item_type"],
        row["quantity"],
        row["accepted"],
        row["status"],
    ) == (received.reference, "Rzeszów-Jasionka", "Gepard", 4, 2, "received")
    assert row["mass_t"] == Decimal("190")
    throughput = TABLES["hub-throughput"](user=liaison_pl, options={})
    assert throughput.rows == [
        ["Rzeszów-Jasionka", "2026-03", 1, Decimal("190.000"), Decimal("100.0"), True]
    ]


def test_the_board_filters_by_a_donor_only_among_those_the_user_may_read(shipment_de, liaison_pl):
    board = shipment_board_get(user=liaison_pl, donor="DEU")
    assert board.donors == [("DEU", "Germany")]
    assert shipment_de in [s for c in board.columns for s, _late in c.shipments]
    unknown = shipment_board_get(user=liaison_pl, donor="XXX")  # ignored, as the filter form does
    assert shipment_de in [s for c in unknown.columns for s, _late in c.shipments]


def test_a_liaison_ships_for_its_own_nation_unless_it_names_another(
    liaison_de, coordinator, parties, hubs, items, pledge_de
):
    refs = shipment_input_resolve(
        user=liaison_de,
        donor=None,
        recipient="ukr",
        hub="rzeszów-jasionka",
        lines=[LineRef(items["gepard"].pk, 2, pledge_de.pk)],
    )
    assert (refs.donor, refs.recipient, refs.hub) == (
        parties["DEU"],
        parties["UKR"],
        hubs["rzeszow"],
    )
    assert [(li.item_type, li.quantity, li.pledge) for li in refs.lines] == [
        (items["gepard"], 2, pledge_de)
    ]
    with pytest.raises(ValidationError) as unnamed:
        shipment_input_resolve(
            user=coordinator, donor=None, recipient="UKR", hub="Wiesbaden", lines=[]
        )
    assert list(unnamed.value.message_dict) == ["donor"]
    with pytest.raises(ValidationError) as unknown:
        shipment_input_resolve(
            user=coordinator, donor="DEU", recipient="UKR", hub="Wiesbaden", lines=[LineRef(0, 1)]
        )
    assert list(unknown.value.message_dict) == ["lines[0].item_type"]
