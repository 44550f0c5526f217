from __future__ import annotations

from django import template

from nsatu.needs.display import quantity_stated
from nsatu.needs.models import Requirement

register = template.Library()


@register.filter
def stated(requirement: Requirement) -> str:
    """`{{ requirement|stated }}`: the quantity with its unit and period, e.g. "250,000 rounds per month"."""
    return quantity_stated(requirement)
