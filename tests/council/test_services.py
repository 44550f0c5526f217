from __future__ import annotations

import datetime as dt

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.council.drafts import ActionDraft
from nsatu.council.models import Action, ActionLink, ActionStatus, Decision, MeetingLevel
from nsatu.council.services import (
    action_link,
    action_status_set,
    action_unlink,
    decision_register,
    meeting_create,
)
from nsatu.roadmap.models import Milestone, MilestoneArea


def test_a_meeting_needs_the_command_and_a_source(parties, coordinator, liaison_de):
    kwargs = {"date": dt.date(2024, 7, 11), "level": MeetingLevel.SUMMIT, "place": "Washington"}
    with pytest.raises(PermissionDenied):
        meeting_create(actor=liaison_de, source_url="https://example.org/a", **kwargs)
    with pytest.raises(ValidationError) as err:
        meeting_create(actor=coordinator, source_url="", **kwargs)
    assert "source_url" in err.value.message_dict
    meeting = meeting_create(actor=coordinator, source_url="https://example.org/a", **kwargs)
    assert AuditEvent.objects.filter(action="council.meeting_create", object_id=str(meeting.pk))


def test_a_decision_with_its_actions_is_one_write(council, parties, coordinator):
    milestone = Milestone.objects.create(
        title="Roadmap to interoperability",
        area=MilestoneArea.INTEROPERABILITY,
        owner=parties["UKR"],
    )
    drafts = [
        ActionDraft(title="Draft the roadmap", owner=parties["UKR"], milestone=milestone),
        ActionDraft(title="Review it", owner=parties["DEU"], due_date=dt.date(2027, 1, 31)),
    ]
    decision = decision_register(
        actor=coordinator,
        meeting=council.meeting,
        text="Allies and Ukraine develop an interoperability roadmap",
        source_url="https://example.org/nuc",
        actions=drafts,
    )
    assert decision.actions.count() == 2
    assert ActionLink.objects.get(action__title="Draft the roadmap").milestone == milestone
    before = Decision.objects.count(), Action.objects.count()
    bad = [ActionDraft(title="Closed already", owner=parties["UKR"], status=ActionStatus.DONE)]
    with pytest.raises(ValidationError):
        decision_register(
            actor=coordinator,
            meeting=council.meeting,
            text="Another",
            source_url="https://example.org/nuc",
            actions=bad,
        )
    assert (Decision.objects.count(), Action.objects.count()) == before


def test_the_tasked_party_reports_progress(council, coordinator, liaison_de, liaison_pl, planner):
    moved = action_status_set(
        actor=liaison_de, action=council.ahead, status=ActionStatus.IN_PROGRESS, expected_version=1
    )
    assert moved.status == ActionStatus.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        action_status_set(
            actor=liaison_pl, action=council.ahead, status=ActionStatus.DONE, expected_version=2
        )
    with pytest.raises(ConflictError):
        action_status_set(
            actor=liaison_de, action=moved, status=ActionStatus.DONE, expected_version=1
        )
    done = action_status_set(
        actor=planner, action=council.overdue, status=ActionStatus.DONE, expected_version=1
    )
    assert done.done_on == council.today
    with pytest.raises(ValidationError):
        action_status_set(
            actor=coordinator, action=done, status=ActionStatus.OPEN, expected_version=2
        )


def test_link_and_unlink(council, parties, coordinator, liaison_de):
    milestone = Milestone.objects.create(
        title="m", area=MilestoneArea.PROGRAMME, owner=parties["UKR"]
    )
    with pytest.raises(PermissionDenied):
        action_link(actor=liaison_de, action=council.ahead, milestone=milestone)
    link = action_link(actor=coordinator, action=council.ahead, milestone=milestone)
    with pytest.raises(ValidationError):
        action_link(actor=coordinator, action=council.ahead, milestone=milestone)
    action_unlink(actor=coordinator, link=link)
    assert not ActionLink.objects.exists()
