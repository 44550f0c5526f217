"""Concentration indices on quantities: shares, the Herfindahl-Hirschman index and the effective number.

Exact fractions inside, so that hand-checked figures come out exact; floats only at the edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

type Quantity = int | Decimal | Fraction


def _positive(quantities: Iterable[Quantity]) -> list[Fraction]:
    values = [Fraction(q) for q in quantities]
    if any(v < 0 for v in values):
        raise ValueError("quantities must not be negative")
    return [v for v in values if v > 0]


def hhi_exact(quantities: Iterable[Quantity]) -> Fraction:
    """Sum of squared shares, 1/n for n equal parts and 1 for a single one; 0 when there is nothing."""
    values = _positive(quantities)
    total = sum(values, Fraction(0))
    if total == 0:
        return Fraction(0)
    return sum(((v / total) ** 2 for v in values), Fraction(0))


def hhi(quantities: Iterable[Quantity]) -> float:
    return float(hhi_exact(quantities))


def effective_number(quantities: Iterable[Quantity]) -> float:
    """1 / HHI: how many equally large parts would be as concentrated as these; 0 when there is nothing."""
    index = hhi_exact(quantities)
    return float(1 / index) if index else 0.0


def shares[K](quantities: Mapping[K, Quantity]) -> dict[K, float]:
    """Each key's share of the positive total, largest first (ties by key order as given)."""
    values = {k: Fraction(v) for k, v in quantities.items() if Fraction(v) > 0}
    total = sum(values.values(), Fraction(0))
    if total == 0:
        return {}
    ordered = sorted(values.items(), key=lambda kv: -kv[1])
    return {k: float(v / total) for k, v in ordered}
