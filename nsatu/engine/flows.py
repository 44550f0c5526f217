"""Totals over chained flows (IATI / OCHA FTS style) that count every unit of money once.

A root flow (no parent) brings new money in; a child passes on part of its parent's amount.
- the grand total is the sum of root flows;
- by donor: root flows grouped by their source;
- by recipient: what reaches the end of each chain, i.e. each leaf's amount at its destination, plus what an
  intermediary kept (its incoming amount less what it passed on), at that intermediary.
Both breakdowns therefore add up to the grand total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class FlowEdge:
    flow_id: int
    parent_id: int | None
    source: str
    destination: str
    amount: Decimal


@dataclass(frozen=True)
class FlowTotals:
    total: Decimal
    by_donor: dict[str, Decimal]
    by_recipient: dict[str, Decimal]


class FlowChainError(ValueError):
    pass


def flow_totals(flows: Iterable[FlowEdge]) -> FlowTotals:
    edges = {f.flow_id: f for f in flows}
    children: dict[int, list[FlowEdge]] = defaultdict(list)
    for edge in edges.values():
        if edge.parent_id is not None:
            if edge.parent_id not in edges:
                raise FlowChainError(
                    f"flow {edge.flow_id}: parent {edge.parent_id} is not among the flows given"
                )
            children[edge.parent_id].append(edge)
    by_donor: dict[str, Decimal] = defaultdict(Decimal)
    by_recipient: dict[str, Decimal] = defaultdict(Decimal)
    total = Decimal(0)
    for edge in edges.values():
        if edge.parent_id is None:
            total += edge.amount
            by_donor[edge.source] += edge.amount
        passed_on = sum((c.amount for c in children[edge.flow_id]), Decimal(0))
        if passed_on > edge.amount:
            raise FlowChainError(
                f"flow {edge.flow_id}: its children pass on {passed_on}, more than the {edge.amount} it brings"
            )
        kept = edge.amount - passed_on
        if kept:
            by_recipient[edge.destination] += kept
    return FlowTotals(total, dict(by_donor), dict(by_recipient))
