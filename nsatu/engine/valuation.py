"""Currency conversion at the dated ECB reference rate (the history ships inside `currencyconverter`).

The ECB publishes on working days only. A flow dated on a weekend or holiday is converted at the last rate
published on or before its date, and that rate's own date is returned, so the page can show which rate was used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from currency_converter import CurrencyConverter, RateNotFoundError

# Beyond two weeks without a published rate the date is outside the series, not a holiday.
MAX_LOOKBACK_DAYS = 14


class ValuationError(ValueError):
    pass


@dataclass(frozen=True)
class EurValue:
    amount_eur: Decimal
    rate: Decimal  # units of the currency per euro
    rate_date: dt.date


@lru_cache(maxsize=1)
def _converter() -> CurrencyConverter:
    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def to_eur(amount: Decimal, currency: str, on: dt.date) -> EurValue:
    currency = currency.upper()
    if currency == "EUR":
        return EurValue(amount, Decimal(1), on)
    conv = _converter()
    if currency not in conv.currencies:
        raise ValuationError(f"no ECB reference rate for currency {currency!r}")
    bounds = conv.bounds[currency]
    if on < bounds.first_date:
        raise ValuationError(f"the ECB series for {currency} starts on {bounds.first_date}")
    day = min(on, bounds.last_date)
    for _ in range(MAX_LOOKBACK_DAYS + 1):
        try:
            per_eur = conv.convert(1, "EUR", currency, date=day)
        except RateNotFoundError:
            day -= dt.timedelta(days=1)
            continue
        rate = Decimal(str(per_eur)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN)
        eur = (amount / rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        return EurValue(eur, rate, day)
    raise ValuationError(f"no ECB rate for {currency} in the {MAX_LOOKBACK_DAYS} days up to {on}")
