"""The planning pages' own filters."""

from __future__ import annotations

from django import template

from nsatu.planning.wording import line_reason_text

register = template.Library()


@register.filter
def line_reason(text: str) -> str:
    """A plan line's "why" in the reader's language (the engine writes it in English)."""
    return line_reason_text(text) if text else text
