from __future__ import annotations

from django import template

from nsatu.pledges.models import Pledge
from nsatu.pledges.workflow import ladder_steps

register = template.Library()


@register.filter
def ladder(status: str) -> list[tuple[str, str, str]]:
    return ladder_steps(status)


@register.filter(name="illustrative")
def is_illustrative(pledge: Pledge) -> bool:
    """Built for the demo scenario: its dataset says so (joined by the selectors, no query per row)."""
    return pledge.dataset is not None and pledge.dataset.illustrative
