"""Reads of the contact-group briefing: the coverage and its gaps, fragmentation, concentration and the United
States stops scenario, read once for the PDF and the XLSX (nsatu.resilience.briefing) alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.actors import Reader
from nsatu.coverage.selectors import CoverageView
from nsatu.engine.interop import concentration as conc
from nsatu.engine.interop.fragmentation import Fragmentation
from nsatu.engine.interop.scenario import Comparison
from nsatu.needs.models import UnitKindChoice
from nsatu.resilience.horizon import Horizon
from nsatu.resilience.presets import US_STOPS, preset_rules
from nsatu.resilience.selectors import (
    ConcentrationView,
    coverage_get,
    donor_names,
    fragmentation_list,
    scenario_compare,
    world_read,
)


@dataclass
class Briefing:
    """What a contact-group briefing shows: coverage and gaps, fragmentation, resilience (United States stops)."""

    generated_at: dt.datetime
    prepared_for: str
    horizon: Horizon
    coverage: CoverageView
    fragmentation: list[Fragmentation]
    calibres: list[Fragmentation]
    comparison: Comparison
    concentration: ConcentrationView
    area_labels: dict[str, str]
    donors: dict[str, str]
    unit_labels: dict[str, str] = field(default_factory=dict)

    def area(self, key: str) -> str:
        return self.area_labels.get(key, key)

    def area_unit(self, key: str, unit_kind: str) -> str:
        """An area's label with the unit kind its figures count: areas are kept per kind."""
        return f"{self.area(key)} ({self.unit_labels.get(unit_kind, unit_kind)})"

    def donor(self, code: str) -> str:
        return self.donors.get(code, code)


def _prepared_for(user: Reader) -> str:
    if user is None or not user.is_authenticated:
        return ""
    # The user model names its people; the Actor protocol promises a username only.
    full_name = getattr(user, "get_full_name", None)
    return (full_name() if callable(full_name) else "") or user.username


def briefing_get(*, user: Reader, horizon: Horizon) -> Briefing:
    w = world_read(user=user)
    view = coverage_get(user=user, horizon=horizon)
    reqs = conc.by_requirement(view.result)
    return Briefing(
        generated_at=timezone.now(),
        prepared_for=_prepared_for(user),
        horizon=horizon,
        coverage=view,
        fragmentation=fragmentation_list(user=user, world=w),
        calibres=[
            f
            for f in fragmentation_list(user=user, grouping="calibre", world=w)
            if f.type_count > 1 and not f.group.endswith("?")
        ],
        comparison=scenario_compare(
            user=user,
            rules=preset_rules(US_STOPS, as_of=horizon.as_of),
            horizon=horizon,
            coverage=view,
            items=w.items,
        ),
        concentration=ConcentrationView(
            conc.by_area(view.result), reqs, [c for c in reqs if c.single_donor]
        ),
        area_labels={str(k): str(v) for k, v in CapabilityArea.choices},
        donors=donor_names(user=user),
        unit_labels={str(k): str(v) for k, v in UnitKindChoice.choices},
    )
