from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from nsatu.core.errors import NotFound
from nsatu.core.visibility import visible_q
from nsatu.engine.coverage import (
    AreaCoverage,
    Coverage,
    PledgeOffer,
    RequirementNeed,
    coverage_by_area,
    coverage_by_requirement,
)
from nsatu.needs.models import Requirement


def requirement_visible(*, user: Any) -> QuerySet[Requirement]:
    return Requirement.objects.filter(visible_q(user))


def requirement_list(
    *,
    user: Any,
    status: str | None = None,
    capability_area: str | None = None,
    search: str | None = None,
) -> QuerySet[Requirement]:
    qs = requirement_visible(user=user).select_related("item_type", "ammunition_family", "owner")
    if status:
        qs = qs.filter(status=status)
    if capability_area:
        qs = qs.filter(capability_area=capability_area)
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(reference__icontains=search)
            | Q(description__icontains=search)
        )
    return qs.order_by("priority", "needed_by", "reference")


def requirement_get(*, user: Any, pk: int) -> Requirement:
    item = requirement_list(user=user).filter(pk=pk).first()
    if item is None:
        raise NotFound(pk)
    return item


def requirement_coverage(*, user: Any, requirements: list[Requirement]) -> dict[int, Coverage]:
    """Coverage of each requirement by the pledges earmarked to it that this user may see."""
    from nsatu.pledges.selectors import pledge_visible

    ids = [r.pk for r in requirements]
    offers = [
        PledgeOffer(
            p["pk"],
            p["requirement_id"],
            Decimal(p["quantity"] or 0),
            p["status"],
            Decimal(p["delivered_quantity"] or 0),
        )
        for p in pledge_visible(user=user)
        .filter(requirement_id__in=ids)
        .values("pk", "requirement_id", "quantity", "status", "delivered_quantity")
    ]
    needs = [RequirementNeed(r.pk, r.quantity, r.capability_area) for r in requirements]
    return {c.requirement_id: c for c in coverage_by_requirement(needs, offers)}


def requirement_area_coverage(
    *, user: Any, requirements: list[Requirement], coverage: dict[int, Coverage]
) -> list[AreaCoverage]:
    needs = [RequirementNeed(r.pk, r.quantity, r.capability_area) for r in requirements]
    return coverage_by_area(needs, coverage.values())
