"""Scenario rules as the engine takes them: the named presets, and those of a saved scenario."""

from __future__ import annotations

import datetime as dt

from nsatu.core.errors import NotFound
from nsatu.engine.interop.scenario import Rule
from nsatu.resilience.models import Scenario

US_STOPS = "usa-stops"


def preset_rules(name: str, *, as_of: dt.date) -> list[Rule]:
    """Named scenarios: "usa-stops" is the United States withdrawing from the as-of date."""
    if name == US_STOPS:
        return [Rule("USA", "withdraw", start=as_of)]
    raise NotFound(name)


def scenario_rules(scenario: Scenario) -> list[Rule]:
    """The saved rows of a scenario (read with it by scenario_get) as the engine's rules."""
    return [
        Rule(
            r.donor.code,
            r.kind,
            start=r.start,
            months=r.months or 0,
            amount=r.amount,
            unit=r.unit or "EUR",
        )
        for r in scenario.rules.all()
    ]
