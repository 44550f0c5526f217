"""Reads of courses, cohorts and reported totals; every course and cohort read goes through `visible_q`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.db.models import QuerySet
from django.utils import timezone

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_get, item_type_refs_mark, item_type_visible
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.refs import field_ref, ref_restricted
from nsatu.core.visibility import readable_releasabilities, visible_q
from nsatu.parties.models import Party, PartyKind
from nsatu.parties.selectors import party_get, party_visible
from nsatu.training import rules
from nsatu.training.models import Cohort, Course, ReportedTraining


def course_visible(*, user: Reader) -> QuerySet[Course]:
    return Course.objects.filter(visible_q(user))


def course_list(
    *,
    user: Reader,
    skill: str | None = None,
    host: str | None = None,
    order: Sequence[str] = ("name", "id"),
) -> QuerySet[Course]:
    qs = course_visible(user=user).select_related("host", "item_type", "dataset")
    qs = item_type_refs_mark(qs, user=user)
    if skill:
        qs = qs.filter(skill=skill)
    if host:
        qs = qs.filter(host__code=host)
    return qs.order_by(*order)


def course_get(*, user: Reader, pk: int) -> Course:
    course = course_list(user=user).filter(pk=pk).first()
    if course is None:
        raise NotFound(pk)
    return course


def course_prerequisites(*, user: Reader, courses: list[Course]) -> dict[int, list[Course]]:
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


def cohort_visible(*, user: Reader) -> QuerySet[Cohort]:
    # A cohort is read with its course: one visible without the other would name a hidden course.
    return Cohort.objects.filter(visible_q(user), visible_q(user, prefix="course__"))


def cohort_list(*, user: Reader, course: int | None = None) -> QuerySet[Cohort]:
    qs = cohort_visible(user=user).select_related("course", "course__host", "course__item_type")
    if course:
        qs = qs.filter(course_id=course)
    return qs.order_by("start", "id")


def cohort_get(*, user: Reader, pk: int) -> Cohort:
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


def trained_by_quarter(*, user: Reader) -> list[Quarter]:
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


@dataclass(frozen=True)
class TrainingPage:
    courses: list[Course]
    prerequisites: dict[int, list[Course]]
    cohorts: QuerySet[Cohort]
    quarters: list[Quarter]
    reported: QuerySet[ReportedTraining]


def training_page_get(
    *,
    user: Reader,
    skill: str | None = None,
    host: str | None = None,
    order: Sequence[str] = ("name", "id"),
) -> TrainingPage:
    courses = list(course_list(user=user, skill=skill, host=host, order=order))
    return TrainingPage(
        courses,
        course_prerequisites(user=user, courses=courses),
        cohort_list(user=user),
        trained_by_quarter(user=user),
        reported_training_list(),
    )


@dataclass(frozen=True)
class CourseRow:
    course: Course
    prerequisites: list[Course]  # the visible ones only


def course_rows(
    *, user: Reader, skill: str | None = None, host: str | None = None
) -> list[CourseRow]:
    return _with_prerequisites(user, list(course_list(user=user, skill=skill, host=host)))


def course_row_get(*, user: Reader, pk: int) -> CourseRow:
    return _with_prerequisites(user, [course_get(user=user, pk=pk)])[0]


def _with_prerequisites(user: Reader, courses: list[Course]) -> list[CourseRow]:
    prerequisites = course_prerequisites(user=user, courses=courses)
    return [CourseRow(c, prerequisites[c.pk]) for c in courses]


@dataclass(frozen=True)
class CourseRefs:
    host: Party
    item_type: ItemType | None
    prerequisites: list[Course]


def course_input_resolve(
    *, user: Reader, host: str, item_type: int | None, prerequisites: Sequence[int]
) -> CourseRefs:
    """The records a course's input names; one the user may not see is a field error."""
    return CourseRefs(
        field_ref("host", host, partial(party_get, user=user, code=host.upper())),
        None
        if item_type is None
        else field_ref("item_type", item_type, partial(item_type_get, user=user, pk=item_type)),
        [
            field_ref("prerequisites", pk, partial(course_get, user=user, pk=pk))
            for pk in prerequisites
        ],
    )


def cohort_input_resolve(*, user: Reader, course: int) -> Course:
    """The course a cohort's input names; one the user may not see is a field error."""
    return field_ref("course", course, partial(course_get, user=user, pk=course))


@dataclass(frozen=True)
class CourseFormChoices:
    """What the course form offers: a liaison's own nation as host, the command any nation; visible records only."""

    hosts: QuerySet[Party]
    item_types: QuerySet[ItemType]
    prerequisites: QuerySet[Course]
    releasabilities: list[str]
    own_host: str | None


def course_form_choices(*, user: Reader) -> CourseFormChoices:
    own = rules.host_limited_to(user)
    hosts = party_visible(user=user).filter(kind=PartyKind.NATION).order_by("name")
    if own is not None:
        hosts = hosts.filter(pk=own)
    own_party = hosts.first() if own else None
    return CourseFormChoices(
        hosts=hosts,
        item_types=item_type_visible(user=user).order_by("name"),
        prerequisites=course_visible(user=user).select_related("host").order_by("name", "id"),
        releasabilities=readable_releasabilities(user, owner_id=own),
        own_host=own_party.code if own_party else None,
    )


@dataclass(frozen=True)
class CoursePage:
    course: Course
    prerequisites: list[Course]  # the visible ones only
    cohorts: list[Cohort]
    may_write: bool
    today: dt.date


def course_page_get(*, user: Reader, pk: int) -> CoursePage:
    row = course_row_get(user=user, pk=pk)
    return CoursePage(
        course=row.course,
        prerequisites=row.prerequisites,
        cohorts=list(cohort_list(user=user, course=pk)),
        may_write=rules.may_write_for_host(user, row.course.host_id),
        today=timezone.localdate(),
    )


@dataclass(frozen=True)
class CourseEditPage:
    course: Course
    may_write: bool
    editable: tuple[str, ...]
    item_types: QuerySet[ItemType]


def course_edit_get(*, user: Reader, pk: int) -> CourseEditPage:
    course = course_get(user=user, pk=pk)
    editable = rules.COURSE_EDITABLE
    if ref_restricted(course, "item_type"):
        # An item type the user may not see is not his to change: the form would drop it unseen.
        editable = tuple(name for name in editable if name != "item_type")
    return CourseEditPage(
        course=course,
        may_write=rules.may_write_for_host(user, course.host_id),
        editable=editable,
        item_types=item_type_visible(user=user).order_by("name"),
    )


@dataclass(frozen=True)
class CohortPage:
    cohort: Cohort
    may_write: bool
    today: dt.date


def cohort_page_get(*, user: Reader, pk: int) -> CohortPage:
    cohort = cohort_get(user=user, pk=pk)
    return CohortPage(
        cohort=cohort,
        may_write=rules.may_write_for_host(user, cohort.course.host_id),
        today=timezone.localdate(),
    )
