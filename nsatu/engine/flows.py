"""Totals over chained flows (IATI / OCHA FTS style) that count every unit of money once.

A root flow (no parent) brings new money in; a child passes on part of its parent's amount.
- the grand total is the sum of root flows;
- by donor: root flows grouped by their source;
- by recipient: what reaches the end of each chain, i.e. each leaf's amount at its destination, plus what an
  intermediary kept (its incoming amount less what it passed on), at that intermediary.
Both breakdowns therefore add up to the grand total.

Also a fund's ledger (fund_ledger): what came in, what is committed and what went out, from the flows
recorded for the fund and its keepers' entries, each euro once and each currency kept apart.
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


# A fund's ledger (PURL, a national fund) read from the flows recorded for it and the entries its keepers add.
#
# Stages: money comes in (a flow into the fund, or a contribution entry); money goes out (a flow out of the
# fund, or a spending entry): it is spent; a commitment entry earmarks money for a contract not yet paid.
# Committed is what is earmarked or already paid out (open commitments plus spending): a euro paid out was
# committed first, and it is counted once in that total. A payment that names the commitment it settles
# closes it: from then on the payment's euros count (as spent), not the commitment's. An entry recorded
# against a flow that is itself on the ledger is that flow's euro: the flow counts, the entry does not.
# Amounts keep their currency; the EUR totals add only EUR values (the rate each record carries), never a
# USD amount to a EUR one; an amount without an EUR value, and a line without any amount, stay outside the
# EUR totals and are reported as such.

# The same words as the ledger entries' kinds.
IN, COMMITTED, OUT = "contribution", "commitment", "spending"
STAGES = (IN, COMMITTED, OUT)


@dataclass(frozen=True)
class FundLine:
    key: str  # unique among the lines: "flow:12", "entry:5"
    stage: str  # IN, COMMITTED (an open commitment) or OUT
    counterparty: str  # who paid in, or who was paid
    amount: Decimal | None
    currency: str
    amount_eur: Decimal | None
    # the key of the flow this entry records: when that flow is a line too, the entry is not counted again
    records: str | None = None
    # the key of the commitment this payment settles: that commitment is no longer open
    settles: str | None = None
    illustrative: bool = False  # built for the demo scenario, not reported by a source


@dataclass(frozen=True)
class StageTotal:
    eur: Decimal
    # original amounts per currency, over every line with an amount
    by_currency: dict[str, Decimal]
    # amounts with no EUR value recorded, per currency: not in `eur`
    unvalued: dict[str, Decimal]
    without_amount: int  # lines that state no amount
    lines: int
    illustrative: bool = False  # some line in it is
    valued: int = 0  # lines with an EUR value: with none, `eur` is a gap rather than a zero

    @property
    def recorded(self) -> bool:
        return self.lines > 0


@dataclass(frozen=True)
class PartyTotal:
    party: str
    total: StageTotal


@dataclass(frozen=True)
class FundLedger:
    contributed: StageTotal
    open_commitments: StageTotal  # commitments no payment has settled yet
    spent: StageTotal
    by_contributor: list[PartyTotal]  # largest EUR value first
    by_payee: list[PartyTotal]
    counted: list[FundLine]
    # entries left out, each with the key of the flow that already counts its euro
    not_counted: list[tuple[FundLine, str]]
    # commitments no longer open, each with the key of a payment that settles it
    settled: list[tuple[FundLine, str]]

    @property
    def committed(self) -> Decimal:
        return self.open_commitments.eur + self.spent.eur

    @property
    def balance(self) -> Decimal:
        return self.contributed.eur - self.spent.eur

    @property
    def uncommitted(self) -> Decimal:
        return self.contributed.eur - self.committed

    @property
    def recorded(self) -> bool:
        return bool(self.counted)

    @property
    def illustrative(self) -> bool:
        return any(line.illustrative for line in self.counted)


def eur_value(line: FundLine) -> Decimal | None:
    """The line's EUR value: the one it carries, or its amount when that is in euros."""
    if line.amount_eur is not None:
        return line.amount_eur
    if line.amount is not None and line.currency.upper() == "EUR":
        return line.amount
    return None


def _stage_total(lines: list[FundLine]) -> StageTotal:
    eur = Decimal(0)
    by_currency: dict[str, Decimal] = defaultdict(Decimal)
    unvalued: dict[str, Decimal] = defaultdict(Decimal)
    without = valued = 0
    for line in lines:
        if line.amount is None:
            without += 1
            continue
        currency = line.currency.upper()
        by_currency[currency] += line.amount
        value = eur_value(line)
        if value is None:
            unvalued[currency] += line.amount
        else:
            eur += value
            valued += 1
    return StageTotal(
        eur,
        _euro_first(by_currency),
        _euro_first(unvalued),
        without,
        len(lines),
        any(line.illustrative for line in lines),
        valued,
    )


def _euro_first(amounts: dict[str, Decimal]) -> dict[str, Decimal]:
    return dict(sorted(amounts.items(), key=lambda kv: (kv[0] != "EUR", kv[0])))


def _by_party(lines: list[FundLine]) -> list[PartyTotal]:
    grouped: dict[str, list[FundLine]] = defaultdict(list)
    for line in lines:
        grouped[line.counterparty].append(line)
    out = [PartyTotal(party, _stage_total(group)) for party, group in grouped.items()]
    return sorted(out, key=lambda p: (-p.total.eur, p.party))


def fund_ledger(lines: Iterable[FundLine]) -> FundLedger:
    given = list(lines)
    keys = [line.key for line in given]
    if len(set(keys)) != len(keys):
        raise ValueError("a ledger line is given twice")
    known = set(keys)
    counted: list[FundLine] = []
    not_counted: list[tuple[FundLine, str]] = []
    for line in given:
        if line.stage not in STAGES:
            raise ValueError(f"unknown ledger stage {line.stage!r}")
        if line.records is not None and line.records in known:
            not_counted.append((line, line.records))
        else:
            counted.append(line)
    # A payment left out because its flow counts still settles what it names.
    settled_by = {
        line.settles: line.key for line in given if line.settles is not None and line.stage == OUT
    }
    by_stage = {stage: [line for line in counted if line.stage == stage] for stage in STAGES}
    settled = [
        (line, settled_by[line.key]) for line in by_stage[COMMITTED] if line.key in settled_by
    ]
    by_stage[COMMITTED] = [line for line in by_stage[COMMITTED] if line.key not in settled_by]
    return FundLedger(
        contributed=_stage_total(by_stage[IN]),
        open_commitments=_stage_total(by_stage[COMMITTED]),
        spent=_stage_total(by_stage[OUT]),
        by_contributor=_by_party(by_stage[IN]),
        by_payee=_by_party(by_stage[OUT]),
        counted=counted,
        not_counted=not_counted,
        settled=settled,
    )
