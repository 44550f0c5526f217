"""NATO-Ukraine Council: meetings, decisions with the actions they task, overdue actions flagged."""

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
from nsatu.council.models import Action, ActionStatus, Meeting, MeetingLevel
from nsatu.council.selectors import (
    ActionRequest,
    action_drafts_resolve,
    action_get,
    action_list,
    meeting_get,
    meeting_list,
    meeting_owner_resolve,
    meeting_page_get,
)
from nsatu.council.services import action_status_set, decision_register, meeting_create

router = Router(tags=["council"])


class MeetingFilters(Schema):
    level: MeetingLevel | None = None
    year: int | None = Field(None, ge=2023, le=2100)
    sort: str = Field("-date", pattern="^(-?date|level)$")


class ActionFilters(Schema):
    status: ActionStatus | None = None
    owner: str | None = Field(None, description="Tasked party code")
    overdue: bool | None = Field(None, description="true: overdue only; false: not overdue")
    meeting: int | None = Field(None, description="Meeting id")
    sort: str = Field("due", pattern="^(-?due|status|owner)$")


class MeetingOut(Schema):
    id: int
    date: dt.date
    place: str
    level: str
    level_label: str
    title: str
    source_url: str
    illustrative: bool
    releasability: str

    @staticmethod
    def resolve_level_label(obj: Meeting) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_illustrative(obj: Meeting) -> bool:
        return bool(obj.dataset and obj.dataset.illustrative)


class ActionOut(Schema):
    id: int
    meeting_id: int
    decision_id: int
    title: str
    owner_code: str | None = Field(description="The party the action tasks")
    due_date: dt.date | None
    status: str
    status_label: str
    overdue: bool = Field(description="Past its due date and not done")
    done_on: dt.date | None
    source_url: str
    illustrative: bool
    version: int

    # The decision and meeting are read with the action (action_visible), never apart from it.
    @staticmethod
    def resolve_meeting_id(obj: Action) -> int:
        return obj.decision.meeting_id

    @staticmethod
    def resolve_owner_code(obj: Action) -> str | None:
        return obj.owner.code if obj.owner else None

    @staticmethod
    def resolve_status_label(obj: Action) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_overdue(obj: Action) -> bool:
        return bool(getattr(obj, "overdue", False))

    @staticmethod
    def resolve_illustrative(obj: Action) -> bool:
        return bool(obj.dataset and obj.dataset.illustrative)


class DecisionOut(Schema):
    id: int
    text: str
    source_url: str
    actions: list[ActionOut]


class MeetingDetailOut(MeetingOut):
    decisions: list[DecisionOut]


class MeetingIn(InputSchema):
    date: dt.date
    level: MeetingLevel
    source_url: str = Field(max_length=1000)
    place: str = Field("", max_length=200)
    title: str = Field("", max_length=300)
    owner: str | None = Field(None, description="Party code")
    releasability: Releasability = Releasability.PUBLIC


class ActionIn(InputSchema):
    title: str = Field(max_length=500)
    owner: str = Field(description="Code of the party the action tasks")
    due_date: dt.date | None = None
    milestone: int | None = Field(None, description="Milestone id it serves")
    pledge: int | None = Field(None, description="Pledge id it serves")
    agreement: int | None = Field(None, description="Agreement id it serves")


class DecisionIn(InputSchema):
    text: str = Field(max_length=4000, description="In your own words, never copied")
    source_url: str = Field(max_length=1000)
    releasability: Releasability = Releasability.PUBLIC
    actions: list[ActionIn] = Field(default_factory=list, max_length=20)


class ActionPatch(InputSchema):
    version: int = Field(description="The version you read; a stale one gets 409 with what changed")
    status: ActionStatus


def _meeting_detail(request: HttpRequest, pk: int) -> Any:
    page = meeting_page_get(user=actor(request), pk=pk)
    decisions = [Extended(row.decision, actions=row.actions) for row in page.decisions]
    return Extended(page.meeting, decisions=decisions)


@router.get("/meetings", response={200: list[MeetingOut], **LIST_ERRORS}, summary="Meetings")
@paginate(Pagination)
def meetings_list(request: HttpRequest, filters: Query[MeetingFilters]) -> Any:
    return meeting_list(user=actor(request), **filters.model_dump())


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **READ_ERRORS},
    summary="One meeting with its decisions and their actions",
)
def meetings_detail(request: HttpRequest, meeting_id: int) -> Any:
    return _meeting_detail(request, meeting_id)


@router.post("/meetings", response={201: MeetingOut, **WRITE_ERRORS}, summary="Register a meeting")
def meetings_create(request: HttpRequest, payload: MeetingIn) -> Any:
    user = actor(request)
    data = payload.model_dump()
    owner = meeting_owner_resolve(user=user, owner=data.pop("owner"))
    meeting = meeting_create(actor=user, owner=owner, **data)
    return Status(201, meeting_get(user=user, pk=meeting.pk))


@router.post(
    "/meetings/{meeting_id}/decisions",
    response={201: MeetingDetailOut, **WRITE_ERRORS},
    summary="Register a decision of a meeting with the actions it tasks",
)
def decisions_create(request: HttpRequest, meeting_id: int, payload: DecisionIn) -> Any:
    user = actor(request)
    meeting = meeting_get(user=user, pk=meeting_id)
    data = payload.model_dump()
    requests = [ActionRequest(**a) for a in data.pop("actions")]
    drafts = action_drafts_resolve(user=user, requests=requests)
    decision_register(actor=user, meeting=meeting, actions=drafts, **data)
    return Status(201, _meeting_detail(request, meeting_id))


@router.get(
    "/actions", response={200: list[ActionOut], **LIST_ERRORS}, summary="Actions, overdue flagged"
)
@paginate(Pagination)
def actions_list(request: HttpRequest, filters: Query[ActionFilters]) -> Any:
    data = filters.model_dump()
    data["owner"] = data["owner"].upper() if data["owner"] else None
    return action_list(user=actor(request), **data)


@router.get("/actions/{action_id}", response={200: ActionOut, **READ_ERRORS}, summary="One action")
def actions_detail(request: HttpRequest, action_id: int) -> Any:
    return action_get(user=actor(request), pk=action_id)


@router.patch(
    "/actions/{action_id}",
    response={200: ActionOut, **WRITE_ERRORS},
    summary="Report an action's status (the command or the party tasked)",
)
def actions_update(request: HttpRequest, action_id: int, payload: ActionPatch) -> Any:
    user = actor(request)
    action_status_set(
        actor=user,
        action=action_get(user=user, pk=action_id),
        status=payload.status,
        expected_version=payload.version,
    )
    return action_get(user=user, pk=action_id)
