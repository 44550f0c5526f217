from __future__ import annotations

from django import template

from nsatu.aid.reasons import reason_texts
from nsatu.engine.ledger import Match

register = template.Library()


@register.filter
def reasons(match: Match) -> list[str]:
    """Why the matcher links or proposes a pair, in the reader's language."""
    return reason_texts(match)
