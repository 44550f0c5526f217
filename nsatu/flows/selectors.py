from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from nsatu.core.errors import NotFound
from nsatu.core.visibility import visible_q
from nsatu.engine.flows import FlowEdge, FlowTotals, flow_totals
from nsatu.flows.models import Flow


def flow_visible(*, user: Any) -> QuerySet[Flow]:
    return Flow.objects.filter(visible_q(user))


def flow_list(*, user: Any, source: str | None = None, destination: str | None = None,
              kind: str | None = None) -> QuerySet[Flow]:
    qs = flow_visible(user=user).select_related("source", "destination", "parent", "item_type", "dataset")
    if source:
        qs = qs.filter(source__code=source)
    if destination:
        qs = qs.filter(destination__code=destination)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-date", "id")


def flow_get(*, user: Any, pk: int) -> Flow:
    flow = flow_list(user=user).filter(pk=pk).first()
    if flow is None:
        raise NotFound(pk)
    return flow


def flow_totals_visible(*, user: Any) -> FlowTotals:
    """Totals in EUR over the flows this user may see, each euro counted once along its chain.

    A child whose parent is hidden from the user is treated as a root of what the user sees, so totals never
    reveal the hidden parent's amount.
    """
    rows = list(flow_visible(user=user).filter(amount_eur__isnull=False)
                .values("pk", "parent_id", "source__code", "destination__code", "amount_eur"))
    visible_ids = {r["pk"] for r in rows}
    edges = [
        FlowEdge(r["pk"], r["parent_id"] if r["parent_id"] in visible_ids else None, r["source__code"],
                 r["destination__code"], r["amount_eur"] or Decimal(0))
        for r in rows
    ]
    return flow_totals(edges)
