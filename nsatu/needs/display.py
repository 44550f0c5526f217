"""A requirement's quantity as a reader says it: "200,000 rounds per month", "10 systems"."""

from __future__ import annotations

from nsatu.core.templatetags.nsatu_ui import num
from nsatu.needs.models import PeriodChoice, Requirement


def quantity_stated(requirement: Requirement) -> str:
    text = f"{num(requirement.quantity)} {requirement.unit}".strip()
    if requirement.period == PeriodChoice.TOTAL:
        return text
    return f"{text} {PeriodChoice(requirement.period).label}"
