from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

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
from nsatu.pledges.models import Pledge, ReportedAid, ReportedHeavyWeapons


def pledge_visible(*, user: Any) -> QuerySet[Pledge]:
    return Pledge.objects.filter(visible_q(user))


def pledge_list(
    *,
    user: Any,
    donor: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    dataset: str | None = None,
    item_type: int | None = None,
    requirement: int | None = None,
    search: str | None = None,
) -> QuerySet[Pledge]:
    qs = pledge_visible(user=user).select_related(
        "donor", "recipient", "item_type", "dataset", "requirement"
    )
    if donor:
        qs = qs.filter(donor__code=donor)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if dataset:
        qs = qs.filter(dataset__key=dataset)
    if item_type:
        qs = qs.filter(item_type_id=item_type)
    if requirement:
        qs = qs.filter(requirement_id=requirement)
    if search:
        qs = qs.filter(Q(description__icontains=search) | Q(item_type__name__icontains=search))
    return qs.order_by("donor__name", "-announced_on", "id")


def pledge_get(*, user: Any, pk: int) -> Pledge:
    pledge = pledge_list(user=user).filter(pk=pk).prefetch_related("tranches").first()
    if pledge is None:
        raise NotFound(pk)
    return pledge


def pledge_status_counts(*, user: Any) -> dict[str, int]:
    rows = pledge_visible(user=user).values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def donor_aid_totals() -> list[dict[str, Any]]:
    """Kiel tracker amounts summed over all months, per donor (public data)."""
    rows = (
        ReportedAid.objects.values("donor__code", "donor__name")
        .annotate(
            military=Sum("military_eur"),
            financial=Sum("financial_eur"),
            humanitarian=Sum("humanitarian_eur"),
            total=Sum("total_eur"),
        )
        .order_by("-total", "donor__code")
    )
    return [
        {
            "donor_iso3": r["donor__code"],
            "donor": r["donor__name"],
            "military_eur": r["military"],
            "financial_eur": r["financial"],
            "humanitarian_eur": r["humanitarian"],
            "total_eur": r["total"],
        }
        for r in rows
    ]


def aid_over_time() -> list[dict[str, Any]]:
    rows = (
        ReportedAid.objects.values("year", "month")
        .annotate(
            military=Sum("military_eur"),
            financial=Sum("financial_eur"),
            humanitarian=Sum("humanitarian_eur"),
        )
        .order_by("year", "month")
    )
    return [
        {
            "period": f"{r['year']}-{r['month']:02d}",
            "military_eur": r["military"] or Decimal(0),
            "financial_eur": r["financial"] or Decimal(0),
            "humanitarian_eur": r["humanitarian"] or Decimal(0),
        }
        for r in rows
    ]


def heavy_weapons_by_donor() -> list[ReportedHeavyWeapons]:
    return list(
        ReportedHeavyWeapons.objects.select_related("donor").order_by("donor__name", "category")
    )


def donor_aid_for_party(*, code: str) -> dict[str, Any] | None:
    for row in donor_aid_totals():
        if row["donor_iso3"] == code:
            return row
    return None


def requirement_coverage(*, user: Any, requirements: list[Requirement]) -> dict[int, Coverage]:
    """Coverage of each requirement by the pledges earmarked to it that this user may see."""
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
