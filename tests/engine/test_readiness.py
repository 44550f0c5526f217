"""Readiness on hand-checked cases; the date arithmetic is written out beside each expectation."""

from __future__ import annotations

import datetime as dt

import pytest

from nsatu.engine.readiness import (
    IN_STOCK,
    AmmunitionArrival,
    Cohort,
    Course,
    Delivery,
    ReadinessError,
    assess,
    cohorts_needed,
)

TODAY = dt.date(2026, 1, 5)  # a Monday
F16 = 1
LANGUAGE = Course(10, "English for aviation", "language", duration_weeks=12, seats=8)
PILOT = Course(
    20,
    "F-16 pilot conversion",
    "pilot",
    duration_weeks=24,
    seats=4,
    item_type_id=F16,
    per_unit=1,
    prerequisites=(10,),
)


def f16(quantity: int, arrival: dt.date, key: str = "t1", **kw: object) -> Delivery:
    return Delivery(key, F16, "F-16", quantity, arrival, "tranche", **kw)  # type: ignore[arg-type]


def test_fighters_before_pilots_are_late_and_the_pipeline_gives_the_earliest_arrival() -> None:
    graduated = Cohort(
        20, dt.date(2025, 6, 16), dt.date(2025, 12, 1), seats=4, enrolled=3, graduated=2
    )
    result = assess(
        courses=[LANGUAGE, PILOT],
        cohorts=[graduated],
        deliveries=[f16(6, dt.date(2026, 6, 1))],
        today=TODAY,
    )
    row = result.rows[0]
    # 6 aircraft x 1 pilot = 6 needed; the cohort that ended 2025-12-01 graduated 2 -> gap 4.
    assert (row.crews_needed, row.crews_ready, row.gap) == (6, 2, 4)
    # The pilot course needs the language course first, and no language graduates exist:
    # language 2026-01-05 + 12 weeks (84 days: 26 left in Jan, 28 Feb, 30 Mar) = 2026-03-30, one full cohort of 8;
    # pilots 2026-03-30 + 24 weeks (168 days: 31 to Apr 30, 31 May, 30 Jun, 31 Jul, 31 Aug, +14) = 2026-09-14.
    assert [(p.course_id, p.start, p.end, p.seats) for p in row.proposals] == [
        (10, dt.date(2026, 1, 5), dt.date(2026, 3, 30), 8),
        (20, dt.date(2026, 3, 30), dt.date(2026, 9, 14), 4),
    ]
    # The aircraft arrive 2026-06-01, before 2026-09-14: late, and the earliest arrival with crews is 2026-09-14.
    assert row.flags == ("late",)
    assert row.earliest_arrival == dt.date(2026, 9, 14)
    assert not row.ready
    assert row.slack_days is None


def test_a_later_arrival_is_ready_on_arrival_with_the_proposed_cohorts_and_their_slack() -> None:
    graduated = Cohort(20, dt.date(2025, 6, 16), dt.date(2025, 12, 1), seats=4, graduated=2)
    row = assess(
        courses=[LANGUAGE, PILOT],
        cohorts=[graduated],
        deliveries=[f16(6, dt.date(2026, 12, 1))],
        today=TODAY,
    ).rows[0]
    # Same cohorts as above end 2026-09-14; 2026-09-14 -> 2026-12-01 = 16 + 31 + 30 + 1 = 78 days of slack.
    assert row.flags == ("crew_gap",)
    assert row.earliest_arrival == dt.date(2026, 12, 1)
    assert row.slack_days == 78
    assert row.ready_with_proposals == dt.date(2026, 9, 14)
    assert not row.ready  # ready only with the proposed cohorts, not on today's schedule


def test_seats_per_cohort_split_the_gap_and_the_school_runs_one_cohort_at_a_time() -> None:
    row = assess(
        courses=[LANGUAGE, PILOT],
        cohorts=[],
        deliveries=[f16(10, dt.date(2027, 1, 4))],
        today=TODAY,
    ).rows[0]
    # Gap 10 with 4 pilot seats -> cohorts of 4, 4, 2, one after the other:
    # L1 (8 seats) 2026-01-05 -> 03-30; P1 03-30 -> 09-14 uses 4 of them;
    # P2 09-14 -> 2027-03-01 (168 days: 16 Sep, 31 Oct, 30 Nov, 31 Dec, 31 Jan, 28 Feb, +1) uses the other 4;
    # P3 needs 2 more language graduates: L2 starts when L1 ends, 2026-03-30 -> 06-22 (31 + 31 + 22 = 84 days);
    # P3 2027-03-01 -> 2027-08-16 (168 days: 30 Mar, 30 Apr, 31 May, 30 Jun, 31 Jul, +16).
    assert [(p.course_id, p.start, p.end, p.seats) for p in row.proposals] == [
        (10, dt.date(2026, 1, 5), dt.date(2026, 3, 30), 8),
        (20, dt.date(2026, 3, 30), dt.date(2026, 9, 14), 4),
        (20, dt.date(2026, 9, 14), dt.date(2027, 3, 1), 4),
        (10, dt.date(2026, 3, 30), dt.date(2026, 6, 22), 8),
        (20, dt.date(2027, 3, 1), dt.date(2027, 8, 16), 2),
    ]
    assert row.earliest_arrival == dt.date(2027, 8, 16)
    assert cohorts_needed(10, 4) == 3


def test_two_cohorts_at_once_halve_the_wait() -> None:
    pilots = Course(
        20,
        "F-16 pilot conversion",
        "pilot",
        24,
        4,
        item_type_id=F16,
        per_unit=1,
        prerequisites=(10,),
        concurrent=2,
    )
    row = assess(
        courses=[LANGUAGE, pilots],
        cohorts=[],
        deliveries=[f16(10, dt.date(2027, 4, 5))],
        today=TODAY,
    ).rows[0]
    # P1 and P2 both 2026-03-30 -> 09-14 on the 8 graduates of L1; P3 (2 seats) 2026-09-14 -> 2027-03-01 after L2.
    # Ready 2027-03-01, 35 days (30 in March + 5) before the arrival 2027-04-05.
    assert [(p.course_id, p.start, p.seats) for p in row.proposals if p.course_id == 20] == [
        (20, dt.date(2026, 3, 30), 4),
        (20, dt.date(2026, 3, 30), 4),
        (20, dt.date(2026, 9, 14), 2),
    ]
    assert row.ready_with_proposals == dt.date(2027, 3, 1)
    assert row.slack_days == 35
    assert row.flags == ("crew_gap",)


def test_graduates_serve_deliveries_in_order_of_arrival_and_the_rest_are_idle() -> None:
    quick = Course(
        30, "Pilot course", "pilot", duration_weeks=10, seats=4, item_type_id=F16, per_unit=1
    )
    done = Cohort(
        30, dt.date(2025, 11, 24), dt.date(2026, 2, 2), seats=4
    )  # no result recorded: 4 seats -> 4
    result = assess(
        courses=[quick],
        cohorts=[done],
        today=TODAY,
        deliveries=[f16(3, dt.date(2026, 4, 6), key="b"), f16(2, dt.date(2026, 3, 2), key="a")],
    )
    first, second = result.rows
    assert first.delivery.key == "a" and (first.crews_ready, first.gap) == (2, 0) and first.ready
    # 4 graduates - 2 for "a" = 2 left for "b", which needs 3: gap 1. The school is busy until 2026-02-02,
    # so one seat 2026-02-02 -> +70 days (26 Feb, 31 Mar, +13) = 2026-04-13, a week after the arrival.
    assert (second.crews_ready, second.gap) == (2, 1)
    assert [(p.start, p.end, p.seats) for p in second.proposals] == [
        (dt.date(2026, 2, 2), dt.date(2026, 4, 13), 1)
    ]
    assert second.flags == ("late",) and second.earliest_arrival == dt.date(2026, 4, 13)
    assert result.idle == ()

    spare = assess(
        courses=[quick],
        cohorts=[Cohort(30, dt.date(2025, 11, 24), dt.date(2026, 2, 2), 8, 7, 6)],
        deliveries=[f16(2, dt.date(2026, 3, 2))],
        today=TODAY,
    )
    # 6 graduated, 2 used: 4 pilots without aircraft since 2026-02-02.
    assert [(i.course_id, i.graduates, i.since) for i in spare.idle] == [
        (30, 4, dt.date(2026, 2, 2))
    ]


def test_crews_without_any_delivery_are_idle() -> None:
    result = assess(
        courses=[LANGUAGE, PILOT],
        cohorts=[Cohort(20, dt.date(2025, 6, 2), dt.date(2025, 11, 17), 4)],
        deliveries=[],
        today=TODAY,
    )
    assert result.rows == ()
    assert [(i.graduates, i.since) for i in result.idle] == [(4, dt.date(2025, 11, 17))]


def test_ready_needs_the_ammunition_too() -> None:
    crews = [Cohort(20, dt.date(2025, 6, 2), dt.date(2025, 11, 17), 4, graduated=4)]
    delivery = f16(
        4, dt.date(2026, 6, 1), ammunition_families=("AIM-120 AMRAAM", "AIM-9 Sidewinder")
    )
    late_missiles = [AmmunitionArrival("AIM-120 AMRAAM", dt.date(2026, 7, 1))]
    row = assess(
        courses=[LANGUAGE, PILOT],
        cohorts=crews,
        deliveries=[delivery],
        ammunition=late_missiles,
        today=TODAY,
    ).rows[0]
    assert (
        row.gap == 0
        and not row.ammunition_ready
        and not row.ready
        and row.flags == ("no_ammunition",)
    )
    in_stock = [AmmunitionArrival("AIM-9 Sidewinder", IN_STOCK)]
    row = assess(
        courses=[LANGUAGE, PILOT],
        cohorts=crews,
        deliveries=[delivery],
        ammunition=in_stock,
        today=TODAY,
    ).rows[0]
    assert row.ready and row.flags == ()


def test_an_item_type_with_crews_but_no_course_cannot_be_trained_for() -> None:
    tank = Delivery("t9", 7, "Leopard 2A4", 5, dt.date(2026, 5, 4), crew_per_unit=4)
    gun = Delivery("t8", 8, "Shells", 100, dt.date(2026, 5, 4))  # no crews needed: no row
    result = assess(courses=[LANGUAGE, PILOT], cohorts=[], deliveries=[tank, gun], today=TODAY)
    (row,) = result.rows
    # 5 tanks x 4 crew = 20, no course trains them.
    assert (row.crews_needed, row.gap, row.flags, row.earliest_arrival) == (
        20,
        20,
        ("no_course",),
        None,
    )
    assert row.proposals == ()


def test_the_item_types_crew_per_unit_applies_when_the_course_sets_none() -> None:
    crew = Course(40, "Leopard crew", "crew", 8, 20, item_type_id=7)
    row = assess(
        courses=[crew],
        cohorts=[],
        today=TODAY,
        deliveries=[Delivery("t9", 7, "Leopard 2A4", 5, dt.date(2026, 5, 4), crew_per_unit=4)],
    ).rows[0]
    # 5 x 4 = 20 crew = one cohort of 20: 2026-01-05 + 8 weeks = 2026-03-02, ready on arrival 2026-05-04.
    assert row.crews_needed == 20
    assert [(p.start, p.end, p.seats) for p in row.proposals] == [
        (dt.date(2026, 1, 5), dt.date(2026, 3, 2), 20)
    ]
    assert row.flags == ("crew_gap",)


def test_cohort_output_is_the_result_then_the_enrolment_then_the_seats() -> None:
    assert Cohort(1, TODAY, TODAY, seats=8, enrolled=7, graduated=0).output == 0
    assert Cohort(1, TODAY, TODAY, seats=8, enrolled=5).output == 5
    assert Cohort(1, TODAY, TODAY, seats=8).output == 8


def test_a_cycle_of_prerequisites_is_refused_by_name() -> None:
    a = Course(1, "A", "pilot", 4, 4, item_type_id=F16, per_unit=1, prerequisites=(2,))
    b = Course(2, "B", "language", 4, 4, prerequisites=(1,))
    with pytest.raises(ReadinessError, match="cycle: A -> B -> A"):
        assess(courses=[a, b], cohorts=[], deliveries=[f16(1, dt.date(2026, 6, 1))], today=TODAY)
    with pytest.raises(ReadinessError, match="requires course 99"):
        assess(
            courses=[Course(3, "C", "pilot", 4, 4, prerequisites=(99,))],
            cohorts=[],
            deliveries=[],
            today=TODAY,
        )


def test_courses_of_the_same_skill_are_alternatives_and_the_gap_goes_to_the_faster_one() -> None:
    short = Course(
        50, "Short pilot course", "pilot", duration_weeks=10, seats=2, item_type_id=F16, per_unit=1
    )
    done = Cohort(20, dt.date(2025, 6, 16), dt.date(2025, 12, 1), seats=4, graduated=1)
    row = assess(
        courses=[LANGUAGE, PILOT, short],
        cohorts=[done],
        deliveries=[f16(5, dt.date(2026, 6, 1))],
        today=TODAY,
    ).rows[0]
    # One skill, two courses: 5 pilots needed once (not per course); the graduate of course 20 counts -> gap 4.
    assert [(n.skill, n.course_ids, n.needed, n.ready) for n in row.needs] == [
        ("pilot", (20, 50), 5, 1)
    ]
    # Course 20 would end 2026-09-14 (language first). Course 50, two seats at a time, no prerequisite:
    # 2026-01-05 + 70 days (26 + 28 + 16) = 03-16, then 03-16 + 70 days (15 + 30 + 25) = 05-25: the faster one.
    assert [(p.course_id, p.start, p.end, p.seats) for p in row.proposals] == [
        (50, dt.date(2026, 1, 5), dt.date(2026, 3, 16), 2),
        (50, dt.date(2026, 3, 16), dt.date(2026, 5, 25), 2),
    ]
    assert row.slack_days == 7 and row.flags == ("crew_gap",)
