from __future__ import annotations

from django import template

from nsatu.catalogue.models import category_label

register = template.Library()


@register.filter(name="category_label")
def category_label_filter(value: str | None) -> str:
    """`{{ row.category|category_label }}`: a stored item category as a reader reads it (for rows read as
    values; an ItemType has `item.category_label`)."""
    return category_label(value or "")
