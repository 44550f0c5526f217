"""Chart specifications of the training pages, for nsatu/static/nsatu/nsatu.js."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from nsatu.training.selectors import Quarter


def trained_by_quarter_chart(rows: Sequence[Quarter]) -> dict[str, Any]:
    # Grouped, not stacked: each quarter's seats (capacity) stand beside what the cohorts yield.
    return {
        "type": "bar",
        "unit": _("personnel"),
        "decimals": 0,
        "labels": [q.label for q in rows],
        "datasets": [
            {"label": _("Graduated"), "data": [q.graduated for q in rows]},
            {"label": _("Expected (no result yet)"), "data": [q.expected for q in rows]},
            {"label": _("Seats (capacity)"), "data": [q.seats for q in rows]},
        ],
    }
