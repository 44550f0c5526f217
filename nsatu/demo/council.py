"""The demo's illustrative Council follow-up and roadmap milestones. Not official data.

One invented ambassadors' meeting two months ago with one decision (a follow-up of the real 2023 work
programme, in invented words) tasking three actions: one overdue, one done, one due in two months; and three
invented milestones, one of them overdue, one linked to the action it serves and, when the demo's courses
exist, to the language course. Dates are relative to today. The real, sourced meetings and milestones come
from the reference tables (nsatu.exchange.council).

The demo's coordinator records it all through the services of council and roadmap. Built once: building
again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.audit.services import audit_event_record
from nsatu.core.actors import Actor, Role, require_role
from nsatu.core.models import Releasability
from nsatu.council.drafts import ActionDraft
from nsatu.council.models import Action, ActionStatus, MeetingLevel
from nsatu.council.services import action_status_set, decision_register, meeting_create
from nsatu.exchange.services import dataset_derived_save
from nsatu.parties.models import Party
from nsatu.parties.services import party_create
from nsatu.roadmap.models import Milestone, MilestoneArea, MilestoneStatus
from nsatu.roadmap.services import milestone_create, milestone_link
from nsatu.sources.models import Dataset
from nsatu.training.models import Course

# The stored key: exports and existing databases name the dataset so.
DATASET = "council-scenario"
TITLE = "Illustrative Council follow-up and roadmap milestones (not official)"


@dataclass(frozen=True)
class CouncilResult:
    created: bool
    milestones: int
    actions: int
    overdue_actions: int


def _party(actor: Actor, code: str, name: str) -> Party:
    return Party.objects.filter(code=code).first() or party_create(
        actor=actor, code=code, name=name
    )


def _existing() -> CouncilResult | None:
    actions = Action.objects.filter(dataset__key=DATASET)
    if not Milestone.objects.filter(dataset__key=DATASET).exists():
        return None
    today = timezone.localdate()
    return CouncilResult(
        False,
        Milestone.objects.filter(dataset__key=DATASET).count(),
        actions.count(),
        actions.filter(
            due_date__lt=today, status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        ).count(),
    )


def _milestones(actor: Actor, *, today: dt.date, dataset: Dataset) -> list[Milestone]:
    ukr = _party(actor, "UKR", "Ukraine")
    specs = [
        (
            _("Joint logistics doctrine aligned with NATO (illustrative)"),
            MilestoneArea.STANDARDS,
            -45,
            MilestoneStatus.IN_PROGRESS,
        ),
        (
            _("Defence procurement agency audited to NATO practice (illustrative)"),
            MilestoneArea.REFORM,
            120,
            MilestoneStatus.PLANNED,
        ),
        (
            _("Secure NATO-standard communications at brigade level (illustrative)"),
            MilestoneArea.INTEROPERABILITY,
            300,
            MilestoneStatus.PLANNED,
        ),
    ]
    return [
        milestone_create(
            actor=actor,
            title=title,
            area=area,
            owner=ukr,
            due_date=today + dt.timedelta(days=days),
            status=status,
            evidence=_("Illustrative scenario, not official data."),
            releasability=Releasability.PARTICIPANTS,
            dataset=dataset,
        )
        for title, area, days, status in specs
    ]


def _actions(actor: Actor, *, today: dt.date, dataset: Dataset, serves: Milestone) -> list[Action]:
    meeting = meeting_create(
        actor=actor,
        date=today - dt.timedelta(days=60),
        level=MeetingLevel.AMBASSADORS,
        place="Brussels",
        title=_("Illustrative follow-up meeting"),
        source_url="",
        releasability=Releasability.PARTICIPANTS,
        dataset=dataset,
    )
    drafts = [
        ActionDraft(
            _("Report progress on the logistics doctrine (illustrative)"),
            _party(actor, "UKR", "Ukraine"),
            today - dt.timedelta(days=20),
            milestone=serves,
        ),
        ActionDraft(
            _("Name a lead nation for doctrine advice (illustrative)"),
            _party(actor, "DEU", "Germany"),
            today - dt.timedelta(days=30),
        ),
        ActionDraft(
            _("Hold a doctrine workshop (illustrative)"),
            _party(actor, "POL", "Poland"),
            today + dt.timedelta(days=60),
        ),
    ]
    decision = decision_register(
        actor=actor,
        meeting=meeting,
        text=_(
            "Illustrative: allies and Ukraine follow up the interoperability work strand with three tasks."
        ),
        source_url="",
        actions=drafts,
        releasability=Releasability.PARTICIPANTS,
        dataset=dataset,
    )
    actions = list(decision.actions.order_by("id"))
    actions[1] = action_status_set(
        actor=actor, action=actions[1], status=ActionStatus.DONE, expected_version=1
    )
    return actions


def demo_council_build(*, actor: Actor, today: dt.date | None = None) -> CouncilResult:
    """Build the milestones and the Council follow-up once, as the coordinator `actor`."""
    require_role(actor, Role.COORDINATOR, action=_("build the Council scenario"))
    existing = _existing()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    dataset = dataset_derived_save(
        actor=actor,
        key=DATASET,
        title=TITLE,
        publisher="nsatu project",
        citation=_("Invented for the demonstration; see the module nsatu.demo.council."),
        licence=_("illustrative, no source"),
        rows_read=0,
        records_imported=3 + 1 + 1 + 3,
    )
    milestones = _milestones(actor, today=today, dataset=dataset)
    actions = _actions(actor, today=today, dataset=dataset, serves=milestones[0])
    course = Course.objects.filter(dataset__key="training-scenario", skill="language").first()
    if course is not None:
        milestone_link(actor=actor, milestone=milestones[2], course=course)
    audit_event_record(
        actor=actor,
        action="demo.council",
        obj=dataset,
        after={"milestones": len(milestones), "actions": len(actions), "today": today.isoformat()},
    )
    return CouncilResult(True, len(milestones), len(actions), 1)
