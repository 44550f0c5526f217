"""What a requirement's quantity, unit kind, period and needed-by date must agree on.

Asked by the form (field errors before a write) and by the services (every write, the API's included):
- funds are counted in a currency: the unit is an ISO 4217 code ("EUR", "USD"), optionally with a scale
  word the reader understands ("EUR m"); a currency code as the unit of items or rounds is refused, it
  would be money counted as material;
- a rate (per day, month or year) adds up to the needed-by date, so that date must lie after today and
  within the planning horizon (HORIZON_MONTHS); without one the rate counts over the whole horizon.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pycountry
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nsatu.engine.units import Period, UnitKind

HORIZON_MONTHS = 24


def horizon_end(today: dt.date) -> dt.date:
    month = today.month - 1 + HORIZON_MONTHS
    year, month = today.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _currency(unit: str) -> str | None:
    words = unit.split()
    if not words:
        return None
    code = words[0].upper()
    return code if len(code) == 3 and pycountry.currencies.get(alpha_3=code) else None


def unit_problems(
    *, unit_kind: str, period: str, unit: str, needed_by: dt.date | None, today: dt.date
) -> dict[str, list[str]]:
    """Field -> messages; empty when the units agree."""
    problems: dict[str, list[str]] = {}
    currency = _currency(unit)
    if unit_kind == UnitKind.FUNDS and currency is None:
        problems["unit"] = [
            _(
                "Funds are counted in a currency: start the unit with its ISO 4217 code, e.g. "
                "EUR or USD (%(u)r is none)."
            )
            % {"u": unit}
        ]
    elif unit_kind != UnitKind.FUNDS and currency is not None:
        problems["unit_kind"] = [
            _("The unit %(u)r is a currency: choose the unit kind Funds for an amount of money.")
            % {"u": unit}
        ]
    if period != Period.TOTAL and needed_by is not None:
        end = horizon_end(today)
        if not today < needed_by <= end:
            problems["needed_by"] = [
                _(
                    "A rate adds up to its needed-by date: choose a date after today and no later "
                    "than %(end)s (the %(n)s-month planning horizon), or leave it empty to count "
                    "over the whole horizon."
                )
                % {"end": date_format(end, "SHORT_DATE_FORMAT"), "n": HORIZON_MONTHS}
            ]
    return problems
