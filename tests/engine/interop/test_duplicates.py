"""The same pledge from several sources: same donor, item and quantity, close dates; merge keeps all sources."""

from __future__ import annotations

import datetime as dt

from nsatu.engine.interop.duplicates import close, duplicates
from nsatu.engine.interop.fleet import Record
from nsatu.engine.ledger import Decision

M777, KRAB = 1, 2


def _r(
    pid: int,
    dataset: str,
    donor: str = "AUS",
    item: int = M777,
    quantity: int = 6,
    *,
    status: str = "delivered",
    on: dt.date | None = None,
    year: int | None = None,
) -> Record:
    return Record(
        pid, dataset, donor, item, quantity, None, status, row=pid, announced_on=on, year=year
    )


def test_one_delivery_in_three_registers_is_one_group_kept_on_sipri():
    [group] = duplicates(
        [_r(1, "kiel-weapons", status="committed"), _r(2, "oryx"), _r(3, "sipri", year=2022)]
    )
    assert (group.donor, group.item_id, group.quantity) == ("AUS", M777, 6)
    assert group.keep.pledge_id == 3
    assert [r.dataset for r in group.merged_sources] == ["kiel-weapons", "oryx"]


def test_two_orders_of_one_register_stay_apart_even_with_a_dateless_row_beside_them():
    # SIPRI lists Poland's two Krab orders of 54 in 2022 separately; Oryx's 54 joins only the first.
    groups = duplicates(
        [
            _r(10, "sipri", "POL", KRAB, 54, year=2022),
            _r(11, "sipri", "POL", KRAB, 54, year=2022),
            _r(12, "oryx", "POL", KRAB, 54),
        ]
    )
    assert [[r.pledge_id for r in g.records] for g in groups] == [[10, 12]]


def test_entered_pledges_within_the_window_are_duplicates_further_apart_they_are_not():
    near = duplicates(
        [
            _r(1, "", on=dt.date(2025, 1, 10), status="committed"),
            _r(2, "", on=dt.date(2025, 3, 1), status="announced"),
        ]
    )
    assert (
        len(near) == 1 and near[0].keep.pledge_id == 1
    )  # committed is further along than announced
    assert duplicates([_r(1, "", on=dt.date(2025, 1, 10)), _r(2, "", on=dt.date(2025, 6, 1))]) == []


def test_a_year_and_a_date_are_close_within_the_year_widened_by_the_window():
    assert close(_r(1, "sipri", year=2024), _r(2, "", on=dt.date(2024, 12, 15)))
    assert close(_r(1, "sipri", year=2023), _r(2, "", on=dt.date(2024, 3, 1)))
    assert not close(_r(1, "sipri", year=2023), _r(2, "", on=dt.date(2024, 6, 1)))
    assert not close(_r(1, "sipri", year=2022), _r(2, "kiel-weapons", year=2024))


def test_other_quantity_other_donor_withdrawn_or_empty_are_not_duplicates():
    assert duplicates([_r(1, "sipri", year=2022), _r(2, "oryx", quantity=9)]) == []
    assert duplicates([_r(1, "sipri", year=2022), _r(2, "oryx", donor="CAN")]) == []
    assert duplicates([_r(1, "sipri", year=2022), _r(2, "oryx", status="withdrawn")]) == []
    assert duplicates([_r(1, "sipri", quantity=0), _r(2, "oryx", quantity=0)]) == []


def test_the_report_is_the_ledgers_lines_and_follows_a_coordinators_split():
    # One duplicate report, built on the aid ledger's matcher: what the ledger links, the report groups.
    records = [
        _r(1, "sipri", quantity=253, year=2023),
        _r(2, "oryx", quantity=287),
        _r(3, "kiel-weapons", quantity=253, status="committed"),
    ]
    [group] = duplicates(records)
    assert [r.pledge_id for r in group.records] == [1, 2, 3] and group.keep.pledge_id == 1
    [kept] = duplicates(records, decisions=[Decision(1, 2, link=False), Decision(2, 3, link=False)])
    assert [r.pledge_id for r in kept.records] == [1, 3]
    assert duplicates([_r(1, "planning-scenario", quantity=6), _r(2, "sipri", year=2022)]) == []
