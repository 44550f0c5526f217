"""What the coverage selectors return: the inputs they read and the engine's result beside them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from nsatu.engine.coverage import CoverageResult, Need, Parcel, RequirementCoverage
from nsatu.engine.ledger import Ledger
from nsatu.needs.models import Requirement

# Coverage is counted over years of aid to Ukraine, not over the calendar's extremes (a horizon must fit).
FIRST_DAY = dt.date(2014, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)


@dataclass(frozen=True)
class CoverageInputs:
    needs: list[Need]
    parcels: list[Parcel]
    out_of_service: dict[int, Decimal]
    ledger: Ledger
    as_of: dt.date
    horizon: dt.date
    requirements: dict[int, Requirement]


@dataclass(frozen=True)
class CoverageView:
    result: CoverageResult
    inputs: CoverageInputs

    def of(self, requirement_id: int) -> RequirementCoverage:
        return self.result.of(requirement_id)

    def get(self, requirement_id: int) -> RequirementCoverage | None:
        """None for a requirement not counted (not published, or not the reader's to see)."""
        return self.result.get(requirement_id)
