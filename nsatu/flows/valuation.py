"""The EUR value of an amount at the ECB reference rate of its date: read by flows, agreements and imports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from nsatu.core.errors import ValidationError
from nsatu.engine.valuation import ValuationError, to_eur


def flow_valuation(
    *, amount: Decimal | None, currency: str, on: dt.date | None
) -> dict[str, object]:
    """EUR value at the ECB reference rate of the flow's date; the rate and its date are kept beside it."""
    if amount is None or not currency or on is None:
        return {"amount_eur": None, "eur_rate": None, "eur_rate_date": None}
    try:
        value = to_eur(amount, currency, on)
    except ValuationError as exc:
        raise ValidationError(
            {
                "currency": [
                    _("No ECB reference rate for %(cur)s on %(date)s (%(why)s).")
                    % {"cur": currency, "date": on, "why": exc}
                ]
            }
        ) from exc
    return {
        "amount_eur": value.amount_eur,
        "eur_rate": value.rate,
        "eur_rate_date": value.rate_date,
    }
