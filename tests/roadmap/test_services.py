from __future__ import annotations

import datetime as dt

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import ConflictError, PermissionDenied, ValidationError
from nsatu.roadmap.models import MilestoneArea, MilestoneLink, MilestoneStatus
from nsatu.roadmap.services import (
    milestone_create,
    milestone_link,
    milestone_unlink,
    milestone_update,
)


def test_only_the_command_registers_milestones(parties, coordinator, liaison_de, planner):
    kwargs = {
        "title": "NATO codification",
        "area": MilestoneArea.STANDARDS,
        "owner": parties["UKR"],
    }
    for user in (liaison_de, planner):
        with pytest.raises(PermissionDenied):
            milestone_create(actor=user, **kwargs)
    m = milestone_create(actor=coordinator, due_date=dt.date(2027, 6, 30), **kwargs)
    assert m.status == MilestoneStatus.PLANNED and m.owner == parties["UKR"]
    assert AuditEvent.objects.filter(action="milestone.create", object_id=str(m.pk)).exists()


def test_achieved_needs_evidence_and_the_ladder_holds(road, coordinator):
    with pytest.raises(ValidationError) as err:
        milestone_update(
            actor=coordinator,
            milestone=road.overdue,
            expected_version=1,
            status=MilestoneStatus.ACHIEVED,
        )
    assert "evidence" in err.value.message_dict
    done = milestone_update(
        actor=coordinator,
        milestone=road.overdue,
        expected_version=1,
        status=MilestoneStatus.ACHIEVED,
        evidence="Standard ratified by the ministry",
    )
    assert done.achieved_on == road.today and done.version == 2
    with pytest.raises(ValidationError):
        milestone_update(
            actor=coordinator, milestone=done, expected_version=2, status=MilestoneStatus.PLANNED
        )
    with pytest.raises(ConflictError):
        milestone_update(actor=coordinator, milestone=done, expected_version=1, title="x")


def test_a_planner_edits_only_his_partys_milestones(road, planner, liaison_pl):
    moved = milestone_update(
        actor=planner, milestone=road.ahead, expected_version=1, status=MilestoneStatus.IN_PROGRESS
    )
    assert moved.status == MilestoneStatus.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        milestone_update(
            actor=planner, milestone=road.polish_secret, expected_version=1, title="changed"
        )
    with pytest.raises(PermissionDenied):
        milestone_update(actor=liaison_pl, milestone=road.ahead, expected_version=2, title="x")


def test_link_one_record_once_then_unlink(road, coordinator):
    link = milestone_link(actor=coordinator, milestone=road.ahead, course=road.course)
    with pytest.raises(ValidationError):
        milestone_link(actor=coordinator, milestone=road.ahead, course=road.course)
    with pytest.raises(ValidationError):
        milestone_link(
            actor=coordinator, milestone=road.ahead, pledge=road.pledge, agreement=road.agreement
        )
    link_id = link.pk
    milestone_unlink(actor=coordinator, link=link)
    assert not MilestoneLink.objects.exists()
    assert AuditEvent.objects.filter(action="milestone.unlink", object_id=str(link_id)).exists()
