"""The fleet register counts the same weapons once across SIPRI, Oryx and Kiel, and keeps every source."""

from __future__ import annotations

from decimal import Decimal

from nsatu.engine.interop.fleet import Record, calibre_from_name, fleet_by_item, fleet_register

M777, RCH, BTR = 1, 2, 3


def _r(
    pid: int,
    dataset: str,
    donor: str,
    item: int,
    quantity: int | None,
    delivered: int | None = None,
    status: str = "delivered",
    row: int | None = None,
) -> Record:
    return Record(pid, dataset, donor, item, quantity, delivered, status, row=row)


def test_sipri_delivered_is_the_base_and_oryx_kiel_are_kept_as_uncounted_sources():
    records = [
        _r(1, "sipri", "USA", M777, 142, 142, row=49),
        _r(2, "sipri", "USA", M777, None, 41, status="committed", row=80),
        _r(3, "oryx", "USA", M777, 180, row=128),
        _r(4, "kiel-weapons", "USA", M777, 198, status="committed", row=55),
    ]
    [entry] = fleet_register(records)
    assert (entry.item_id, entry.donor, entry.quantity, entry.counted_from) == (
        M777,
        "USA",
        183,
        ("sipri",),
    )
    assert [(s.dataset, s.row, s.units, s.counted) for s in entry.sources] == [
        ("kiel-weapons", 55, 198, False),
        ("oryx", 128, 180, False),
        ("sipri", 49, 142, True),
        ("sipri", 80, 41, True),
    ]


def test_oryx_counts_where_sipri_reports_no_delivered_unit():
    records = [_r(1, "sipri", "DEU", RCH, 54, 0, status="committed"), _r(2, "oryx", "DEU", RCH, 18)]
    [entry] = fleet_register(records)
    assert entry.quantity == 18 and entry.counted_from == ("oryx",)


def test_oryx_rows_not_flagged_delivered_and_kiel_commitments_are_not_fielded():
    records = [
        _r(1, "oryx", "NOR", BTR, 20, status="committed"),
        _r(2, "kiel-weapons", "NOR", BTR, 30, status="committed"),
    ]
    [entry] = fleet_register(records)
    assert entry.quantity == 0 and entry.counted_from == ()


def test_receipts_entered_in_the_system_add_to_the_register_and_withdrawn_pledges_do_not():
    records = [
        _r(1, "sipri", "POL", M777, 10, 10),
        _r(2, "", "POL", M777, 8, 5, status="committed"),
        _r(3, "", "POL", M777, 4, None, status="delivered"),
        _r(4, "", "POL", M777, 9, 9, status="withdrawn"),
        _r(5, "", "POL", None, 3, 3),
        _r(6, "", "POL", M777, 7, None, status="committed"),
    ]
    [entry] = fleet_register(records)
    assert entry.quantity == 10 + 5 + 4
    assert entry.counted_from == ("", "sipri")
    assert [s.pledge_id for s in entry.sources] == [
        2,
        3,
        1,
    ]  # the open offer 6 is no source of the fleet
    assert fleet_by_item(fleet_register([*records, _r(7, "oryx", "CAN", M777, 4)])) == {M777: 23}


def test_calibre_from_name():
    assert calibre_from_name("155mm M777") == Decimal(155)
    assert calibre_from_name("PzH-2000 155mm") == Decimal(155)
    assert calibre_from_name("12.7mm/.50 BMG") == Decimal("12.7")
    assert calibre_from_name("RCH-155") is None
    assert calibre_from_name("M777") is None
