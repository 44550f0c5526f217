from __future__ import annotations

from django import template

from nsatu.pledges.workflow import ladder_steps

register = template.Library()


@register.filter
def ladder(status: str) -> list[tuple[str, str, str]]:
    return ladder_steps(status)
