"""Readiness from the database as each person sees it (the arithmetic is that of tests/engine/test_readiness.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nsatu.catalogue.models import ItemType
from nsatu.core.models import Releasability
from nsatu.demo.courses import demo_courses_build
from nsatu.needs.models import Requirement
from nsatu.planning.models import AllocationRun, LineState, PlanLine
from nsatu.pledges.models import Pledge, PledgeStatus, Tranche
from nsatu.training.models import Cohort, Course
from nsatu.training.readiness import readiness_get
from tests.training.conftest import TODAY


def test_fighters_before_pilots_are_flagged_with_the_gap_and_the_cohorts(training, liaison_de):
    view = readiness_get(user=liaison_de, today=TODAY)
    (row,) = view.rows
    # Tranche available 2026-05-01 + 1 month of transit = arrival 2026-06-01; 6 aircraft x 1 pilot; 2 graduated.
    assert (row.delivery.key, row.delivery.arrival, row.crews_needed, row.crews_ready, row.gap) == (
        f"tranche:{training.tranche.pk}",
        dt.date(2026, 6, 1),
        6,
        2,
        4,
    )
    # Language 2026-01-05 -> 03-30 (8 seats), then pilots 03-30 -> 09-14 (4 seats): too late for June.
    assert [(view.course_name(p.course_id), p.start, p.end, p.seats) for p in row.proposals] == [
        ("English for aviators", dt.date(2026, 1, 5), dt.date(2026, 3, 30), 8),
        ("F-16 conversion", dt.date(2026, 3, 30), dt.date(2026, 9, 14), 4),
    ]
    assert row.earliest_arrival == dt.date(2026, 9, 14)
    # No AIM-120 is pledged: the aircraft would not be ready even with pilots.
    assert row.flags == ("late", "no_ammunition") and not row.ready


def test_a_course_hidden_from_a_user_does_not_shape_their_figures(training, liaison_pl):
    (row,) = readiness_get(user=liaison_pl, today=TODAY).rows
    # Poland sees its own 30 graduates of 2025-09-29 beside Germany's 2: the 6 pilots are there.
    assert (row.crews_ready, row.gap, row.proposals) == (6, 0, ())


def test_an_accepted_plan_line_replaces_its_tranche_and_ammunition_in_stock_counts(
    training, parties, coordinator, liaison_de
):
    run = AllocationRun.objects.create(
        status="done", objective=1, owner=parties["NSATU"], releasability=Releasability.COMMAND
    )
    req = Requirement.objects.create(
        reference="R-1",
        title="Fighters",
        quantity=6,
        owner=parties["UKR"],
        releasability=Releasability.PARTICIPANTS,
    )
    PlanLine.objects.create(
        run=run,
        pledge=training.pledge,
        tranche=training.tranche,
        requirement=req,
        item_type=training.f16,
        source_kind="tranche",
        source_id="t",
        quantity=6,
        arrival=dt.date(2026, 12, 1),
        month=11,
        value=1,
        state=LineState.ACCEPTED,
        decided_at=timezone.now(),
        owner=parties["NOR"],
        releasability=Releasability.COMMAND,
    )
    missile = ItemType.objects.create(
        name="AIM-120C",
        provides_family=training.f16.ammunition_families.get(),
        releasability=Releasability.PUBLIC,
    )
    Pledge.objects.create(
        donor=parties["USA"],
        recipient=parties["UKR"],
        item_type=missile,
        quantity=50,
        status=PledgeStatus.DELIVERED,
        owner=parties["USA"],
        releasability=Releasability.PARTICIPANTS,
    )
    (row,) = readiness_get(user=coordinator, today=TODAY).rows
    # The line carries the tranche: one delivery, in December; 2026-09-14 -> 12-01 leaves 78 days.
    assert (row.delivery.source, row.delivery.arrival, row.gap, row.slack_days) == (
        "plan",
        dt.date(2026, 12, 1),
        4,
        78,
    )
    assert row.ammunition_ready and row.flags == ("crew_gap",)
    # The liaison does not see the command's plan line; the tranche stays its delivery.
    assert readiness_get(user=liaison_de, today=TODAY).rows[0].delivery.source == "tranche"


def test_the_demo_scenario_shows_fighters_short_of_pilots(parties, coordinator):
    ItemType.objects.create(
        name="F-16 (AM/BM, C/D)", category="aircraft", releasability=Releasability.PUBLIC
    )
    first = demo_courses_build(actor=coordinator, today=dt.date(2026, 2, 10))
    again = demo_courses_build(actor=coordinator, today=dt.date(2026, 2, 10))
    assert (first.created, first.courses, first.cohorts, first.pledge_added) == (True, 2, 2, True)
    assert (
        again.created,
        Course.objects.count(),
        Cohort.objects.count(),
        Tranche.objects.count(),
    ) == (False, 2, 2, 2)
    assert all(c.dataset.key == "training-scenario" for c in Course.objects.all())
    view = readiness_get(user=coordinator, today=dt.date(2026, 2, 10))
    first_tranche, second_tranche = view.rows
    # 6 aircraft on 2026-05-01 (start 2026-02-01 + 3 months); 4 pilots graduated 2025-11-01: gap 2.
    assert (
        first_tranche.delivery.arrival,
        first_tranche.crews_needed,
        first_tranche.crews_ready,
    ) == (dt.date(2026, 5, 1), 6, 4)
    # Two seats of conversion need two English graduates: the English cohort ends 2026-02-01 + 4 weeks =
    # 2026-03-01; conversion 2026-03-01 + 26 weeks = 2026-08-30, after the arrival: late.
    assert [(p.start, p.end, p.seats) for p in first_tranche.proposals] == [
        (dt.date(2026, 3, 1), dt.date(2026, 8, 30), 2)
    ]
    assert "late" in first_tranche.flags and first_tranche.earliest_arrival == dt.date(2026, 8, 30)
    # The second 6 on 2027-02-01: 4 English graduates are left and a full English cohort of 8 is proposed
    # (2026-03-01 -> 06-21) for the other 2; conversion in the second place of the school 2026-06-21 -> 12-20.
    assert second_tranche.gap == 6 and second_tranche.ready_with_proposals == dt.date(2026, 12, 20)
    assert second_tranche.flags == ("crew_gap",)


def test_a_shipment_takes_its_units_off_the_tranche_it_carries(
    training, parties, liaison_de, liaison_no
):
    from nsatu.logistics.models import Hub, Shipment, ShipmentLine

    hub = Hub.objects.create(
        name="Rzeszów (test)", country=parties["POL"], releasability=Releasability.PUBLIC
    )
    shipment = Shipment.objects.create(
        reference="NOR-1",
        donor=parties["NOR"],
        recipient=parties["UKR"],
        origin="Ørland",
        hub=hub,
        handover_point="Lviv",
        planned_dispatch=dt.date(2026, 3, 2),
        planned_at_hub=dt.date(2026, 3, 9),
        planned_handover=dt.date(2026, 3, 16),
        owner=parties["NOR"],
        releasability=Releasability.OWNER,
    )
    ShipmentLine.objects.create(
        shipment=shipment,
        item_type=training.f16,
        quantity=2,
        pledge=training.pledge,
        tranche=training.tranche,
    )
    rows = readiness_get(user=liaison_no, today=TODAY).rows
    # Norway sees its shipment: 2 of the tranche's 6 arrive 2026-03-16 (2 German graduates of 2025-12-01 suffice),
    # the other 4 in June with no graduates left: gap 4.
    assert [(r.delivery.source, r.delivery.quantity, r.delivery.arrival, r.gap) for r in rows] == [
        ("shipment", 2, dt.date(2026, 3, 16), 0),
        ("tranche", 4, dt.date(2026, 6, 1), 4),
    ]
    # Germany does not see Norway's owner-only shipment: for it the tranche is whole.
    assert [
        (r.delivery.source, r.delivery.quantity)
        for r in readiness_get(user=liaison_de, today=TODAY).rows
    ] == [("tranche", 6)]
