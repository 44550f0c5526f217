from __future__ import annotations

from django import template

from nsatu.engine.interop.scenario import PerKind
from nsatu.resilience.briefing_layout import units_by_kind as _units_by_kind
from nsatu.resilience.selectors import group_label as _group_label

register = template.Library()


@register.filter
def units_by_kind(per_kind: PerKind) -> str:
    return _units_by_kind(per_kind)


@register.filter
def group_label(group: str) -> str:
    return _group_label(group)
