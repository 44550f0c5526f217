from __future__ import annotations

from django import template

from nsatu.engine.interop.scenario import PerKind
from nsatu.resilience.briefing_layout import units_by_kind as _units_by_kind
from nsatu.resilience.selectors import group_label as _group_label
from nsatu.resilience.tables import dataset_name as _dataset_name
from nsatu.resilience.tables import pledge_status as _pledge_status

register = template.Library()


@register.filter
def units_by_kind(per_kind: PerKind) -> str:
    return _units_by_kind(per_kind)


@register.filter
def group_label(group: str) -> str:
    return _group_label(group)


@register.filter
def dataset_name(code: str) -> str:
    return _dataset_name(code)


@register.filter
def pledge_status(code: str) -> str:
    return _pledge_status(code)
