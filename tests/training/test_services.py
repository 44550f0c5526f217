from __future__ import annotations

import datetime as dt

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.training.models import Cohort, Course
from nsatu.training.services import cohort_create, cohort_update, course_create


def test_courses_belong_to_their_host_and_every_write_is_audited(
    training, parties, liaison_de, planner, analyst
):
    assert training.pilots.owner == parties["DEU"] and training.graduated.owner == parties["DEU"]
    assert AuditEvent.objects.filter(
        action="course.create", object_id=str(training.pilots.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action="cohort.create", object_id=str(training.graduated.pk)
    ).exists()
    with pytest.raises(PermissionDenied, match="only for courses its own nation hosts"):
        course_create(
            actor=liaison_de,
            host=parties["POL"],
            name="X",
            skill="language",
            duration_weeks=4,
            seats_per_cohort=4,
        )
    with pytest.raises(PermissionDenied, match="only for courses its own nation hosts"):
        cohort_create(actor=liaison_de, course=training.polish_secret, start=dt.date(2026, 2, 2))
    for who in (planner, analyst):
        with pytest.raises(PermissionDenied):
            course_create(
                actor=who,
                host=parties["DEU"],
                name="X",
                skill="language",
                duration_weeks=4,
                seats_per_cohort=4,
            )
    assert Course.objects.filter(name="X").count() == 0


def test_bad_input_is_named_and_changes_nothing(training, parties, coordinator, liaison_de):
    with pytest.raises(ValidationError) as caught:
        course_create(
            actor=coordinator,
            host=parties["DEU"],
            name="Crew",
            skill="crew",
            duration_weeks=4,
            seats_per_cohort=4,
        )
    assert "item_type" in caught.value.message_dict
    before = Cohort.objects.count()
    with pytest.raises(ValidationError) as caught:
        cohort_create(
            actor=liaison_de,
            course=training.pilots,
            start=dt.date(2026, 3, 2),
            end=dt.date(2026, 3, 1),
            seats=4,
            enrolled=5,
            graduated=6,
        )
    assert set(caught.value.message_dict) == {"end", "enrolled", "graduated"}
    assert Cohort.objects.count() == before


def test_a_cohort_defaults_to_the_courses_duration_and_seats(training, liaison_de):
    cohort = cohort_create(actor=liaison_de, course=training.pilots, start=dt.date(2026, 3, 2))
    # 24 weeks after 2026-03-02 = 168 days: 29 in March, 30 Apr, 31 May, 30 Jun, 31 Jul, +17 -> 2026-08-17.
    assert (cohort.end, cohort.seats, cohort.releasability) == (
        dt.date(2026, 8, 17),
        4,
        "participants",
    )


def test_recording_results_is_versioned(training, liaison_de, coordinator):
    cohort = training.graduated
    updated = cohort_update(
        actor=coordinator, cohort=cohort, expected_version=cohort.version, graduated=3
    )
    assert (updated.graduated, updated.version) == (3, 2)
    with pytest.raises(ConflictError, match="graduated is now 3"):
        cohort_update(actor=liaison_de, cohort=cohort, expected_version=1, graduated=1)
    with pytest.raises(ValidationError) as caught:
        cohort_update(actor=liaison_de, cohort=updated, expected_version=2, graduated=4)
    assert "graduated" in caught.value.message_dict
    assert Cohort.objects.get(pk=cohort.pk).graduated == 3
