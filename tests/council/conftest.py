"""A meeting with one decision and three actions around today (one overdue, one done late, one ahead) and an
owner-only Polish meeting with its decision and action, hidden from Germany's liaison."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from nsatu.core.models import Releasability
from nsatu.council.models import Action, ActionStatus, Decision, Meeting, MeetingLevel


@dataclass
class Council:
    today: dt.date
    meeting: Meeting
    decision: Decision
    overdue: Action
    done: Action
    ahead: Action
    secret_meeting: Meeting
    secret_action: Action


@pytest.fixture
def council(parties, people) -> Council:
    return build_council(parties)


def build_council(parties) -> Council:
    today = timezone.localdate()
    public = Releasability.PUBLIC
    meeting = Meeting.objects.create(
        date=dt.date(2023, 11, 29),
        place="Brussels",
        level=MeetingLevel.FOREIGN,
        source_url="https://example.org/nuc",
        releasability=public,
    )
    decision = Decision.objects.create(
        meeting=meeting,
        text="Work programme agreed",
        source_url="https://example.org/nuc",
        releasability=public,
    )

    def action(title: str, days: int, status: str, owner: str = "UKR", **fields) -> Action:
        return Action.objects.create(
            decision=fields.pop("decision", decision),
            title=title,
            owner=parties[owner],
            due_date=today + dt.timedelta(days=days),
            status=status,
            releasability=fields.pop("releasability", public),
            source_url="https://example.org/nuc",
        )

    secret_meeting = Meeting.objects.create(
        date=dt.date(2024, 8, 28),
        place="qzxplace",
        level=MeetingLevel.AMBASSADORS,
        source_url="https://example.org/secret",
        owner=parties["POL"],
        releasability=Releasability.OWNER,
    )
    secret_decision = Decision.objects.create(
        meeting=secret_meeting,
        text="qzxdecision",
        source_url="https://example.org/secret",
        releasability=public,
    )
    return Council(
        today=today,
        meeting=meeting,
        decision=decision,
        overdue=action("Present the reform plan", -10, ActionStatus.IN_PROGRESS),
        done=action("Open the joint centre", -40, ActionStatus.DONE, owner="POL"),
        ahead=action("Agree interoperability roadmap", 90, ActionStatus.OPEN, owner="DEU"),
        secret_meeting=secret_meeting,
        secret_action=action("qzxaction", -5, ActionStatus.OPEN, decision=secret_decision),
    )


@pytest.fixture
def road_milestone(parties):
    from nsatu.roadmap.models import Milestone, MilestoneArea

    return Milestone.objects.create(
        title="Interoperability roadmap adopted",
        area=MilestoneArea.INTEROPERABILITY,
        owner=parties["UKR"],
        releasability=Releasability.PUBLIC,
    )
