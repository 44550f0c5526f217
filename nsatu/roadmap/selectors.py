"""Reads of milestones and their links; every milestone read is built on `visible_q`, every linked record is
named through core/refs.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from django.db.models import BooleanField, ExpressionWrapper, F, QuerySet
from django.utils import timezone

from nsatu.agreements.models import Agreement
from nsatu.agreements.selectors import agreement_get, agreement_visible
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.paging import order_by_args
from nsatu.core.refs import field_ref, mark_loaded_refs, mark_visible_refs
from nsatu.core.visibility import visible_q
from nsatu.parties.models import Coalition, Party
from nsatu.parties.selectors import coalition_visible, party_get, party_visible
from nsatu.pledges.models import Pledge
from nsatu.pledges.selectors import pledge_get, pledge_visible
from nsatu.roadmap import rules, workflow
from nsatu.roadmap.models import Milestone, MilestoneArea, MilestoneLink, MilestoneStatus
from nsatu.training.models import Course
from nsatu.training.selectors import course_get, course_visible

SORTS = {
    "due": (F("due_date").asc(nulls_last=True), "title", "id"),
    "-due": (F("due_date").desc(nulls_last=True), "title", "id"),
    "title": ("title", "id"),
    "status": ("status", F("due_date").asc(nulls_last=True), "id"),
    "area": ("area", F("due_date").asc(nulls_last=True), "id"),
}
LINK_FIELDS = ("pledge", "course", "agreement")
# Columns that may be empty: an empty date sorts last both ways, on SQLite as on PostgreSQL.
NULLABLE = {"due_date", "achieved_on"}


def milestone_visible(*, user: Reader) -> QuerySet[Milestone]:
    return Milestone.objects.filter(visible_q(user))


def milestone_list(
    *,
    user: Reader,
    coalition: Coalition | int | None = None,
    area: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    overdue: bool | None = None,
    text: str | None = None,
    sort: str = "due",
    order: Sequence[str] | None = None,
    today: dt.date | None = None,
) -> QuerySet[Milestone]:
    """The visible milestones, each with `overdue` and its coalition marked (`coalition_seen`). `sort` is a
    key of SORTS (the API); `order`, when given, the page's column order."""
    today = today or timezone.localdate()
    qs = milestone_visible(user=user).select_related("owner", "coalition", "dataset")
    if coalition is not None:
        qs = qs.filter(coalition_id=coalition if isinstance(coalition, int) else coalition.pk)
    if area:
        qs = qs.filter(area=area)
    if status:
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner__code=owner)
    if text:
        qs = qs.filter(title__icontains=text)
    late = workflow.overdue_q(today)
    if overdue is not None:
        qs = qs.filter(late) if overdue else qs.exclude(late)
    qs = qs.annotate(overdue=ExpressionWrapper(late, output_field=BooleanField()))
    qs = mark_visible_refs(qs, field="coalition", visible=coalition_visible(user=user))
    if order:
        return qs.order_by(*order_by_args(order, nullable=NULLABLE))
    return qs.order_by(*SORTS.get(sort, SORTS["due"]))


def milestone_get(*, user: Reader, pk: int) -> Milestone:
    milestone = milestone_list(user=user).filter(pk=pk).first()
    if milestone is None:
        raise NotFound(pk)
    return milestone


def quarter_of(day: dt.date | None) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}" if day else ""


@dataclass(frozen=True)
class TimelineGroup:
    label: str  # "2026 Q3", or "" for milestones without a due date
    milestones: list[Milestone]


def milestone_timeline(milestones: list[Milestone]) -> list[TimelineGroup]:
    """Consecutive milestones of one quarter together, in the order given (a page of the timeline)."""
    groups: list[TimelineGroup] = []
    for m in milestones:
        label = quarter_of(m.due_date)
        if not groups or groups[-1].label != label:
            groups.append(TimelineGroup(label, []))
        groups[-1].milestones.append(m)
    return groups


@dataclass(frozen=True)
class StatusSummary:
    areas: list[tuple[str, str]]  # (value, label)
    statuses: list[tuple[str, str]]
    counts: dict[tuple[str, str], int]  # (area, status) -> milestones
    by_status: dict[str, int]
    by_area: dict[str, int]
    overdue: int
    total: int

    def rows(self) -> list[tuple[str, list[int], int]]:
        return [
            (label, [self.counts.get((a, s), 0) for s, _l in self.statuses], self.by_area[a])
            for a, label in self.areas
        ]


def milestone_summary_get(
    *, user: Reader, coalition: Coalition | int | None = None
) -> StatusSummary:
    today = timezone.localdate()
    rows = list(
        milestone_list(user=user, coalition=coalition, today=today).values_list(
            "area", "status", "due_date"
        )
    )
    counts = Counter((area, status) for area, status, _due in rows)
    return StatusSummary(
        areas=[(v, str(label)) for v, label in MilestoneArea.choices],
        statuses=[(v, str(label)) for v, label in MilestoneStatus.choices],
        counts=dict(counts),
        by_status={s: sum(n for (_a, st), n in counts.items() if st == s) for s in MilestoneStatus},
        by_area={a: sum(n for (ar, _s), n in counts.items() if ar == a) for a in MilestoneArea},
        overdue=sum(
            workflow.is_overdue(status=status, due_date=due, today=today)
            for _area, status, due in rows
        ),
        total=sum(counts.values()),
    )


def milestone_links(*, user: Reader, milestone: Milestone) -> list[MilestoneLink]:
    """The links of a visible milestone; a hidden pledge, course or agreement reads "a restricted …"."""
    links = list(MilestoneLink.objects.filter(milestone=milestone).select_related(*LINK_FIELDS))
    mark_loaded_refs(links, field="pledge", visible=pledge_visible(user=user))
    mark_loaded_refs(links, field="course", visible=course_visible(user=user))
    return mark_loaded_refs(links, field="agreement", visible=agreement_visible(user=user))


@dataclass(frozen=True)
class MilestonePage:
    milestone: Milestone
    links: list[MilestoneLink]
    may_edit: bool
    overdue: bool
    # What the link form may name: the records this reader may see.
    pledges: QuerySet[Pledge]
    courses: QuerySet[Course]
    agreements: QuerySet[Agreement]


def milestone_page_get(*, user: Reader, pk: int) -> MilestonePage:
    milestone = milestone_get(user=user, pk=pk)
    return MilestonePage(
        milestone,
        milestone_links(user=user, milestone=milestone),
        rules.may_edit(user, milestone.owner_id),
        bool(getattr(milestone, "overdue", False)),
        pledge_visible(user=user),
        course_visible(user=user),
        agreement_visible(user=user),
    )


@dataclass(frozen=True)
class MilestoneChoices:
    parties: QuerySet[Party]
    coalitions: QuerySet[Coalition]


def milestone_form_choices(*, user: Reader) -> MilestoneChoices:
    return MilestoneChoices(
        party_visible(user=user).order_by("name"), coalition_visible(user=user).order_by("name")
    )


@dataclass(frozen=True)
class LinkTargets:
    pledge: Pledge | None
    course: Course | None
    agreement: Agreement | None


def milestone_link_targets(
    *, user: Reader, pledge: int | None, course: int | None, agreement: int | None
) -> LinkTargets:
    """The records a link names, by id; a hidden or unknown one is a field error, as for any input."""

    def resolve[T](field: str, pk: int | None, get: partial[T]) -> T | None:
        return None if pk is None else field_ref(field, pk, get)

    return LinkTargets(
        resolve("pledge", pledge, partial(pledge_get, user=user, pk=pledge or 0)),
        resolve("course", course, partial(course_get, user=user, pk=course or 0)),
        resolve("agreement", agreement, partial(agreement_get, user=user, pk=agreement or 0)),
    )


def milestone_link_get(*, user: Reader, milestone: int, pk: int) -> MilestoneLink:
    """A link of a milestone the reader may see (a 404 otherwise)."""
    link = (
        MilestoneLink.objects.filter(pk=pk, milestone__in=milestone_visible(user=user))
        .filter(milestone_id=milestone)
        .select_related("milestone")
        .first()
    )
    if link is None:
        raise NotFound(pk)
    return link


def milestone_options(*, user: Reader) -> QuerySet[Milestone]:
    """Milestones a council action may name: the visible ones, by due date."""
    return milestone_visible(user=user).order_by(F("due_date").asc(nulls_last=True), "title")


def coalition_option_get(*, user: Reader, pk: int) -> Coalition:
    coalition = coalition_visible(user=user).filter(pk=pk).first()
    if coalition is None:
        raise NotFound(pk)
    return coalition


@dataclass(frozen=True)
class MilestoneRefs:
    owner: Party | None
    coalition: Coalition | None


def milestone_input_resolve(
    *, user: Reader, owner: str | None, coalition: int | None
) -> MilestoneRefs:
    """The owner (by party code) and the coalition (by id) an API body names, through visibility."""
    return MilestoneRefs(
        None
        if owner is None
        else field_ref("owner", owner, partial(party_get, user=user, code=owner.upper())),
        None
        if coalition is None
        else field_ref(
            "coalition", coalition, partial(coalition_option_get, user=user, pk=coalition)
        ),
    )
