from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from nsatu.core.errors import NotFound, ValidationError
from nsatu.core.visibility import visible_q
from nsatu.engine.flows import FlowChainError, FlowEdge, FlowTotals, flow_totals
from nsatu.flows.models import Flow


def flow_visible(*, user: Any) -> QuerySet[Flow]:
    return Flow.objects.filter(visible_q(user))


def flow_list(
    *, user: Any, source: str | None = None, destination: str | None = None, kind: str | None = None
) -> QuerySet[Flow]:
    qs = flow_visible(user=user).select_related(
        "source", "destination", "parent", "item_type", "dataset"
    )
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
    rows = list(
        flow_visible(user=user)
        .filter(amount_eur__isnull=False)
        .values("pk", "parent_id", "source__code", "destination__code", "amount_eur")
    )
    visible_ids = {r["pk"] for r in rows}
    edges = [
        FlowEdge(
            r["pk"],
            r["parent_id"] if r["parent_id"] in visible_ids else None,
            r["source__code"],
            r["destination__code"],
            r["amount_eur"] or Decimal(0),
        )
        for r in rows
    ]
    try:
        return flow_totals(edges)
    except FlowChainError as exc:
        raise ValidationError(_("The flow records do not add up: %(why)s") % {"why": exc}) from exc


def flow_root_list(
    *, user: Any, source: str | None = None, destination: str | None = None, kind: str | None = None
) -> QuerySet[Flow]:
    """Flows that start a chain as this user sees it: no parent, or a parent hidden from the user."""
    visible_ids = flow_visible(user=user).values("pk")
    return flow_list(user=user, source=source, destination=destination, kind=kind).filter(
        Q(parent__isnull=True) | ~Q(parent__in=visible_ids)
    )


def flow_chains_expand(*, user: Any, roots: list[Flow]) -> list[tuple[Flow, int]]:
    """Each root followed by its visible descendants, depth first, with their depth (0 for a root).

    One query per level of the chain, so a page of roots costs a handful of queries whatever its size.
    """
    children: dict[int, list[Flow]] = defaultdict(list)
    seen = {f.pk for f in roots}
    frontier = list(seen)
    while frontier:
        level = list(flow_list(user=user).filter(parent_id__in=frontier))
        frontier = []
        for flow in level:
            if flow.pk in seen or flow.parent_id is None:
                continue
            seen.add(flow.pk)
            children[flow.parent_id].append(flow)
            frontier.append(flow.pk)
    ordered: list[tuple[Flow, int]] = []

    def walk(flow: Flow, depth: int) -> None:
        ordered.append((flow, depth))
        for child in children[flow.pk]:
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return ordered
