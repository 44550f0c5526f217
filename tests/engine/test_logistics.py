"""Hub throughput against capacity and late shipments, on hand-checked cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from nsatu.engine.logistics import HubPassage, Timing, fleet_available, lateness, throughput

MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)


def test_throughput_sums_tonnes_per_hub_and_month_and_flags_over_capacity():
    passages = [
        HubPassage(1, "Rzeszów", dt.date(2026, 3, 5), None, D("60")),
        HubPassage(2, "Rzeszów", dt.date(2026, 3, 28), None, D("45.5")),
        # Planned for March but reached the hub in April: counts in April.
        HubPassage(3, "Rzeszów", dt.date(2026, 3, 30), dt.date(2026, 4, 2), D("30")),
        HubPassage(4, "Campia Turzii", dt.date(2026, 3, 10), None, D("500"), lines_without_mass=2),
        HubPassage(5, "Rzeszów", dt.date(2026, 3, 10), None, D("999"), status="cancelled"),
    ]
    months = throughput(passages, {"Rzeszów": D("100"), "Campia Turzii": None})
    got = {(m.hub, m.month): (m.tonnes, m.shipments, m.over, m.lines_without_mass) for m in months}
    assert got == {
        ("Campia Turzii", MARCH): (D("500"), 1, False, 2),  # no stated capacity: never flagged
        ("Rzeszów", MARCH): (D("105.5"), 2, True, 0),  # 60 + 45.5 > 100
        ("Rzeszów", APRIL): (D("30"), 1, False, 0),
    }
    assert [m.hub for m in months] == ["Campia Turzii", "Rzeszów", "Rzeszów"]


def test_exactly_at_capacity_is_not_over():
    [m] = throughput([HubPassage(1, "H", MARCH, None, D("100"))], {"H": D("100")})
    assert not m.over and m.utilisation == 1


def _timing(status, actual=None):
    planned = {
        "dispatched": dt.date(2026, 3, 1),
        "at_hub": dt.date(2026, 3, 5),
        "handed_over": dt.date(2026, 3, 10),
    }
    return Timing(
        1,
        status,
        planned,
        {"dispatched": None, "at_hub": None, "handed_over": None} | (actual or {}),
    )


def test_planned_shipment_overdue_for_dispatch():
    late = lateness(_timing("planned"), today=dt.date(2026, 3, 4))
    assert (late.milestone, late.days, late.overdue) == ("dispatched", 3, True)


def test_on_time_until_the_planned_day_passes():
    assert lateness(_timing("planned"), today=dt.date(2026, 3, 1)) is None


def test_milestone_reached_late_is_reported_with_its_delay():
    late = lateness(
        _timing("at_hub", {"dispatched": dt.date(2026, 3, 1), "at_hub": dt.date(2026, 3, 8)}),
        today=dt.date(2026, 3, 9),
    )
    assert (late.milestone, late.days, late.overdue) == ("at_hub", 3, False)


def test_received_and_cancelled_shipments_are_not_overdue():
    assert lateness(_timing("cancelled"), today=dt.date(2026, 5, 1)) is None
    on_time = {
        "dispatched": dt.date(2026, 3, 1),
        "at_hub": dt.date(2026, 3, 5),
        "handed_over": dt.date(2026, 3, 10),
    }
    assert lateness(_timing("received", on_time), today=dt.date(2026, 5, 1)) is None


def test_units_under_repair_leave_the_fleet_never_below_zero():
    assert fleet_available({1: 10, 2: 3, 3: 4}, {1: 2, 2: 5}) == {1: 8, 2: 0, 3: 4}
