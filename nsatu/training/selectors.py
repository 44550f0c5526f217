"""Reads of courses, cohorts and reported totals; every course and cohort read goes through `visible_q`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from nsatu.core.errors import NotFound
from nsatu.core.visibility import visible_q
from nsatu.training.models import Cohort, Course, ReportedTraining


def course_visible(*, user: Any) -> QuerySet[Course]:
    return Course.objects.filter(visible_q(user))


def course_list(
    *, user: Any, skill: str | None = None, host: str | None = None
) -> QuerySet[Course]:
    qs = course_visible(user=user).select_related("host", "item_type", "dataset")
    if skill:
        qs = qs.filter(skill=skill)
    if host:
        qs = qs.filter(host__code=host)
    return qs.order_by("name", "id")


def course_get(*, user: Any, pk: int) -> Course:
    course = course_list(user=user).filter(pk=pk).first()
    if course is None:
        raise NotFound(pk)
    return course


def course_prerequisites(*, user: Any, courses: list[Course]) -> dict[int, list[Course]]:
    """The visible prerequisites of each course: a hidden one is not named (nor counted) for this user."""
    through = Course.prerequisites.through
    visible = {
        c.pk: c
        for c in course_visible(user=user)
        .filter(required_by__in=[c.pk for c in courses])
        .distinct()
    }
    out: dict[int, list[Course]] = {c.pk: [] for c in courses}
    for from_id, to_id in through.objects.filter(from_course_id__in=list(out)).values_list(
        "from_course_id", "to_course_id"
    ):
        if to_id in visible:
            out[from_id].append(visible[to_id])
    return out


def cohort_visible(*, user: Any) -> QuerySet[Cohort]:
    # A cohort is read with its course: one visible without the other would name a hidden course.
    return Cohort.objects.filter(visible_q(user), visible_q(user, prefix="course__"))


def cohort_list(*, user: Any, course: int | None = None) -> QuerySet[Cohort]:
    qs = cohort_visible(user=user).select_related("course", "course__host", "course__item_type")
    if course:
        qs = qs.filter(course_id=course)
    return qs.order_by("start", "id")


def cohort_get(*, user: Any, pk: int) -> Cohort:
    cohort = cohort_list(user=user).filter(pk=pk).first()
    if cohort is None:
        raise NotFound(pk)
    return cohort


def reported_training_list() -> QuerySet[ReportedTraining]:
    """Totals programmes published: public data, every role may read them."""
    return ReportedTraining.objects.select_related("dataset").order_by(
        "programme", "reported_date", "measure"
    )


@dataclass(frozen=True)
class Quarter:
    label: str  # 2026-Q1
    graduated: int  # cohorts ended in the quarter with a recorded result
    expected: int  # cohorts ending in the quarter without a result yet: enrolled, else seats
    seats: int  # capacity: seats of the cohorts ending in the quarter


def trained_by_quarter(*, user: Any) -> list[Quarter]:
    """Personnel trained per quarter of the cohorts' end, against their seats, over the visible cohorts only."""
    totals: dict[str, list[int]] = {}
    for end, seats, enrolled, graduated in cohort_visible(user=user).values_list(
        "end", "seats", "enrolled", "graduated"
    ):
        label = f"{end.year}-Q{(end.month - 1) // 3 + 1}"
        row = totals.setdefault(label, [0, 0, 0])
        if graduated is not None:
            row[0] += graduated
        else:
            row[1] += enrolled or seats
        row[2] += seats
    return [Quarter(label, *totals[label]) for label in sorted(totals)]
