"""The time frame of every coverage figure: supply counts if it arrives between the as-of date and the end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from nsatu.engine.interop.scenario import add_months

# The coverage of requirements counts 24 months ahead by default (nsatu.coverage); the resilience pages and
# the briefing show the same figures, so they look as far.
DEFAULT_HORIZON_MONTHS = 24


@dataclass(frozen=True)
class Horizon:
    as_of: dt.date
    months: int

    @property
    def end(self) -> dt.date:
        return add_months(self.as_of, self.months)


def horizon_for(*, as_of: dt.date | None = None, months: int | None = None) -> Horizon:
    return Horizon(as_of or timezone.localdate(), months or DEFAULT_HORIZON_MONTHS)
