"""Currency conversion at the dated ECB reference rate (the history ships inside `currencyconverter`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from currency_converter import CurrencyConverter, RateNotFoundError


class ValuationError(ValueError):
    pass


@dataclass(frozen=True)
class EurValue:
    amount_eur: Decimal
    rate: Decimal  # units of the currency per euro
    rate_date: dt.date


@lru_cache(maxsize=1)
def _converter() -> CurrencyConverter:
    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def to_eur(amount: Decimal, currency: str, on: dt.date) -> EurValue:
    currency = currency.upper()
    if currency == "EUR":
        return EurValue(amount, Decimal(1), on)
    conv = _converter()
    if currency not in conv.currencies:
        raise ValuationError(f"no ECB reference rate for currency {currency!r}")
    last = conv.bounds[currency].last_date
    rate_date = min(on, last)
    try:
        per_eur = conv.convert(1, "EUR", currency, date=rate_date)
    except RateNotFoundError as exc:
        raise ValuationError(f"no ECB rate for {currency} on {on}") from exc
    rate = Decimal(str(per_eur)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN)
    eur = (amount / rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return EurValue(eur, rate, rate_date)
