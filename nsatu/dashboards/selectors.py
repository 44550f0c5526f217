"""The overview page's read: public Kiel tracker aggregates and the published requirements this user may see."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from nsatu.engine.coverage import AreaCoverage, Coverage
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.needs.selectors import requirement_list
from nsatu.pledges.models import ReportedHeavyWeapons
from nsatu.pledges.selectors import (
    aid_over_time,
    donor_aid_totals,
    heavy_weapons_by_donor,
    requirement_area_coverage,
    requirement_coverage,
)


@dataclass(frozen=True)
class Overview:
    donor_aid: list[dict[str, Any]]
    aid_over_time: list[dict[str, Any]]
    heavy_weapons: list[ReportedHeavyWeapons]
    requirements: list[Requirement]
    coverage: dict[int, Coverage]
    area_coverage: list[AreaCoverage]

    @property
    def aid_totals(self) -> dict[str, Decimal]:
        keys = ("military_eur", "financial_eur", "humanitarian_eur", "total_eur")
        return {k: sum((r[k] or Decimal(0) for r in self.donor_aid), Decimal(0)) for k in keys}

    @property
    def any_illustrative(self) -> bool:
        return any(r.illustrative for r in self.requirements)


def overview_get(*, user: Any) -> Overview:
    requirements = list(requirement_list(user=user, status=RequirementStatus.PUBLISHED))
    coverage = requirement_coverage(user=user, requirements=requirements)
    return Overview(
        donor_aid=donor_aid_totals(),
        aid_over_time=aid_over_time(),
        heavy_weapons=heavy_weapons_by_donor(),
        requirements=requirements,
        coverage=coverage,
        area_coverage=requirement_area_coverage(
            user=user, requirements=requirements, coverage=coverage
        ),
    )
