"""HHI, effective number and shares, checked by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from nsatu.engine.interop.indices import effective_number, hhi, hhi_exact, shares


def test_two_equal_fleets_are_two_effective_types():
    assert hhi_exact([2, 2]) == Fraction(1, 2)
    assert effective_number([2, 2]) == 2.0


def test_a_dominant_type_pulls_the_effective_number_towards_one():
    # shares 3/4 and 1/4: 9/16 + 1/16 = 10/16
    assert hhi_exact([3, 1]) == Fraction(5, 8)
    assert effective_number([3, 1]) == pytest.approx(1.6)


def test_three_types_one_twice_as_large():
    # shares 1/4, 1/4, 1/2: 1/16 + 1/16 + 1/4 = 3/8, effective 8/3
    assert hhi([1, 1, 2]) == pytest.approx(0.375)
    assert effective_number([1, 1, 2]) == pytest.approx(8 / 3)


def test_single_type_nothing_and_zeros():
    assert hhi([5]) == 1.0 and effective_number([5]) == 1.0
    assert hhi([]) == 0.0 and effective_number([]) == 0.0
    assert effective_number([0, 4, 0, 4]) == 2.0  # types without units do not count


def test_decimal_quantities_and_negative_refused():
    assert effective_number([Decimal("1.5"), Decimal("1.5")]) == 2.0
    with pytest.raises(ValueError, match="negative"):
        hhi([3, -1])


def test_shares_largest_first():
    assert shares({"USA": 10, "DEU": 5, "POL": 0}) == pytest.approx({"USA": 2 / 3, "DEU": 1 / 3})
    assert list(shares({"DEU": 5, "USA": 10})) == ["USA", "DEU"]
    assert shares({"USA": 0}) == {}
