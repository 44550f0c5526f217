"""Writes on milestones and their links. Each checks the actor (nsatu.roadmap.rules) and the status ladder
(nsatu.roadmap.workflow), writes an audit event and is one transaction of its own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.agreements.models import Agreement
from nsatu.audit.chain import snapshot
from nsatu.audit.services import audit_event_record, record_create, record_update
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.visibility import releasability_check
from nsatu.parties.models import Coalition, Party
from nsatu.pledges.models import Pledge
from nsatu.roadmap import rules, workflow
from nsatu.roadmap.models import Milestone, MilestoneLink, MilestoneStatus
from nsatu.sources.models import Dataset
from nsatu.training.models import Course

EDITABLE = ("title", "area", "due_date", "status", "evidence", "evidence_url", "coalition")


def _may_edit(actor: Actor, milestone: Milestone, what: str) -> None:
    require_role(actor, *rules.EDITORS, action=what)
    if not rules.may_edit(actor, milestone.owner_id):
        raise PermissionDenied(
            _("A planner edits only the milestones of his own party; %(m)s is not one.")
            % {"m": milestone}
        )


def _achieved_check(status: str, evidence: str) -> None:
    if status == MilestoneStatus.ACHIEVED and not evidence.strip():
        raise ValidationError(
            {"evidence": [_("Say what shows the milestone is achieved before marking it so.")]}
        )


@transaction.atomic
def milestone_create(
    *,
    actor: Actor,
    title: str,
    area: str,
    owner: Party,
    due_date: dt.date | None = None,
    status: str = MilestoneStatus.PLANNED,
    evidence: str = "",
    evidence_url: str = "",
    coalition: Coalition | None = None,
    source_url: str = "",
    releasability: str = Releasability.PUBLIC,
    dataset: Dataset | None = None,
) -> Milestone:
    require_role(actor, *rules.REGISTRARS, action=_("register milestones"))
    releasability_check(actor=actor, owner=owner, owner_id=owner.pk, releasability=releasability)
    _achieved_check(status, evidence)
    milestone = Milestone(
        title=title,
        area=area,
        owner=owner,
        due_date=due_date,
        status=status,
        achieved_on=timezone.localdate() if status == MilestoneStatus.ACHIEVED else None,
        evidence=evidence,
        evidence_url=evidence_url,
        coalition=coalition,
        source_url=source_url,
        releasability=releasability,
        dataset=dataset,
    )
    return record_create(actor=actor, obj=milestone, action="milestone.create")


@transaction.atomic
def milestone_update(
    *, actor: Actor, milestone: Milestone, expected_version: int | None, **changes: Any
) -> Milestone:
    """Edit the fields in EDITABLE; a status move follows the ladder of workflow.py."""
    _may_edit(actor, milestone, _("edit milestones"))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({"__all__": [_("Not editable: %(f)s") % {"f": ", ".join(unknown)}]})
    # A stale version is a conflict before it is a refused move (docs/security.md).
    milestone = record_update(
        actor=actor,
        obj=milestone,
        changes={},
        expected_version=expected_version,
        action="milestone.read",
    )
    status = changes.get("status", milestone.status)
    if not workflow.may_move(milestone.status, status):
        raise ValidationError(
            {
                "status": [
                    _("A milestone %(now)s cannot become %(to)s.")
                    % {
                        "now": MilestoneStatus(milestone.status).label,
                        "to": MilestoneStatus(status).label,
                    }
                ]
            }
        )
    _achieved_check(status, changes.get("evidence", milestone.evidence))
    if status == MilestoneStatus.ACHIEVED and milestone.status != MilestoneStatus.ACHIEVED:
        changes["achieved_on"] = timezone.localdate()
    return record_update(
        actor=actor,
        obj=milestone,
        changes=changes,
        expected_version=expected_version,
        action="milestone.update",
    )


@transaction.atomic
def milestone_link(
    *,
    actor: Actor,
    milestone: Milestone,
    pledge: Pledge | None = None,
    course: Course | None = None,
    agreement: Agreement | None = None,
) -> MilestoneLink:
    """Link the one pledge, course or agreement named; the caller resolved it through visibility."""
    _may_edit(actor, milestone, _("link records to milestones"))
    named = [
        (f, t) for f, t in (("pledge", pledge), ("course", course), ("agreement", agreement)) if t
    ]
    if len(named) != 1:
        raise ValidationError({"__all__": [_("Name one pledge, one course or one agreement.")]})
    field, target = named[0]
    if MilestoneLink.objects.filter(milestone=milestone, **{field: target}).exists():
        raise ValidationError(
            {field: [_("%(t)s is already linked to this milestone.") % {"t": target}]}
        )
    link = MilestoneLink(milestone=milestone, linked_by_id=actor.pk, **{field: target})
    return record_create(actor=actor, obj=link, action=f"milestone.link_{field}")


@transaction.atomic
def milestone_unlink(*, actor: Actor, link: MilestoneLink) -> None:
    _may_edit(actor, link.milestone, _("unlink records from milestones"))
    audit_event_record(actor=actor, action="milestone.unlink", obj=link, before=snapshot(link))
    link.delete()
