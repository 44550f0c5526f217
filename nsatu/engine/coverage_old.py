"""Coverage of requirements by pledges: only firm aid (committed and above) counts; announced is shown apart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

FIRM = frozenset({"committed", "allocated", "delivered"})
ANNOUNCED = "announced"


@dataclass(frozen=True)
class RequirementNeed:
    requirement_id: int
    quantity: Decimal
    capability_area: str


@dataclass(frozen=True)
class PledgeOffer:
    pledge_id: int
    requirement_id: int | None
    quantity: Decimal
    status: str
    delivered: Decimal = Decimal(
        0
    )  # units the recipient accepted on receipt (or the source reports delivered)


@dataclass(frozen=True)
class Coverage:
    requirement_id: int
    quantity: Decimal
    firm: Decimal
    announced: Decimal
    delivered: Decimal = Decimal(0)

    @property
    def delivered_share(self) -> Decimal:
        if self.quantity <= 0:
            return Decimal(0)
        return min(self.delivered / self.quantity, Decimal(1))

    @property
    def firm_share(self) -> Decimal:
        if self.quantity <= 0:
            return Decimal(0)
        return min(self.firm / self.quantity, Decimal(1))

    @property
    def gap(self) -> Decimal:
        return max(self.quantity - self.firm, Decimal(0))

    @property
    def over(self) -> Decimal:
        return max(self.firm - self.quantity, Decimal(0))


@dataclass(frozen=True)
class AreaCoverage:
    capability_area: str
    requirements: int
    quantity: Decimal
    firm_capped: Decimal

    @property
    def share(self) -> Decimal:
        return self.firm_capped / self.quantity if self.quantity > 0 else Decimal(0)


def coverage_by_requirement(
    needs: Iterable[RequirementNeed], offers: Iterable[PledgeOffer]
) -> list[Coverage]:
    firm: dict[int, Decimal] = defaultdict(Decimal)
    announced: dict[int, Decimal] = defaultdict(Decimal)
    delivered: dict[int, Decimal] = defaultdict(Decimal)
    for offer in offers:
        if offer.requirement_id is None:
            continue
        if offer.status in FIRM:
            firm[offer.requirement_id] += offer.quantity
            delivered[offer.requirement_id] += offer.delivered
        elif offer.status == ANNOUNCED:
            announced[offer.requirement_id] += offer.quantity
    return [
        Coverage(
            n.requirement_id,
            n.quantity,
            firm[n.requirement_id],
            announced[n.requirement_id],
            delivered[n.requirement_id],
        )
        for n in needs
    ]


def coverage_by_area(
    needs: Iterable[RequirementNeed], coverages: Iterable[Coverage]
) -> list[AreaCoverage]:
    """Per capability area, the share of needed quantity firmly covered; surplus on one line does not fill another."""
    by_id = {c.requirement_id: c for c in coverages}
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    for need in needs:
        cov = by_id[need.requirement_id]
        row = totals[need.capability_area]
        row[0] += 1
        row[1] += need.quantity
        row[2] += min(cov.firm, need.quantity)
    return [AreaCoverage(area, int(v[0]), v[1], v[2]) for area, v in sorted(totals.items())]
