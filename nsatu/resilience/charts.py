"""Chart specifications of the resilience pages, for nsatu/static/nsatu/nsatu.js (see nsatu.dashboards.charts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from nsatu.engine.interop.fragmentation import Fragmentation
from nsatu.engine.interop.scenario import Comparison


def fragmentation_chart(rows: Sequence[Fragmentation], labels: Mapping[str, str]) -> dict[str, Any]:
    return {
        "type": "bar",
        "indexAxis": "y",
        "unit": _("types"),
        "decimals": 1,
        "labels": [labels.get(r.group, r.group) for r in rows],
        "datasets": [
            {"label": _("Types"), "data": [r.type_count for r in rows]},
            {"label": _("Effective types"), "data": [round(r.effective_types, 1) for r in rows]},
            {"label": _("Burden"), "data": [r.burden for r in rows]},
        ],
    }


def comparison_chart(
    c: Comparison, labels: Mapping[str, str], unit_kinds: Mapping[str, str]
) -> dict[str, Any]:
    return {
        "type": "bar",
        "indexAxis": "y",
        "unit": "%",
        "decimals": 1,
        "max": 100,
        "labels": [
            f"{labels.get(d.key, d.key)} ({unit_kinds.get(d.unit_kind, d.unit_kind)})"
            for d in c.by_area
        ],
        "datasets": [
            {
                "label": _("Baseline"),
                "data": [round(float(d.base_mean) * 100, 1) for d in c.by_area],
            },
            {
                "label": _("Scenario"),
                "data": [round(float(d.scenario_mean) * 100, 1) for d in c.by_area],
            },
        ],
    }
