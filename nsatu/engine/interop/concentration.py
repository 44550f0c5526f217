"""Concentration of coverage on donors, per capability area and per requirement.

For the committed units that make up a requirement's coverage (or an area's requirements of one unit kind),
each donor's share s_d and
HHI = sum of s_d^2 (1 for a single donor, 1/n for n equal donors). A requirement depends on a single donor
when all of its firm coverage comes from one donor; a donor is dominant above DOMINANT of the coverage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from nsatu.engine.coverage import CoverageResult
from nsatu.engine.interop.indices import hhi, shares
from nsatu.engine.interop.scenario import donors_of

DOMINANT = 0.5


@dataclass(frozen=True)
class Concentration:
    key: str  # capability area or requirement reference
    label: str
    units: Decimal
    shares: tuple[tuple[str, float], ...]  # donor, share; largest first
    hhi: float
    unit_kind: str = ""

    @property
    def donors(self) -> int:
        return len(self.shares)

    @property
    def single_donor(self) -> bool:
        return len(self.shares) == 1

    @property
    def top(self) -> tuple[str, float] | None:
        return self.shares[0] if self.shares else None

    @property
    def dominant(self) -> bool:
        return bool(self.shares) and self.shares[0][1] > DOMINANT


def _row(
    key: str, label: str, unit_kind: str, by_donor: Iterable[tuple[str, Decimal]]
) -> Concentration:
    units = {d: q for d, q in by_donor if q > 0}
    return Concentration(
        key,
        label,
        sum(units.values(), Decimal(0)),
        tuple(shares(units).items()),
        hhi(units.values()),
        unit_kind,
    )


def by_area(result: CoverageResult) -> list[Concentration]:
    """Per capability area and unit kind, in the order of the result's areas."""
    donors: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for c in result.requirements:
        for donor, units in donors_of(c):
            donors[(c.need.capability_area, c.need.unit_kind)][donor] += units
    return [
        _row(
            a.capability_area,
            a.capability_area,
            a.unit_kind,
            donors[(a.capability_area, a.unit_kind)].items(),
        )
        for a in result.areas
    ]


def by_requirement(result: CoverageResult) -> list[Concentration]:
    return [
        _row(c.need.reference, c.need.title, c.need.unit_kind, donors_of(c))
        for c in result.requirements
    ]


def single_donor(result: CoverageResult) -> list[Concentration]:
    """Requirements with committed coverage, all of it from one donor."""
    return [c for c in by_requirement(result) if c.single_donor]
