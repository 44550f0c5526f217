"""Writes on Council meetings, decisions and actions. Each checks the actor (nsatu.council.rules) and the
status ladder (nsatu.council.workflow), writes an audit event and is one transaction of its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

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
from nsatu.council import rules, workflow
from nsatu.council.drafts import ActionDraft
from nsatu.council.models import Action, ActionLink, ActionStatus, Decision, Meeting
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge
from nsatu.roadmap.models import Milestone
from nsatu.sources.models import Dataset


def _source_required(source_url: str, what: str, dataset: Dataset | None) -> None:
    # A dataset (an import, the illustrative demo) states its origin itself; anything else names its page.
    if not source_url and dataset is None:
        raise ValidationError(
            {"source_url": [_("Name the page that reports this %(what)s.") % {"what": what}]}
        )


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    date: dt.date,
    level: str,
    source_url: str,
    place: str = "",
    title: str = "",
    owner: Party | None = None,
    releasability: str = Releasability.PUBLIC,
    dataset: Dataset | None = None,
) -> Meeting:
    require_role(actor, *rules.REGISTRARS, action=_("register Council meetings"))
    _source_required(source_url, _("meeting"), dataset)
    releasability_check(
        actor=actor, owner=owner, owner_id=owner.pk if owner else None, releasability=releasability
    )
    meeting = Meeting(
        date=date,
        level=level,
        place=place,
        title=title,
        source_url=source_url,
        owner=owner,
        releasability=releasability,
        dataset=dataset,
    )
    return record_create(actor=actor, obj=meeting, action="council.meeting_create")


@transaction.atomic
def decision_register(
    *,
    actor: Actor,
    meeting: Meeting,
    text: str,
    source_url: str,
    actions: Sequence[ActionDraft] = (),
    releasability: str = Releasability.PUBLIC,
    dataset: Dataset | None = None,
) -> Decision:
    """Register a decision and the actions it tasks, all or nothing."""
    require_role(actor, *rules.REGISTRARS, action=_("register Council decisions"))
    if not text.strip():
        raise ValidationError({"text": [_("Say, in your own words, what was decided.")]})
    _source_required(source_url, _("decision"), dataset)
    decision = Decision(
        meeting=meeting,
        text=text.strip(),
        source_url=source_url,
        owner=meeting.owner,
        releasability=releasability,
        dataset=dataset,
    )
    decision = record_create(actor=actor, obj=decision, action="council.decision_register")
    for draft in actions:
        action_add(actor=actor, decision=decision, draft=draft, dataset=dataset)
    return decision


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    decision: Decision,
    draft: ActionDraft,
    releasability: str | None = None,
    dataset: Dataset | None = None,
) -> Action:
    require_role(actor, *rules.REGISTRARS, action=_("task Council actions"))
    if draft.status not in workflow.OPEN:
        raise ValidationError({"status": [_("A new action is open or in progress.")]})
    action = Action(
        decision=decision,
        title=draft.title,
        owner=draft.owner,
        due_date=draft.due_date,
        status=draft.status,
        source_url=decision.source_url,
        releasability=releasability or decision.releasability,
        dataset=dataset,
    )
    action = record_create(actor=actor, obj=action, action="council.action_add")
    for field in ("milestone", "pledge", "agreement"):
        target = getattr(draft, field)
        if target is not None:
            action_link(actor=actor, action=action, **{field: target})
    return action


def _may_report(actor: Actor, action: Action) -> None:
    require_role(actor, *rules.REPORTERS, action=_("report on Council actions"))
    if not rules.may_report(actor, action.owner_id):
        raise PermissionDenied(_("Only the command or the party tasked reports on this action."))


@transaction.atomic
def action_status_set(
    *, actor: Actor, action: Action, status: str, expected_version: int | None
) -> Action:
    _may_report(actor, action)
    # A stale version is a conflict before it is a refused move (docs/security.md).
    action = record_update(
        actor=actor,
        obj=action,
        changes={},
        expected_version=expected_version,
        action="council.read",
    )
    if not workflow.may_move(action.status, status):
        raise ValidationError(
            {
                "status": [
                    _("An action %(now)s cannot become %(to)s.")
                    % {
                        "now": ActionStatus(action.status).label,
                        "to": ActionStatus(status).label,
                    }
                ]
            }
        )
    changes: dict[str, object] = {"status": status}
    if status == ActionStatus.DONE and action.status != ActionStatus.DONE:
        changes["done_on"] = timezone.localdate()
    return record_update(
        actor=actor,
        obj=action,
        changes=changes,
        expected_version=expected_version,
        action="council.action_status",
    )


@transaction.atomic
def action_link(
    *,
    actor: Actor,
    action: Action,
    milestone: Milestone | None = None,
    pledge: Pledge | None = None,
    agreement: Agreement | None = None,
) -> ActionLink:
    """Link the one milestone, pledge or agreement named; the caller resolved it through visibility."""
    require_role(actor, *rules.REGISTRARS, action=_("link records to Council actions"))
    named = [
        (f, t)
        for f, t in (("milestone", milestone), ("pledge", pledge), ("agreement", agreement))
        if t is not None
    ]
    if len(named) != 1:
        raise ValidationError({"__all__": [_("Name one milestone, one pledge or one agreement.")]})
    field, target = named[0]
    if ActionLink.objects.filter(action=action, **{field: target}).exists():
        raise ValidationError(
            {field: [_("%(t)s is already linked to this action.") % {"t": target}]}
        )
    link = ActionLink(action=action, linked_by_id=actor.pk, **{field: target})
    return record_create(actor=actor, obj=link, action=f"council.link_{field}")


@transaction.atomic
def action_unlink(*, actor: Actor, link: ActionLink) -> None:
    require_role(actor, *rules.REGISTRARS, action=_("unlink records from Council actions"))
    audit_event_record(actor=actor, action="council.unlink", obj=link, before=snapshot(link))
    link.delete()
