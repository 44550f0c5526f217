"""Chart specifications of the hub pages, for nsatu/static/nsatu/nsatu.js."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from nsatu.engine.logistics import HubMonth


def throughput_chart(months: Iterable[HubMonth]) -> dict[str, Any]:
    """Tonnes per month, one series per hub; the capacity of each hub with one is its own dashed series."""
    months = list(months)
    labels = sorted({f"{m.month:%Y-%m}" for m in months})
    hubs = sorted({m.hub for m in months})
    by_key = {(m.hub, f"{m.month:%Y-%m}"): m for m in months}
    datasets = [
        {
            "label": hub,
            "data": [
                float(by_key[(hub, label)].tonnes) if (hub, label) in by_key else 0
                for label in labels
            ],
        }
        for hub in hubs
    ]
    for hub in hubs:
        capacity = next(
            (m.capacity_t for m in months if m.hub == hub and m.capacity_t is not None), None
        )
        if capacity is not None:
            datasets.append(
                {
                    "label": _("%(hub)s capacity") % {"hub": hub},
                    "data": [float(capacity)] * len(labels),
                }
            )
    return {"type": "bar", "unit": "t", "decimals": 1, "labels": labels, "datasets": datasets}
