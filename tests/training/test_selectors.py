from __future__ import annotations

import pytest

from nsatu.core.errors import ValidationError
from nsatu.training.selectors import (
    cohort_list,
    course_input_resolve,
    course_list,
    course_prerequisites,
    trained_by_quarter,
    training_page_get,
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


def test_the_course_page_reads_what_the_user_may_see(training, liaison_de):
    page = training_page_get(user=liaison_de)
    assert training.polish_secret not in page.courses
    assert [p.name for p in page.prerequisites[training.pilots.pk]] == ["English for aviators"]
    assert [(q.label, q.graduated) for q in page.quarters] == [("2025-Q4", 2)]


def test_a_hidden_prerequisite_is_a_field_error_like_an_unknown_one(training, liaison_de):
    refs = course_input_resolve(
        user=liaison_de, host="deu", item_type=None, prerequisites=[training.language.pk]
    )
    assert (refs.host.code, refs.item_type, refs.prerequisites) == (
        "DEU",
        None,
        [training.language],
    )
    with pytest.raises(ValidationError) as hidden:
        course_input_resolve(
            user=liaison_de, host="DEU", item_type=None, prerequisites=[training.polish_secret.pk]
        )
    assert list(hidden.value.message_dict) == ["prerequisites"]
