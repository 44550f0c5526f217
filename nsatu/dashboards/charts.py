"""Chart specifications for nsatu/static/nsatu/nsatu.js: plain JSON, read from <script type="application/json">.

Only reshaping for display happens here (units, top-N cut, series order); every figure comes from a selector.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from nsatu.engine.coverage import AreaCoverage

BILLION = Decimal(1_000_000_000)


def _bn(value: Decimal | None, places: int = 3) -> float:
    return round(float((value or Decimal(0)) / BILLION), places)


def aid_types() -> list[tuple[str, str]]:
    return [
        ("military_eur", _("Military")),
        ("financial_eur", _("Financial")),
        ("humanitarian_eur", _("Humanitarian")),
    ]


def donor_aid_chart(rows: Sequence[dict[str, Any]], *, top: int = 15) -> dict[str, Any]:
    shown = list(rows[:top])
    return {
        "type": "bar",
        "indexAxis": "y",
        "stacked": True,
        "unit": _("EUR bn"),
        "decimals": 3,
        "labels": [r["donor"] for r in shown],
        "datasets": [
            {"label": label, "data": [_bn(r[key]) for r in shown]} for key, label in aid_types()
        ],
    }


def aid_over_time_chart(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    rows = list(rows)
    return {
        "type": "line",
        "stacked": True,
        "fill": True,
        "unit": _("EUR bn"),
        "decimals": 3,
        "labels": [r["period"] for r in rows],
        "datasets": [
            {"label": label, "data": [_bn(r[key]) for r in rows]} for key, label in aid_types()
        ],
    }


def heavy_weapons_chart(rows: Iterable[Any], *, top: int = 15) -> dict[str, Any]:
    by_donor: dict[str, dict[str, int]] = defaultdict(dict)
    categories: list[str] = []
    for row in rows:
        by_donor[row.donor.name][row.category] = row.number
        if row.category not in categories:
            categories.append(row.category)
    donors = sorted(by_donor, key=lambda d: (-sum(by_donor[d].values()), d))[:top]
    return {
        "type": "bar",
        "indexAxis": "y",
        "stacked": True,
        "unit": _("systems"),
        "decimals": 0,
        "labels": donors,
        "datasets": [
            {"label": c, "data": [by_donor[d].get(c, 0) for d in donors]}
            for c in sorted(categories)
        ],
    }


def area_coverage_chart(
    rows: Iterable[AreaCoverage], labels: Mapping[str, Any], unit_kinds: Mapping[str, Any]
) -> dict[str, Any]:
    """The committed share of each area's need, one bar per area and unit kind (kinds never add up)."""
    rows = list(rows)
    return {
        "type": "bar",
        "indexAxis": "y",
        "unit": "%",
        "decimals": 0,
        "max": 100,
        "labels": [
            f"{labels.get(r.capability_area, r.capability_area)} "
            f"({unit_kinds.get(r.unit_kind, r.unit_kind)})"
            for r in rows
        ],
        "datasets": [
            {
                "label": _("Committed"),
                "data": [round(float(r.covered_share) * 100, 1) for r in rows],
            }
        ],
    }


def gdp_chart(figures: Iterable[Any]) -> dict[str, Any]:
    figures = list(figures)
    return {
        "type": "line",
        "unit": _("USD bn"),
        "decimals": 1,
        "labels": [str(f.year) for f in figures],
        "datasets": [{"label": _("GDP, current USD bn"), "data": [_bn(f.usd, 1) for f in figures]}],
    }


def defence_chart(figures: Iterable[Any], *, guideline: float = 2.0) -> dict[str, Any]:
    figures = list(figures)
    return {
        "type": "bar",
        # xgettext:no-python-format
        "unit": _("% GDP"),
        "decimals": 2,
        "skipNull": True,
        "labels": [str(f.year) for f in figures],
        "datasets": [
            {
                "label": _("NATO figure"),
                "data": [None if f.is_estimate else round(f.pct_gdp, 2) for f in figures],
            },
            {
                "label": _("NATO estimate"),
                "data": [round(f.pct_gdp, 2) if f.is_estimate else None for f in figures],
            },
        ],
        # xgettext:no-python-format
        "refLine": {"label": _("2 % guideline"), "value": guideline},
    }
