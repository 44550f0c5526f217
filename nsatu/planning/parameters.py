"""What a user may set on a run and on a claim: the run's solver parameters with their bounds, a claim's length."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from nsatu.core.errors import ValidationError

# name: (type, default, minimum, maximum); `start` defaults to the month the run is started.
PARAMETERS: dict[str, tuple[type, Any, float, float]] = {
    "horizon": (int, 24, 1, 120),
    "lateness_decay": (float, 0.8, 0.01, 1.0),
    "max_late": (int, 12, 0, 120),
    "new_type_penalty": (float, 0.0, 0.0, 1e6),
    "time_limit_s": (float, 60.0, 1.0, 3600.0),
    "funds_lead_time": (int, 3, 0, 60),
}
CLAIM_DAYS_DEFAULT = 14
CLAIM_DAYS_MAX = 90


def run_parameters_clean(raw: dict[str, Any], *, today: dt.date) -> dict[str, Any]:
    """The run's parameters with defaults filled in; unknown or out-of-range values are refused by name."""
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(raw) - set(PARAMETERS) - {"start"})
    if unknown:
        errors["__all__"] = [_("Unknown parameters: %(names)s.") % {"names": ", ".join(unknown)}]
    clean: dict[str, Any] = {}
    start = raw.get("start") or f"{today:%Y-%m}"
    try:
        dt.date(int(str(start)[:4]), int(str(start)[5:7]), 1)
        if len(str(start)) != 7 or str(start)[4] != "-":
            raise ValueError(start)
        clean["start"] = str(start)
    except ValueError:
        errors["start"] = [_("%(v)r is not a month written YYYY-MM.") % {"v": start}]
    for name, (kind, default, low, high) in PARAMETERS.items():
        value = raw.get(name, default)
        if value is None or value == "":
            value = default
        try:
            number = kind(value)
            if isinstance(value, bool) or (kind is int and float(value) != number):
                raise ValueError(value)
        except (TypeError, ValueError):
            errors[name] = [_("%(v)r is not a number.") % {"v": value}]
            continue
        if not low <= number <= high:
            errors[name] = [
                _("%(v)s is not between %(low)s and %(high)s.")
                % {"v": number, "low": low, "high": high}
            ]
            continue
        clean[name] = number
    if errors:
        raise ValidationError(errors)
    return clean
