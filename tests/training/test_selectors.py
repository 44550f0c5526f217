from __future__ import annotations

from nsatu.training.selectors import (
    cohort_list,
    course_list,
    course_prerequisites,
    trained_by_quarter,
)


def test_an_owner_only_course_and_its_cohorts_are_seen_by_its_host_alone(
    training, coordinator, liaison_de, liaison_pl, analyst
):
    secret = training.polish_secret.pk
    assert secret in set(course_list(user=liaison_pl).values_list("pk", flat=True))
    for user in (coordinator, liaison_de, analyst):
        assert secret not in set(course_list(user=user).values_list("pk", flat=True))
        assert not cohort_list(user=user).filter(course_id=secret).exists()
    assert not course_list(user=analyst).exists()  # participants' records are not public
    courses = list(course_list(user=liaison_de))
    assert [
        p.name for p in course_prerequisites(user=liaison_de, courses=courses)[training.pilots.pk]
    ] == ["English for aviators"]


def test_trained_by_quarter_counts_only_visible_cohorts(training, liaison_de, liaison_pl):
    # German view: the pilot cohort ended 2025-12-01 with 2 graduates of 4 seats.
    assert [
        (q.label, q.graduated, q.expected, q.seats) for q in trained_by_quarter(user=liaison_de)
    ] == [("2025-Q4", 2, 0, 4)]
    # Polish view adds its own cohort: 2025-09-01 + 4 weeks = 2025-09-29 (Q3), 30 graduated of 30.
    assert [(q.label, q.graduated, q.seats) for q in trained_by_quarter(user=liaison_pl)] == [
        ("2025-Q3", 30, 30),
        ("2025-Q4", 2, 4),
    ]
