"""Writes on joint production projects: the command registers, the lead nation's liaison keeps; all audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.services import record_create, record_update
from nsatu.catalogue.models import ItemType
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import releasability_check
from nsatu.flows.models import Flow
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge, PledgeKind
from nsatu.production import rules, workflow
from nsatu.production.models import (
    JointProject,
    ProjectCapacity,
    ProjectFunding,
    ProjectPartner,
    ProjectStatus,
)
from nsatu.sources.models import Dataset

EDITABLE = ("name", "item_type", "status", "announced_on", "description", "source_url")


def _check_edit(actor: Actor, project: JointProject) -> None:
    require_role(actor, *rules.KEEPERS, action=_("edit joint production projects"))
    if not rules.may_edit(actor, project):
        raise PermissionDenied(
            _("Only the command or the lead nation's liaison may edit the project “%(name)s”.")
            % {"name": project.name}
        )


@transaction.atomic
def joint_project_create(
    *,
    actor: Actor,
    name: str,
    lead: Party | None,
    item_type: ItemType | None = None,
    status: str = ProjectStatus.PROPOSED,
    announced_on: dt.date | None = None,
    description: str = "",
    source_url: str = "",
    releasability: str = Releasability.PARTICIPANTS,
    dataset: Dataset | None = None,
    source_row: int | None = None,
) -> JointProject:
    require_role(actor, *rules.REGISTRARS, action=_("register joint production projects"))
    releasability_check(
        actor=actor, owner=lead, owner_id=lead.pk if lead else None, releasability=releasability
    )
    project = JointProject(
        name=name,
        item_type=item_type,
        status=status,
        announced_on=announced_on,
        description=description,
        source_url=source_url,
        owner=lead,
        releasability=releasability,
        dataset=dataset,
        source_row=source_row,
    )
    return record_create(actor=actor, obj=project, action="joint_project.create")


@transaction.atomic
def joint_project_update(
    *, actor: Actor, project: JointProject, changes: dict[str, Any], expected_version: int | None
) -> JointProject:
    _check_edit(actor, project)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be edited: %(f)s") % {"f": ", ".join(unknown)})
    status = changes.get("status", project.status)
    if not workflow.may_move(project.status, status):
        raise ValidationError(
            {
                "status": [
                    _("A project cannot move from %(a)s to %(b)s.")
                    % {
                        "a": ProjectStatus(project.status).label,
                        "b": ProjectStatus(status).label,
                    }
                ]
            }
        )
    return record_update(
        actor=actor,
        obj=project,
        changes=changes,
        expected_version=expected_version,
        action="joint_project.update",
    )


@transaction.atomic
def project_partner_add(
    *,
    actor: Actor,
    project: JointProject,
    name: str,
    role: str,
    party: Party | None = None,
    country: str = "",
    source_url: str = "",
) -> ProjectPartner:
    _check_edit(actor, project)
    partner = ProjectPartner(
        project=project,
        party=party,
        name=name or (party.name if party else ""),
        country=country.upper(),
        role=role,
        source_url=source_url,
    )
    return record_create(actor=actor, obj=partner, action="joint_project.partner_add")


@transaction.atomic
def project_capacity_set(
    *,
    actor: Actor,
    project: JointProject,
    from_month: dt.date,
    units_per_month: int,
    source_url: str = "",
) -> ProjectCapacity:
    """Add a step to the schedule, or change the step of that month."""
    _check_edit(actor, project)
    month = from_month.replace(day=1)
    existing = ProjectCapacity.objects.filter(project=project, from_month=month).first()
    if existing is not None:
        existing.delete()
    row = ProjectCapacity(
        project=project, from_month=month, units_per_month=units_per_month, source_url=source_url
    )
    return record_create(actor=actor, obj=row, action="joint_project.capacity_set")


@transaction.atomic
def project_funding_add(
    *,
    actor: Actor,
    project: JointProject,
    pledge: Pledge | None = None,
    flow: Flow | None = None,
    note: str = "",
    source_url: str = "",
) -> ProjectFunding:
    """Link a funds pledge and/or the flow that paid; both resolved through the actor's visibility first."""
    _check_edit(actor, project)
    if pledge is None and flow is None:
        raise ValidationError({"pledge": [_("Name a funds pledge, a flow, or both.")]})
    if pledge is not None and pledge.kind != PledgeKind.FUNDS:
        raise ValidationError({"pledge": [_("Only a funds pledge pays for production.")]})
    row = ProjectFunding(
        project=project, pledge=pledge, flow=flow, note=note, source_url=source_url
    )
    return record_create(actor=actor, obj=row, action="joint_project.funding_add")
