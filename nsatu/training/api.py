"""Training courses, cohorts, reported totals and readiness."""

# No `from __future__ import annotations`: ninja reads the endpoints' Query[...] signatures when they are defined.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from nsatu.core.api_common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Extended,
    InputSchema,
    NamedRef,
    Pagination,
    PartyRef,
    actor,
)
from nsatu.core.models import Releasability
from nsatu.core.refs import ref_shown
from nsatu.training.models import Course, Skill
from nsatu.training.readiness import readiness_get
from nsatu.training.selectors import (
    CourseRow,
    cohort_get,
    cohort_input_resolve,
    cohort_list,
    course_input_resolve,
    course_row_get,
    course_rows,
    reported_training_list,
    trained_by_quarter,
)
from nsatu.training.services import cohort_create, cohort_update, course_create

router = Router(tags=["training"])


class CourseFilters(Schema):
    skill: Skill | None = None
    host: str | None = Field(None, description="Host party code")


class CourseOut(Schema):
    id: int
    name: str
    host: PartyRef
    site: str
    skill: str
    item_type: NamedRef | None
    duration_weeks: int
    seats_per_cohort: int
    concurrent_cohorts: int
    per_unit: int | None
    prerequisites: list[NamedRef]
    releasability: str
    version: int

    @staticmethod
    def resolve_item_type(obj: Course) -> object:
        return ref_shown(obj, "item_type")  # `item_type_seen` is marked by course_list


class CourseIn(InputSchema):
    name: str = Field(max_length=200)
    host: str = Field(description="Host party code")
    skill: Skill
    duration_weeks: int = Field(ge=1, le=520)
    seats_per_cohort: int = Field(ge=1, le=100000)
    site: str = Field("", max_length=200)
    item_type: int | None = Field(
        None, description="Item type id (required for pilot, crew, maintainer)"
    )
    per_unit: int | None = Field(None, ge=0, le=1000)
    concurrent_cohorts: int = Field(1, ge=1, le=1000)
    prerequisites: list[int] = Field(
        default_factory=list, description="Ids of the courses required first"
    )
    notes: str = ""
    releasability: Releasability = Releasability.PARTICIPANTS


class CohortOut(Schema):
    id: int
    course: NamedRef
    start: dt.date
    end: dt.date
    seats: int
    enrolled: int
    graduated: int | None
    releasability: str
    version: int


class CohortIn(InputSchema):
    course: int = Field(description="Course id")
    start: dt.date
    end: dt.date | None = Field(None, description="Default: start + the course's duration")
    seats: int | None = Field(
        None, ge=1, le=100000, description="Default: the course's seats per cohort"
    )
    enrolled: int = Field(0, ge=0, le=100000)
    graduated: int | None = Field(None, ge=0, le=100000)
    notes: str = ""


class CohortPatch(InputSchema):
    version: int = Field(description="The version you read; a stale one gets 409 with what changed")
    enrolled: int | None = Field(None, ge=0, le=100000)
    graduated: int | None = Field(None, ge=0, le=100000)


class ReportedOut(Schema):
    programme: str
    reported_date: dt.date
    measure: str
    personnel: int
    note: str
    source_urls: list[str]
    source_row: int


class QuarterOut(Schema):
    label: str
    graduated: int
    expected: int
    seats: int


class ProposalOut(Schema):
    course: NamedRef
    start: dt.date
    end: dt.date
    seats: int


class ReadinessOut(Schema):
    delivery: str
    source: str
    label: str
    item_type: NamedRef
    quantity: int
    arrival: dt.date
    crews_needed: int
    crews_ready: int
    gap: int
    ammunition_ready: bool
    ready: bool
    flags: list[str]
    earliest_arrival: dt.date | None
    slack_days: int | None
    proposals: list[ProposalOut]


def _course_out(row: CourseRow) -> Extended:
    return Extended(
        row.course, prerequisites=[{"id": p.pk, "name": p.name} for p in row.prerequisites]
    )


@router.get("/courses", response={200: list[CourseOut], **LIST_ERRORS}, summary="List courses")
@paginate(Pagination)
def courses_list(request: HttpRequest, filters: Query[CourseFilters]) -> Any:
    rows = course_rows(
        user=actor(request),
        skill=filters.skill,
        host=filters.host.upper() if filters.host else None,
    )
    return [_course_out(row) for row in rows]


@router.get("/courses/{course_id}", response={200: CourseOut, **READ_ERRORS}, summary="One course")
def courses_detail(request: HttpRequest, course_id: int) -> Any:
    return _course_out(course_row_get(user=actor(request), pk=course_id))


@router.post(
    "/courses",
    response={201: CourseOut, **WRITE_ERRORS},
    summary="Create a course (host or command)",
)
def courses_create(request: HttpRequest, payload: CourseIn) -> Any:
    user = actor(request)
    data = payload.model_dump()
    refs = course_input_resolve(
        user=user,
        host=data.pop("host"),
        item_type=data.pop("item_type"),
        prerequisites=data.pop("prerequisites"),
    )
    course = course_create(
        actor=user,
        host=refs.host,
        item_type=refs.item_type,
        prerequisites=refs.prerequisites,
        **data,
    )
    return Status(201, _course_out(course_row_get(user=user, pk=course.pk)))


@router.get("/cohorts", response={200: list[CohortOut], **LIST_ERRORS}, summary="List cohorts")
@paginate(Pagination)
def cohorts_list(request: HttpRequest, course: int | None = None) -> Any:
    return cohort_list(user=actor(request), course=course)


@router.post(
    "/cohorts",
    response={201: CohortOut, **WRITE_ERRORS},
    summary="Schedule a cohort (host or command)",
)
def cohorts_create(request: HttpRequest, payload: CohortIn) -> Any:
    user = actor(request)
    data = payload.model_dump()
    course = cohort_input_resolve(user=user, course=data.pop("course"))
    cohort = cohort_create(actor=user, course=course, **data)
    return Status(201, cohort_get(user=user, pk=cohort.pk))


@router.patch(
    "/cohorts/{cohort_id}",
    response={200: CohortOut, **WRITE_ERRORS},
    summary="Record a cohort's enrolment and graduates",
)
def cohorts_update(request: HttpRequest, cohort_id: int, payload: CohortPatch) -> Any:
    user = actor(request)
    cohort_update(
        actor=user,
        cohort=cohort_get(user=user, pk=cohort_id),
        expected_version=payload.version,
        enrolled=payload.enrolled,
        graduated=payload.graduated,
    )
    return cohort_get(user=user, pk=cohort_id)


@router.get(
    "/by-quarter",
    response={200: list[QuarterOut], **LIST_ERRORS},
    summary="Personnel trained per quarter against seats, over the visible cohorts",
)
def training_by_quarter(request: HttpRequest) -> Any:
    return trained_by_quarter(user=actor(request))


@router.get(
    "/reported",
    response={200: list[ReportedOut], **LIST_ERRORS},
    summary="Training totals programmes published, with their sources",
)
def reported_list(request: HttpRequest) -> Any:
    return list(reported_training_list())


@router.get(
    "/readiness",
    response={200: list[ReadinessOut], **LIST_ERRORS},
    summary="Per delivery: crews needed and ready by arrival, gap, proposed cohorts",
)
def readiness_list(request: HttpRequest) -> Any:
    view = readiness_get(user=actor(request))
    names = {pk: c.name for pk, c in view.courses.items()}
    return [
        {
            "delivery": r.delivery.key,
            "source": r.delivery.source,
            "label": r.delivery.label,
            "item_type": {"id": r.delivery.item_type_id, "name": r.delivery.item_name},
            "quantity": r.delivery.quantity,
            "arrival": r.delivery.arrival,
            "crews_needed": r.crews_needed,
            "crews_ready": r.crews_ready,
            "gap": r.gap,
            "ammunition_ready": r.ammunition_ready,
            "ready": r.ready,
            "flags": list(r.flags),
            "earliest_arrival": r.earliest_arrival,
            "slack_days": r.slack_days,
            "proposals": [
                {
                    "course": {"id": p.course_id, "name": names[p.course_id]},
                    "start": p.start,
                    "end": p.end,
                    "seats": p.seats,
                }
                for p in r.proposals
            ],
        }
        for r in view.rows
    ]
