"""What `nsatu demo` reports about the scenario it built: the requirements of today's planning."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from nsatu.core.actors import Reader
from nsatu.needs.models import RequirementStatus
from nsatu.needs.selectors import requirement_visible


@dataclass(frozen=True)
class ScenarioRequirements:
    published: int
    superseded: int
    first_needed_by: dt.date | None
    last_needed_by: dt.date | None
    by_unit_kind: dict[str, int]
    by_priority: dict[int, int]


def demo_requirements_get(*, user: Reader) -> ScenarioRequirements:
    rows = list(
        requirement_visible(user=user)
        .filter(illustrative=True)
        .values_list("status", "needed_by", "unit_kind", "priority")
    )
    published = [r for r in rows if r[0] == RequirementStatus.PUBLISHED]
    dates = sorted(r[1] for r in published if r[1] is not None)
    return ScenarioRequirements(
        published=len(published),
        superseded=sum(r[0] == RequirementStatus.CLOSED for r in rows),
        first_needed_by=dates[0] if dates else None,
        last_needed_by=dates[-1] if dates else None,
        by_unit_kind=dict(sorted(Counter(r[2] for r in published).items())),
        by_priority=dict(sorted(Counter(r[3] for r in published).items())),
    )
