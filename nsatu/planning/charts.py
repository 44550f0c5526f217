"""Chart specifications of the planning pages, for nsatu/static/nsatu/nsatu.js (see nsatu.dashboards.charts)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _


def coverage_chart(rows: Iterable[Any]) -> dict[str, Any]:
    rows = list(rows)
    series = [
        ("before", _("Before (allocated)")),
        ("baseline", _("Status quo")),
        ("plan", _("Plan")),
    ]
    return {
        "type": "bar",
        "indexAxis": "y",
        "unit": "%",
        "decimals": 0,
        "max": 100,
        # Shares, one bar per area and unit kind: items and rounds are never one figure.
        "labels": [f"{r.label} ({r.unit_label})" if r.unit_kind else r.label for r in rows],
        "datasets": [
            {"label": label, "data": [round(getattr(r, key) * 100, 1) for r in rows]}
            for key, label in series
        ],
    }
