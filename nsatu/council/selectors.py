"""Reads of Council meetings, decisions and actions. A decision is read with its meeting and an action with its
decision and meeting: one visible without the other would name a hidden record. Linked records are named
through core/refs.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.db.models import BooleanField, ExpressionWrapper, F, Model, QuerySet
from django.utils import timezone

from nsatu.agreements.models import Agreement
from nsatu.agreements.selectors import agreement_visible
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.paging import order_by_args
from nsatu.core.refs import field_ref, mark_loaded_refs
from nsatu.core.visibility import visible_q
from nsatu.council import rules, workflow
from nsatu.council.drafts import ActionDraft
from nsatu.council.models import Action, ActionLink, Decision, Meeting
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_get, party_visible
from nsatu.pledges.models import Pledge
from nsatu.pledges.selectors import pledge_visible
from nsatu.roadmap.models import Milestone
from nsatu.roadmap.selectors import milestone_options, milestone_visible

MEETING_SORTS = {"-date": ("-date", "id"), "date": ("date", "id"), "level": ("level", "-date")}
ACTION_SORTS = {
    "due": (F("due_date").asc(nulls_last=True), "id"),
    "-due": (F("due_date").desc(nulls_last=True), "id"),
    "status": ("status", F("due_date").asc(nulls_last=True), "id"),
    "owner": ("owner__name", F("due_date").asc(nulls_last=True), "id"),
}
# Columns that may be empty: an empty due date sorts last both ways, on SQLite as on PostgreSQL.
NULLABLE = {"due_date", "done_on"}


def meeting_visible(*, user: Reader) -> QuerySet[Meeting]:
    return Meeting.objects.filter(visible_q(user))


def decision_visible(*, user: Reader) -> QuerySet[Decision]:
    return Decision.objects.filter(visible_q(user), visible_q(user, prefix="meeting__"))


def action_visible(*, user: Reader) -> QuerySet[Action]:
    return Action.objects.filter(
        visible_q(user),
        visible_q(user, prefix="decision__"),
        visible_q(user, prefix="decision__meeting__"),
    )


def meeting_list(
    *,
    user: Reader,
    level: str | None = None,
    year: int | None = None,
    sort: str = "-date",
    order: Sequence[str] | None = None,
) -> QuerySet[Meeting]:
    """`sort` is a key of MEETING_SORTS (the API); `order`, when given, the page's column order."""
    qs = meeting_visible(user=user).select_related("dataset")
    if level:
        qs = qs.filter(level=level)
    if year:
        qs = qs.filter(date__year=year)
    if order:
        return qs.order_by(*order_by_args(order, nullable=NULLABLE))
    return qs.order_by(*MEETING_SORTS.get(sort, MEETING_SORTS["-date"]))


def meeting_get(*, user: Reader, pk: int) -> Meeting:
    meeting = meeting_list(user=user).filter(pk=pk).first()
    if meeting is None:
        raise NotFound(pk)
    return meeting


def action_list(
    *,
    user: Reader,
    status: str | None = None,
    owner: str | None = None,
    overdue: bool | None = None,
    meeting: int | None = None,
    text: str | None = None,
    sort: str = "due",
    order: Sequence[str] | None = None,
    today: dt.date | None = None,
) -> QuerySet[Action]:
    """The visible actions, each with `overdue` (past its due date and not done). `sort` is a key of
    ACTION_SORTS (the API); `order`, when given, the page's column order."""
    late = workflow.overdue_q(today or timezone.localdate())
    qs = action_visible(user=user).select_related(
        "owner", "dataset", "decision", "decision__meeting"
    )
    if status:
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner__code=owner)
    if meeting:
        qs = qs.filter(decision__meeting_id=meeting)
    if text:
        qs = qs.filter(title__icontains=text)
    if overdue is not None:
        qs = qs.filter(late) if overdue else qs.exclude(late)
    qs = qs.annotate(overdue=ExpressionWrapper(late, output_field=BooleanField()))
    if order:
        return qs.order_by(*order_by_args(order, nullable=NULLABLE))
    return qs.order_by(*ACTION_SORTS.get(sort, ACTION_SORTS["due"]))


def action_get(*, user: Reader, pk: int) -> Action:
    action = action_list(user=user).filter(pk=pk).first()
    if action is None:
        raise NotFound(pk)
    return action


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    actions: list[Action]


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    decisions: list[DecisionRow]
    may_register: bool


def meeting_page_get(*, user: Reader, pk: int) -> MeetingPage:
    meeting = meeting_get(user=user, pk=pk)
    actions: dict[int, list[Action]] = {}
    for a in action_list(user=user, meeting=meeting.pk):
        actions.setdefault(a.decision_id, []).append(a)
    decisions = decision_visible(user=user).filter(meeting=meeting).select_related("dataset")
    return MeetingPage(
        meeting,
        [DecisionRow(d, actions.get(d.pk, [])) for d in decisions.order_by("id")],
        rules.may_register(user),
    )


def action_links(*, user: Reader, action: Action) -> list[ActionLink]:
    links = list(
        ActionLink.objects.filter(action=action).select_related("milestone", "pledge", "agreement")
    )
    mark_loaded_refs(links, field="milestone", visible=milestone_visible(user=user))
    mark_loaded_refs(links, field="pledge", visible=pledge_visible(user=user))
    return mark_loaded_refs(links, field="agreement", visible=agreement_visible(user=user))


@dataclass(frozen=True)
class ActionPage:
    action: Action
    links: list[ActionLink]
    may_report: bool
    may_link: bool
    milestones: QuerySet[Milestone]
    pledges: QuerySet[Pledge]
    agreements: QuerySet[Agreement]


def action_page_get(*, user: Reader, pk: int) -> ActionPage:
    action = action_get(user=user, pk=pk)
    return ActionPage(
        action,
        action_links(user=user, action=action),
        rules.may_report(user, action.owner_id),
        rules.may_register(user),
        milestone_options(user=user),
        pledge_visible(user=user),
        agreement_visible(user=user),
    )


def action_link_get(*, user: Reader, action: int, pk: int) -> ActionLink:
    link = ActionLink.objects.filter(
        pk=pk, action_id=action, action__in=action_visible(user=user)
    ).first()
    if link is None:
        raise NotFound(pk)
    return link


@dataclass(frozen=True)
class DecisionChoices:
    meeting: Meeting
    parties: QuerySet[Party]
    milestones: QuerySet[Milestone]
    pledges: QuerySet[Pledge]
    agreements: QuerySet[Agreement]


def decision_form_choices(*, user: Reader, meeting: int) -> DecisionChoices:
    return DecisionChoices(
        meeting_get(user=user, pk=meeting),
        party_visible(user=user).order_by("name"),
        milestone_options(user=user),
        pledge_visible(user=user),
        agreement_visible(user=user),
    )


def meeting_form_choices(*, user: Reader) -> QuerySet[Party]:
    return party_visible(user=user).order_by("name")


@dataclass(frozen=True)
class ActionRequest:
    """One action of an API body, by codes and ids."""

    title: str
    owner: str
    due_date: dt.date | None = None
    milestone: int | None = None
    pledge: int | None = None
    agreement: int | None = None


def _visible_one[T: Model](qs: QuerySet[T], field: str, pk: int | None) -> T | None:
    if pk is None:
        return None

    def get() -> T:
        found = qs.filter(pk=pk).first()
        if found is None:
            raise NotFound(pk)
        return found

    return field_ref(field, pk, get)


def action_drafts_resolve(*, user: Reader, requests: list[ActionRequest]) -> list[ActionDraft]:
    """The parties and records an API body names, each through the reader's visibility (a field error
    for one unknown or hidden, as for any input)."""
    drafts = []
    for r in requests:
        owner = field_ref("owner", r.owner, partial(party_get, user=user, code=r.owner.upper()))
        drafts.append(
            ActionDraft(
                title=r.title,
                owner=owner,
                due_date=r.due_date,
                milestone=_visible_one(milestone_visible(user=user), "milestone", r.milestone),
                pledge=_visible_one(pledge_visible(user=user), "pledge", r.pledge),
                agreement=_visible_one(agreement_visible(user=user), "agreement", r.agreement),
            )
        )
    return drafts


def meeting_owner_resolve(*, user: Reader, owner: str | None) -> Party | None:
    if owner is None:
        return None
    return field_ref("owner", owner, partial(party_get, user=user, code=owner.upper()))
