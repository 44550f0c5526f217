"""Which pairs of one donor bucket are worth scoring: every pair that can reach PROPOSE_AT, few others.

The score (match.py) bounds what can reach PROPOSE_AT (0.50), so most pairs need never be scored:

- Two rows of one imported register are never scored at all (match_score returns None): records are split
  by dataset, and only records of different datasets (or two entered pledges) are paired. A generated or
  imported register of 200,000 rows therefore meets only the few records of the other sources.
- What can be one donation shares an item type, a designation key or a family (funds: values within 10 %).
- The dates part is -0.30 when the dates are far apart: then only the same item type (0.50) with an equal
  quantity (0.30) still reaches 0.50, so far-apart pairs are paired only on (item type, quantity); every other
  pair must have dates that are not far apart (close, or either undated: dates_close is not False).

The blocks are a superset of those pairs (the windows below are inclusive and a little wide); match_score
still decides each one, so the ledger is the same as scoring every pair that shares something
(tests/engine/ledger/test_blocks.py checks it against that naive rule).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal

from nsatu.engine.ledger.records import ENTERED, WINDOW_DAYS, Attestation

_WINDOW = WINDOW_DAYS
_LOW, _HIGH = (
    Decimal("0.9"),
    Decimal("1.12"),
)  # 1 / 0.9 = 1.111…: a little wide, match_score decides


def _year_span(year: int) -> tuple[int, int]:
    return (
        dt.date(year, 1, 1).toordinal() - _WINDOW,
        dt.date(year, 12, 31).toordinal() + _WINDOW,
    )


class _Dates:
    """One dataset's records of a block, found by date: those whose dates are not far from a given record's."""

    def __init__(self, group: Sequence[Attestation], members: Sequence[int], *, quantities: bool):
        self.undated: list[int] = []
        exact: list[tuple[int, int]] = []
        self.years: dict[int, list[int]] = defaultdict(list)
        self.quantities: dict[int, list[int]] = defaultdict(list)
        for n in members:
            a = group[n]
            if a.announced_on is not None:
                exact.append((a.announced_on.toordinal(), n))
            elif a.year is not None:
                self.years[a.year].append(n)
            else:
                self.undated.append(n)
            if quantities and a.quantity:
                self.quantities[a.quantity].append(n)
        exact.sort()
        self.days = [day for day, _ in exact]
        self.exact = [n for _, n in exact]

    def _between(self, low: int, high: int) -> list[int]:
        return self.exact[bisect_left(self.days, low) : bisect_right(self.days, high)]

    def near(self, a: Attestation) -> Iterator[int]:
        """Records whose dates are not far from a's (dates_close is not False), and maybe a few more."""
        yield from self.undated
        if a.announced_on is not None:
            day = a.announced_on.toordinal()
            yield from self._between(day - _WINDOW, day + _WINDOW)
            for year in (a.announced_on.year - 1, a.announced_on.year, a.announced_on.year + 1):
                if year in self.years:
                    low, high = _year_span(year)
                    if low <= day <= high:
                        yield from self.years[year]
        elif a.year is not None:
            yield from self._between(*_year_span(a.year))
            yield from self.years.get(a.year, ())
        else:
            yield from self.exact
            for members in self.years.values():
                yield from members

    def same_quantity(self, a: Attestation) -> list[int]:
        return self.quantities.get(a.quantity, []) if a.quantity else []


def _parts(group: Sequence[Attestation], members: Sequence[int]) -> list[list[int]]:
    """The block's records by dataset, smallest first (each pair is looked up from its smaller side)."""
    by_dataset: dict[str, list[int]] = defaultdict(list)
    for n in members:
        by_dataset[group[n].dataset].append(n)
    return [by_dataset[k] for k in sorted(by_dataset, key=lambda k: (len(by_dataset[k]), k))]


def _queries(group: Sequence[Attestation], parts: list[list[int]], at: int) -> list[int]:
    """Who looks part `at` up: the smaller parts, and the part itself when it holds entered pledges (two
    entries of one donation are matched with each other; two rows of one register never are)."""
    asking = [n for part in parts[:at] for n in part]
    if group[parts[at][0]].dataset == ENTERED:
        asking += parts[at]
    return asking


def _pair(n: int, m: int) -> tuple[int, int]:
    return (n, m) if n < m else (m, n)


def _item_pairs(
    group: Sequence[Attestation], members: Sequence[int], out: set[tuple[int, int]]
) -> None:
    """Records of one item type: dates not far apart, or the same quantity whatever the dates."""
    for n, index in _dated_queries(group, members, quantities=True):
        a = group[n]
        for m in index.near(a):
            if m != n:
                out.add(_pair(n, m))
        for m in index.same_quantity(a):
            if m != n:
                out.add(_pair(n, m))


def _dated_queries(
    group: Sequence[Attestation], members: Sequence[int], *, quantities: bool
) -> Iterator[tuple[int, _Dates]]:
    """Each record that asks for partners (_queries), with the date index of its part."""
    parts = _parts(group, members)
    for at in range(len(parts)):
        asking = _queries(group, parts, at)
        if not asking:
            continue
        index = _Dates(group, parts[at], quantities=quantities)
        for n in asking:
            yield n, index


def _key_pairs(
    group: Sequence[Attestation], members: Sequence[int], out: set[tuple[int, int]]
) -> None:
    """Records sharing a designation key or a family: pairs of different item types (one item type is
    _item_pairs' block) whose dates are not far apart."""
    items = {group[n].item_id for n in members}
    if len(items) == 1 and None not in items:
        return
    for n, index in _dated_queries(group, members, quantities=False):
        a = group[n]
        for m in index.near(a):
            if m != n and (a.item_id is None or a.item_id != group[m].item_id):
                out.add(_pair(n, m))


def _fund_pairs(
    group: Sequence[Attestation], members: Sequence[int], out: set[tuple[int, int]]
) -> None:
    """Funds: values within 10 % of each other (found in value order)."""
    parts = _parts(group, members)
    for at in range(len(parts)):
        asking = _queries(group, parts, at)
        if not asking:
            continue
        ordered = sorted(parts[at], key=lambda n: group[n].value_eur or Decimal(0))
        values = [group[n].value_eur or Decimal(0) for n in ordered]
        for n in asking:
            value = group[n].value_eur or Decimal(0)
            low, high = sorted((value * _LOW, value * _HIGH))
            for m in ordered[bisect_left(values, low) : bisect_right(values, high)]:
                if m != n:
                    out.add(_pair(n, m))


def candidates(group: Sequence[Attestation]) -> set[tuple[int, int]]:
    """Index positions (x < y) of the pairs of one donor bucket worth scoring (the module's docstring)."""
    by_item: dict[int, list[int]] = defaultdict(list)
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    funds: list[int] = []
    for n, a in enumerate(group):
        if a.kind == "funds":
            if a.value_eur is not None:
                funds.append(n)
            continue
        if a.item_id is not None:
            by_item[a.item_id].append(n)
        for key in a.keys:
            by_key[("key", key)].append(n)
        for family in a.families:
            by_key[("family", family)].append(n)
    pairs: set[tuple[int, int]] = set()
    for members in by_item.values():
        if len(members) > 1:
            _item_pairs(group, members, pairs)
    for members in by_key.values():
        if len(members) > 1:
            _key_pairs(group, members, pairs)
    if len(funds) > 1:
        _fund_pairs(group, funds, pairs)
    return pairs
