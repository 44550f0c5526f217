"""Reads of joint production projects, every one through the visibility rule (core/visibility.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.paging import page_of
from nsatu.core.refs import mark_loaded_refs, mark_visible_refs, ref_shown
from nsatu.core.visibility import readable_releasabilities, visible_q
from nsatu.flows.models import Flow
from nsatu.flows.selectors import flow_visible
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_visible
from nsatu.pledges.models import Pledge, PledgeKind
from nsatu.pledges.selectors import pledge_visible
from nsatu.production import rules
from nsatu.production.models import (
    JointProject,
    ProjectCapacity,
    ProjectFunding,
    ProjectPartner,
)
from nsatu.production.workflow import FEEDS_PLAN

SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "status": ("status", "name"),
    "start": ("first_month", "name"),
    "-start": ("-first_month", "name"),
    "announced": ("announced_on", "name"),
    "-announced": ("-announced_on", "name"),
}


def joint_project_visible(*, user: Reader) -> QuerySet[JointProject]:
    return JointProject.objects.filter(visible_q(user))


def joint_project_list(
    *,
    user: Reader,
    status: str | None = None,
    item_type: str | None = None,
    partner: str | None = None,
    sort: str | None = None,
    order: tuple[str, ...] | None = None,
) -> QuerySet[JointProject]:
    """`sort` is a key of SORTS (the API); `order`, when given, the page's column order (core.paging)."""
    qs = mark_visible_refs(
        joint_project_visible(user=user).select_related("item_type", "owner", "dataset"),
        field="item_type",
        visible=item_type_visible(user=user),
    ).annotate(first_month=Min("capacities__from_month"))
    if status:
        qs = qs.filter(status=status)
    if item_type:
        # Only a visible item type may match: the filter must not tell whether a hidden one exists.
        qs = qs.filter(item_type__in=item_type_visible(user=user).filter(name__icontains=item_type))
    if partner:
        qs = qs.filter(
            Q(partners__name__icontains=partner) | Q(partners__country__iexact=partner)
        ).distinct()
    return qs.order_by(*(order or SORTS.get(sort or "", SORTS["name"])))


@dataclass(frozen=True)
class ProjectIndex:
    page: Page[JointProject]
    may_create: bool


def joint_project_index_get(
    *,
    user: Reader,
    page: str | None = None,
    order: tuple[str, ...] | None = None,
    **filters: str | None,
) -> ProjectIndex:
    projects = joint_project_list(user=user, order=order, **filters)
    return ProjectIndex(page=page_of(projects, page), may_create=rules.may_create(user))


@dataclass(frozen=True)
class ProjectPage:
    project: JointProject
    partners: list[ProjectPartner]
    capacities: list[ProjectCapacity]
    funding: list[ProjectFunding]
    gaps: list[str]  # why the project cannot feed a plan; empty when it can
    may_edit: bool
    illustrative: bool


def _marked(project: JointProject, user: Reader) -> list[ProjectFunding]:
    rows = list(
        project.funding.select_related("pledge__donor", "flow__source", "flow__destination")
    )
    rows = mark_loaded_refs(rows, field="pledge", visible=pledge_visible(user=user))
    return mark_loaded_refs(rows, field="flow", visible=flow_visible(user=user))


def feed_gaps(
    *, project: JointProject, capacities: list[ProjectCapacity], funding: list[ProjectFunding]
) -> list[str]:
    """What keeps the project out of an allocation run, each as a sentence; nothing when it feeds one."""
    gaps = []
    if project.status not in FEEDS_PLAN:
        gaps.append(_("Only agreed or producing projects feed a plan."))
    item_type = ref_shown(project, "item_type")
    if item_type is None:
        gaps.append(_("No item type is recorded (or you may not see it)."))
    elif not getattr(item_type, "unit_value_eur", None):
        gaps.append(_("The item type has no unit value in EUR, so funds cannot buy it."))
    if not capacities:
        gaps.append(_("No capacity has been published: nothing can be bought from it."))
    if not any(
        ref_shown(f, "pledge") is not None
        and getattr(ref_shown(f, "pledge"), "kind", "") == PledgeKind.FUNDS
        for f in funding
    ):
        gaps.append(
            _(
                "No funds pledge pays for it: a plan proposes pledges, a flow alone cannot be planned."
            )
        )
    return gaps


def joint_project_page_get(*, user: Reader, pk: int) -> ProjectPage:
    project = joint_project_list(user=user).filter(pk=pk).first()
    if project is None:
        raise NotFound(_("No joint production project %(pk)s is visible to you.") % {"pk": pk})
    capacities = list(project.capacities.all())
    funding = _marked(project, user)
    return ProjectPage(
        project=project,
        partners=list(project.partners.select_related("party")),
        capacities=capacities,
        funding=funding,
        gaps=feed_gaps(project=project, capacities=capacities, funding=funding),
        may_edit=rules.may_edit(user, project),
        illustrative=bool(project.dataset and project.dataset.illustrative),
    )


def joint_project_get(*, user: Reader, pk: int) -> JointProject:
    project = joint_project_visible(user=user).filter(pk=pk).first()
    if project is None:
        raise NotFound(_("No joint production project %(pk)s is visible to you.") % {"pk": pk})
    return project


def joint_project_export_rows(
    *, user: Reader, order: tuple[str, ...] | None = None, **filters: str | None
) -> list[ProjectPage]:
    """Every visible project matching the filters with its parts, for the downloads, the API and the export."""
    projects = joint_project_list(user=user, order=order, **filters).prefetch_related(
        "capacities", Prefetch("partners", queryset=ProjectPartner.objects.select_related("party"))
    )
    result = []
    for project in projects:
        capacities = list(project.capacities.all())
        funding = _marked(project, user)
        result.append(
            ProjectPage(
                project=project,
                partners=list(project.partners.all()),
                capacities=capacities,
                funding=funding,
                gaps=feed_gaps(project=project, capacities=capacities, funding=funding),
                may_edit=False,
                illustrative=bool(project.dataset and project.dataset.illustrative),
            )
        )
    return result


@dataclass(frozen=True)
class ProducerFeed:
    """One project as the allocation reads it: a named producer of one item type, and the pledges paying it."""

    project_id: int
    item_type_id: int
    schedule: list[tuple[dt.date, int]]  # (first day of the month, units per month), ascending
    pledge_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ProducerFeeds:
    feeds: list[ProducerFeed]
    # Funds pledges bound to a visible project that does not feed the plan: their money is the project's.
    bound_pledges: dict[int, int]  # pledge id -> project id


def producer_feed_list(*, user: Reader) -> ProducerFeeds:
    """What the visible projects give an allocation run read with `user`'s view (docs/allocation-model.md §11)."""
    feeds: list[ProducerFeed] = []
    bound: dict[int, int] = {}
    projects = joint_project_export_rows(user=user)
    for page in projects:
        project = page.project
        pledges = [
            f.pledge_id
            for f in page.funding
            if f.pledge_id is not None and ref_shown(f, "pledge") is not None
        ]
        if page.gaps:
            bound.update({p: project.pk for p in pledges})
            continue
        assert project.item_type_id is not None
        feeds.append(
            ProducerFeed(
                project_id=project.pk,
                item_type_id=project.item_type_id,
                schedule=[(c.from_month, c.units_per_month) for c in page.capacities],
                pledge_ids=pledges,
            )
        )
    return ProducerFeeds(feeds=feeds, bound_pledges=bound)


@dataclass(frozen=True)
class ProjectFormChoices:
    parties: QuerySet[Party]
    item_types: QuerySet[ItemType]
    pledges: QuerySet[Pledge]
    flows: QuerySet[Flow]
    releasabilities: list[str]


def project_form_choices(*, user: Reader) -> ProjectFormChoices:
    """What the project forms offer: visible parties, item types, funds pledges and flows."""
    return ProjectFormChoices(
        parties=party_visible(user=user).order_by("name"),
        item_types=item_type_visible(user=user).order_by("name"),
        pledges=pledge_visible(user=user).filter(kind=PledgeKind.FUNDS),
        flows=flow_visible(user=user),
        releasabilities=readable_releasabilities(user, owner_id=None),
    )
