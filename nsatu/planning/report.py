"""The over-coverage and duplicates report: firm offers beyond a need, pledges probably entered twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from nsatu.core.actors import Reader
from nsatu.engine.coverage_old import (
    Coverage,
    PledgeOffer,
    RequirementNeed,
    coverage_by_requirement,
)
from nsatu.needs.models import Requirement
from nsatu.needs.selectors import requirement_visible
from nsatu.pledges.models import FIRM_STATUSES, Pledge, PledgeKind
from nsatu.pledges.selectors import pledge_visible

DUPLICATE_WINDOW_DAYS = 31


@dataclass(frozen=True)
class OverCoverage:
    requirement: Requirement
    coverage: Coverage
    pledges: int


@dataclass(frozen=True)
class DuplicateGroup:
    donor: str
    item_type: str
    quantity: int
    pledges: list[Pledge]


@dataclass(frozen=True)
class PlanningReport:
    over_coverage: list[OverCoverage]
    duplicates: list[DuplicateGroup]


def planning_report(*, user: Reader) -> PlanningReport:
    """Offers beyond need (firm pledges earmarked past a requirement's quantity) and likely duplicate pledges."""
    firm = (
        pledge_visible(user=user)
        .filter(status__in=FIRM_STATUSES, kind=PledgeKind.IN_KIND, requirement__isnull=False)
        .values("requirement_id")
        .annotate(total=Sum("quantity"), n=Count("id"))
    )
    totals = {r["requirement_id"]: r for r in firm}
    requirements = list(
        requirement_visible(user=user).filter(pk__in=totals).order_by("priority", "reference")
    )
    needs = [RequirementNeed(r.pk, r.quantity, r.capability_area) for r in requirements]
    offers = [
        PledgeOffer(0, rid, Decimal(row["total"] or 0), "committed") for rid, row in totals.items()
    ]
    coverage = {c.requirement_id: c for c in coverage_by_requirement(needs, offers)}
    over = [
        OverCoverage(r, coverage[r.pk], totals[r.pk]["n"])
        for r in requirements
        if coverage[r.pk].over > 0
    ]
    return PlanningReport(over_coverage=over, duplicates=_duplicates(user))


def _duplicates(user: Reader) -> list[DuplicateGroup]:
    """Same donor, item type and quantity, announced within DUPLICATE_WINDOW_DAYS of the previous one."""
    candidates = (
        pledge_visible(user=user)
        .filter(item_type__isnull=False, quantity__isnull=False, announced_on__isnull=False)
        .exclude(status="withdrawn")
        .values("donor_id", "item_type_id", "quantity")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    keys = Q(pk__in=[])
    for c in candidates:
        keys |= Q(donor_id=c["donor_id"], item_type_id=c["item_type_id"], quantity=c["quantity"])
    pledges = list(
        pledge_visible(user=user)
        .filter(keys)
        .exclude(status="withdrawn")
        .select_related("donor", "item_type")
        .order_by("donor__name", "item_type__name", "quantity", "announced_on", "id")
    )
    groups: list[DuplicateGroup] = []
    window = dt.timedelta(days=DUPLICATE_WINDOW_DAYS)
    current: list[Pledge] = []
    for pledge in pledges:
        if current and _same(current[-1], pledge) and _gap(current[-1], pledge) <= window:
            current.append(pledge)
            continue
        _close(current, groups)
        current = [pledge]
    _close(current, groups)
    return groups


def _gap(a: Pledge, b: Pledge) -> dt.timedelta:
    assert (
        a.announced_on is not None and b.announced_on is not None
    )  # the query keeps dated pledges only
    return b.announced_on - a.announced_on


def _same(a: Pledge, b: Pledge) -> bool:
    return (a.donor_id, a.item_type_id, a.quantity) == (b.donor_id, b.item_type_id, b.quantity)


def _close(current: list[Pledge], groups: list[DuplicateGroup]) -> None:
    if len(current) > 1:
        first = current[0]
        groups.append(
            DuplicateGroup(
                first.donor.name,
                first.item_type.name if first.item_type else "",
                first.quantity or 0,
                list(current),
            )
        )
