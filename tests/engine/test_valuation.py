import datetime as dt
from decimal import Decimal

import pytest

from nsatu.engine.valuation import ValuationError, to_eur


def test_a_weekday_uses_that_days_rate():
    value = to_eur(Decimal(1000), "USD", dt.date(2025, 8, 5))
    assert value.rate_date == dt.date(2025, 8, 5)
    assert value.rate == Decimal("1.1546")  # ECB reference rate of 5 August 2025


def test_a_sunday_uses_the_fridays_rate_and_says_so():
    value = to_eur(Decimal(1000), "USD", dt.date(2025, 8, 10))
    assert value.rate_date == dt.date(2025, 8, 8)
    assert value.amount_eur == (Decimal(1000) / value.rate).quantize(Decimal("0.01"))


def test_euro_needs_no_rate():
    assert to_eur(Decimal(5), "eur", dt.date(2024, 1, 1)).rate == 1


@pytest.mark.parametrize(
    ("currency", "on"), [("XYZ", dt.date(2024, 1, 2)), ("USD", dt.date(1990, 1, 1))]
)
def test_unknown_currency_or_date_before_the_series_is_refused(currency, on):
    with pytest.raises(ValuationError):
        to_eur(Decimal(1), currency, on)
