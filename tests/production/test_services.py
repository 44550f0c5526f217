from __future__ import annotations

import datetime as dt

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.production.models import PartnerRole, ProjectCapacity, ProjectStatus
from nsatu.production.services import (
    joint_project_create,
    joint_project_update,
    project_capacity_set,
    project_funding_add,
    project_partner_add,
)


def test_only_the_command_registers(liaison_de, parties):
    with pytest.raises(PermissionDenied):
        joint_project_create(actor=liaison_de, name="x", lead=parties["DEU"])


def test_the_lead_nations_liaison_edits_others_do_not(project, liaison_de, liaison_pl):
    partner = project_partner_add(
        actor=liaison_de, project=project, name="Werk", role=PartnerRole.PRODUCER, country="deu"
    )
    assert partner.country == "DEU"
    with pytest.raises(PermissionDenied):
        project_partner_add(actor=liaison_pl, project=project, name="x", role=PartnerRole.FUNDER)
    assert AuditEvent.objects.filter(action="joint_project.partner_add").count() == 1


def test_status_follows_the_ladder(project, coordinator):
    moved = joint_project_update(
        actor=coordinator,
        project=project,
        changes={"status": ProjectStatus.PRODUCING},
        expected_version=project.version,
    )
    assert moved.status == ProjectStatus.PRODUCING and moved.version == project.version + 1
    with pytest.raises(ValidationError):
        joint_project_update(
            actor=coordinator,
            project=moved,
            changes={"status": ProjectStatus.PROPOSED},
            expected_version=moved.version,
        )


def test_a_capacity_month_is_replaced_not_doubled(project, coordinator):
    project_capacity_set(
        actor=coordinator, project=project, from_month=dt.date(2027, 2, 15), units_per_month=250
    )
    rows = list(ProjectCapacity.objects.filter(project=project))
    assert [(r.from_month, r.units_per_month) for r in rows] == [(dt.date(2027, 2, 1), 250)]


def test_funding_names_a_funds_pledge(project, coordinator):
    with pytest.raises(ValidationError):
        project_funding_add(actor=coordinator, project=project)
