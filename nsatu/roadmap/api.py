"""Milestones of the road to membership, their links, and the status summary."""

# No `from __future__ import annotations`: ninja reads the endpoints' signatures when they are defined.

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
    Pagination,
    actor,
)
from nsatu.core.models import Releasability
from nsatu.core.refs import ref_id, ref_label, ref_restricted
from nsatu.roadmap.models import Milestone, MilestoneArea, MilestoneLink, MilestoneStatus
from nsatu.roadmap.rows import coalition_name
from nsatu.roadmap.selectors import (
    milestone_get,
    milestone_input_resolve,
    milestone_link_get,
    milestone_link_targets,
    milestone_links,
    milestone_list,
    milestone_summary_get,
)
from nsatu.roadmap.services import (
    milestone_create,
    milestone_link,
    milestone_unlink,
    milestone_update,
)

router = Router(tags=["roadmap"])
LINK_KINDS = ("pledge", "course", "agreement")


class MilestoneFilters(Schema):
    coalition: int | None = Field(None, description="Coalition id")
    area: MilestoneArea | None = None
    status: MilestoneStatus | None = None
    owner: str | None = Field(None, description="Owner party code")
    overdue: bool | None = Field(None, description="true: overdue only; false: not overdue")
    text: str | None = Field(None, max_length=100, description="Title contains")
    sort: str = Field("due", pattern="^(-?due|title|status|area)$")


class MilestoneOut(Schema):
    id: int
    title: str
    area: str
    area_label: str
    owner_code: str | None
    due_date: dt.date | None
    status: str
    status_label: str
    overdue: bool = Field(description="Past its due date and neither achieved nor cancelled")
    achieved_on: dt.date | None
    evidence: str
    evidence_url: str
    coalition_id: int | None = Field(description="null when there is none or it is hidden")
    coalition_name: str
    coalition_restricted: bool
    source_url: str
    illustrative: bool
    releasability: str
    version: int

    @staticmethod
    def resolve_area_label(obj: Milestone) -> str:
        return str(obj.get_area_display())

    @staticmethod
    def resolve_owner_code(obj: Milestone) -> str | None:
        return obj.owner.code if obj.owner else None

    @staticmethod
    def resolve_status_label(obj: Milestone) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_overdue(obj: Milestone) -> bool:
        return bool(getattr(obj, "overdue", False))

    # Named through the reader's visibility (core/refs.py), marked by milestone_list.
    @staticmethod
    def resolve_coalition_id(obj: Milestone) -> int | None:
        return ref_id(obj, "coalition")

    @staticmethod
    def resolve_coalition_name(obj: Milestone) -> str:
        return coalition_name(obj)

    @staticmethod
    def resolve_coalition_restricted(obj: Milestone) -> bool:
        return ref_restricted(obj, "coalition")

    @staticmethod
    def resolve_illustrative(obj: Milestone) -> bool:
        return bool(obj.dataset and obj.dataset.illustrative)


class LinkOut(Schema):
    id: int
    kind: str = Field(description="pledge, course or agreement")
    target_id: int | None = Field(description="null when the record is hidden from you")
    label: str = Field(description='The record\'s label, or "a restricted <kind>"')
    restricted: bool

    @staticmethod
    def resolve_kind(obj: MilestoneLink) -> str:
        return next(k for k in LINK_KINDS if getattr(obj, f"{k}_id", None) is not None)

    @staticmethod
    def resolve_target_id(obj: MilestoneLink) -> int | None:
        return next((ref_id(obj, k) for k in LINK_KINDS if ref_id(obj, k) is not None), None)

    @staticmethod
    def resolve_label(obj: MilestoneLink) -> str:
        return next(ref_label(obj, k) for k in LINK_KINDS if ref_label(obj, k))

    @staticmethod
    def resolve_restricted(obj: MilestoneLink) -> bool:
        return any(ref_restricted(obj, k) for k in LINK_KINDS)


class MilestoneDetailOut(MilestoneOut):
    links: list[LinkOut]


class MilestoneIn(InputSchema):
    title: str = Field(max_length=300)
    area: MilestoneArea
    owner: str = Field(description="Party code of the party answerable")
    due_date: dt.date | None = None
    status: MilestoneStatus = MilestoneStatus.PLANNED
    evidence: str = Field("", max_length=4000)
    evidence_url: str = Field("", max_length=1000)
    coalition: int | None = Field(None, description="Coalition id")
    source_url: str = Field("", max_length=1000)
    releasability: Releasability = Releasability.PUBLIC


class MilestonePatch(InputSchema):
    version: int = Field(description="The version you read; a stale one gets 409 with what changed")
    title: str | None = Field(None, max_length=300)
    area: MilestoneArea | None = None
    due_date: dt.date | None = None
    status: MilestoneStatus | None = None
    evidence: str | None = Field(None, max_length=4000)
    evidence_url: str | None = Field(None, max_length=1000)


class LinkIn(InputSchema):
    pledge: int | None = Field(None, description="Pledge id")
    course: int | None = Field(None, description="Course id")
    agreement: int | None = Field(None, description="Agreement id")


class SummaryOut(Schema):
    total: int
    overdue: int
    by_status: dict[str, int]
    by_area: dict[str, int]
    by_area_and_status: dict[str, dict[str, int]]


def _detail(request: HttpRequest, pk: int) -> Any:
    user = actor(request)
    milestone = milestone_get(user=user, pk=pk)
    return Extended(milestone, links=milestone_links(user=user, milestone=milestone))


@router.get("/milestones", response={200: list[MilestoneOut], **LIST_ERRORS}, summary="Milestones")
@paginate(Pagination)
def milestones_list(request: HttpRequest, filters: Query[MilestoneFilters]) -> Any:
    data = filters.model_dump()
    data["owner"] = data["owner"].upper() if data["owner"] else None
    return milestone_list(user=actor(request), **data)


@router.get(
    "/milestones/{milestone_id}",
    response={200: MilestoneDetailOut, **READ_ERRORS},
    summary="One milestone with the pledges, courses and agreements linked to it",
)
def milestones_detail(request: HttpRequest, milestone_id: int) -> Any:
    return _detail(request, milestone_id)


@router.post(
    "/milestones",
    response={201: MilestoneDetailOut, **WRITE_ERRORS},
    summary="Register a milestone",
)
def milestones_create(request: HttpRequest, payload: MilestoneIn) -> Any:
    user = actor(request)
    data = payload.model_dump()
    refs = milestone_input_resolve(
        user=user, owner=data.pop("owner"), coalition=data.pop("coalition")
    )
    assert refs.owner is not None  # the owner is required by the schema
    milestone = milestone_create(actor=user, owner=refs.owner, coalition=refs.coalition, **data)
    return Status(201, _detail(request, milestone.pk))


@router.patch(
    "/milestones/{milestone_id}",
    response={200: MilestoneDetailOut, **WRITE_ERRORS},
    summary="Edit a milestone or move its status",
)
def milestones_update(request: HttpRequest, milestone_id: int, payload: MilestonePatch) -> Any:
    user = actor(request)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    milestone_update(
        actor=user,
        milestone=milestone_get(user=user, pk=milestone_id),
        expected_version=version,
        **changes,
    )
    return _detail(request, milestone_id)


@router.post(
    "/milestones/{milestone_id}/links",
    response={201: MilestoneDetailOut, **WRITE_ERRORS},
    summary="Link a pledge, a course or an agreement to a milestone",
)
def milestones_link(request: HttpRequest, milestone_id: int, payload: LinkIn) -> Any:
    user = actor(request)
    milestone = milestone_get(user=user, pk=milestone_id)
    targets = milestone_link_targets(user=user, **payload.model_dump())
    milestone_link(
        actor=user,
        milestone=milestone,
        pledge=targets.pledge,
        course=targets.course,
        agreement=targets.agreement,
    )
    return Status(201, _detail(request, milestone_id))


@router.delete(
    "/milestones/{milestone_id}/links/{link_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a link from a milestone",
)
def milestones_unlink(request: HttpRequest, milestone_id: int, link_id: int) -> Any:
    user = actor(request)
    milestone_unlink(
        actor=user, link=milestone_link_get(user=user, milestone=milestone_id, pk=link_id)
    )
    return Status(204, None)


@router.get(
    "/summary",
    response={200: SummaryOut, **LIST_ERRORS},
    summary="Milestones counted by status and area",
)
def milestones_summary(request: HttpRequest, coalition: int | None = None) -> Any:
    s = milestone_summary_get(user=actor(request), coalition=coalition)
    return {
        "total": s.total,
        "overdue": s.overdue,
        "by_status": {str(k): v for k, v in s.by_status.items()},
        "by_area": {str(k): v for k, v in s.by_area.items()},
        "by_area_and_status": {
            str(a): {str(st): s.counts.get((a, st), 0) for st, _l in s.statuses}
            for a, _l in s.areas
        },
    }
