"""Chart specifications (see nsatu/dashboards/charts.py) for the agreements and burden-sharing pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nsatu.engine.burden import AidShare, FairShare


def timeline_chart(points: Sequence[tuple[dt.date, int]]) -> dict[str, Any]:
    return {
        "type": "line",
        "unit": _("agreements"),
        "decimals": 0,
        "labels": [date_format(d, "SHORT_DATE_FORMAT") for d, _n in points],
        "datasets": [{"label": _("Signed by this date"), "data": [n for _d, n in points]}],
    }


def share_chart(
    shares: Sequence[AidShare], names: dict[str, str], *, top: int = 25
) -> dict[str, Any]:
    shown = sorted(
        (s for s in shares if s.aid_pct_gdp is not None), key=lambda s: -(s.aid_pct_gdp or 0)
    )[:top]
    return {
        "type": "bar",
        "indexAxis": "y",
        # xgettext:no-python-format
        "unit": _("% of GDP"),
        "decimals": 3,
        "labels": [names.get(s.donor, s.donor) for s in shown],
        "datasets": [
            {
                # xgettext:no-python-format
                "label": _("Aid, % of donor GDP"),
                "data": [round(float(s.aid_pct_gdp or 0), 4) for s in shown],
            }
        ],
    }


def guideline_chart(
    counts: dict[int, int], target_counts: dict[int, int], target: float
) -> dict[str, Any]:
    years = sorted(counts)
    return {
        "type": "bar",
        "unit": _("allies"),
        "decimals": 0,
        "labels": [str(y) for y in years],
        "datasets": [
            {"label": _("At or above 2 %"), "data": [counts[y] for y in years]},
            {
                "label": _("At or above %(t)s %%") % {"t": f"{target:g}"},
                "data": [target_counts.get(y, 0) for y in years],
            },
        ],
    }


def fair_share_chart(
    shares: Sequence[FairShare], names: dict[str, str], *, top: int = 20
) -> dict[str, Any]:
    shown = list(shares[:top])
    return {
        "type": "bar",
        "indexAxis": "y",
        "unit": _("EUR bn"),
        "decimals": 2,
        "labels": [names.get(s.ally, s.ally) for s in shown],
        "datasets": [
            {
                "label": _("Fair share of EUR 40 bn"),
                "data": [round(float(s.fair_eur) / 1e9, 3) for s in shown],
            },
            {
                "label": _("Military aid given (Kiel)"),
                "data": [round(float(s.gave_eur) / 1e9, 3) for s in shown],
            },
        ],
    }
