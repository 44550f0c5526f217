"""Reads of the cohorts page: every cohort of a visible course, filtered and ordered over the whole list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from nsatu.core.actors import Reader
from nsatu.training.models import Cohort, Course
from nsatu.training.selectors import cohort_list, course_visible

# A cohort's state on a day: it has not begun, it runs, or it has ended.
UPCOMING, RUNNING, ENDED = "upcoming", "running", "ended"


@dataclass(frozen=True)
class CohortFilter:
    course: int | None = None
    state: str = ""
    start_from: dt.date | None = None
    start_to: dt.date | None = None


def cohort_page_list(
    *,
    user: Reader,
    chosen: CohortFilter,
    order: Sequence[str] = ("start", "id"),
    today: dt.date | None = None,
) -> QuerySet[Cohort]:
    qs = cohort_list(user=user, course=chosen.course)
    day = today or timezone.localdate()
    if chosen.state == UPCOMING:
        qs = qs.filter(start__gt=day)
    elif chosen.state == RUNNING:
        qs = qs.filter(start__lte=day, end__gte=day)
    elif chosen.state == ENDED:
        qs = qs.filter(end__lt=day)
    if chosen.start_from is not None:
        qs = qs.filter(start__gte=chosen.start_from)
    if chosen.start_to is not None:
        qs = qs.filter(start__lte=chosen.start_to)
    return qs.order_by(*order)


def cohort_course_choices(*, user: Reader) -> QuerySet[Course]:
    """The courses the cohort filter offers: those the user may see, by name."""
    return course_visible(user=user).order_by("name", "id")
