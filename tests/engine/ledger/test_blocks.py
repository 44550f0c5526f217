"""The blocks hand the matcher every pair that can reach PROPOSE_AT: the ledger is the one of scoring every pair
of a donor bucket, whatever the mix of registers, entries, dates, quantities and decisions."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nsatu.engine.ledger import (
    ENTERED,
    KIEL,
    ORYX,
    PROPOSE_AT,
    SIPRI,
    Attestation,
    Decision,
    ledger_build,
    match_score,
)
from nsatu.engine.ledger import build as build_module
from nsatu.engine.ledger.blocks import candidates
from nsatu.engine.ledger.match import match_at_least

DAY0 = dt.date(2022, 10, 1)


@st.composite
def attestation(draw: st.DrawFn, pid: int) -> Attestation:
    kind = draw(st.sampled_from(["in_kind", "in_kind", "in_kind", "funds"]))
    dated = draw(st.sampled_from(["exact", "exact", "year", "none"]))
    return Attestation(
        pledge_id=pid,
        dataset=draw(st.sampled_from([ENTERED, SIPRI, KIEL, ORYX, "generated"])),
        donor=draw(st.sampled_from(["NOR", "POL"])),
        recipient="UKR",
        kind=kind,
        item_id=draw(st.sampled_from([1, 2, 3, None])),
        families=tuple(draw(st.sets(st.sampled_from(["155mm", "fam"]), max_size=1))),
        keys=tuple(
            sorted(draw(st.sets(st.sampled_from(["krab", "~m777", "^leopard"]), max_size=2)))
        ),
        quantity=draw(st.sampled_from([None, 0, 1, 2, 8, 9, 10, 11, 16])),
        delivered=draw(st.sampled_from([None, 4, 8])),
        status=draw(st.sampled_from(["announced", "committed", "delivered", "withdrawn"])),
        announced_on=DAY0 + dt.timedelta(days=draw(st.integers(-500, 500)))
        if dated == "exact"
        else None,
        year=draw(st.sampled_from([2021, 2022, 2023])) if dated == "year" else None,
        value_eur=draw(
            st.sampled_from(
                [None, Decimal(0), Decimal(100), Decimal(105), Decimal(111), Decimal(125)]
            )
        )
        if kind == "funds"
        else None,
    )


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[list[Attestation], list[Decision]]:
    size = draw(st.integers(2, 24))
    records = [draw(attestation(pid)) for pid in range(1, size + 1)]
    pairs = draw(
        st.lists(st.tuples(st.integers(1, size), st.integers(1, size), st.booleans()), max_size=6)
    )
    decisions = [Decision(min(a, b), max(a, b), link) for a, b, link in pairs if a != b]
    return records, decisions


def every_pair(group: Sequence[Attestation]) -> set[tuple[int, int]]:
    return set(combinations(range(len(group)), 2))


@settings(max_examples=200, deadline=None)
@given(ledgers())
def test_every_pair_that_reaches_propose_at_is_in_a_block(
    case: tuple[list[Attestation], list[Decision]],
) -> None:
    records, _ = case
    live = [a for a in records if a.status != "withdrawn"]
    for donor in ("NOR", "POL"):
        for kind in ("in_kind", "funds"):
            group = [a for a in live if a.donor == donor and a.kind == kind]
            worth = {
                (x, y)
                for x, y in every_pair(group)
                if (m := match_score(group[x], group[y])) is not None and m.score >= PROPOSE_AT
            }
            assert worth <= candidates(group)


@settings(max_examples=150, deadline=None)
@given(ledgers())
def test_the_ledger_is_the_one_of_scoring_every_pair(
    case: tuple[list[Attestation], list[Decision]],
) -> None:
    records, decisions = case
    blocked = ledger_build(records, decisions)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "candidates", every_pair)
        naive = ledger_build(records, decisions)
    assert blocked == naive
    assert blocked.index == naive.index


def test_two_rows_of_one_register_are_never_paired_however_many() -> None:
    rows = [
        Attestation(pid, "generated", "USA", "UKR", "in_kind", 1, quantity=8, announced_on=DAY0)
        for pid in range(1, 301)
    ]
    entry = Attestation(999, ENTERED, "USA", "UKR", "in_kind", 1, quantity=8, announced_on=DAY0)
    assert candidates(rows) == set()
    pairs = candidates([*rows, entry])
    assert pairs == {(n, 300) for n in range(300)}


def test_far_apart_dates_pair_only_on_the_same_item_and_quantity() -> None:
    far = DAY0 + dt.timedelta(days=400)
    a = Attestation(
        1, SIPRI, "USA", "UKR", "in_kind", 1, keys=("~m777",), quantity=8, announced_on=DAY0
    )
    same = Attestation(2, ORYX, "USA", "UKR", "in_kind", 1, quantity=8, announced_on=far)
    other_quantity = Attestation(3, KIEL, "USA", "UKR", "in_kind", 1, quantity=9, announced_on=far)
    other_item = Attestation(
        4, "x", "USA", "UKR", "in_kind", 2, keys=("~m777",), quantity=8, announced_on=far
    )
    close = Attestation(
        5, "y", "USA", "UKR", "in_kind", 2, keys=("~m777",), quantity=3, announced_on=DAY0
    )
    pairs = candidates([a, same, other_quantity, other_item, close])
    assert (0, 1) in pairs and (0, 4) in pairs
    assert (0, 2) not in pairs and (0, 3) not in pairs
    match = match_score(a, same)
    assert match is not None and match.score == PROPOSE_AT


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 50).flatmap(attestation),
    st.sampled_from([ENTERED, SIPRI, ORYX, "planning-scenario"]),
)
def test_a_line_of_one_record_has_the_figures_of_the_general_rule(
    a: Attestation, dataset: str
) -> None:
    a = dataclasses.replace(a, dataset=dataset, illustrative=dataset == "planning-scenario")
    assert build_module._single(a) == build_module._line_of_many([a], [])


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 50).flatmap(attestation),
    st.integers(51, 100).flatmap(attestation),
    st.sampled_from([0, 25, build_module._PROPOSE_POINTS, 75, 80, 100]),
)
def test_a_pair_asked_for_at_least_some_points_is_scored_as_ever_or_left_out(
    a: Attestation, b: Attestation, points: int
) -> None:
    """The matcher writes no reasons for a pair below PROPOSE_AT; the pairs it keeps are the same."""
    full = match_score(a, b)
    expected = full if full is not None and full.score >= points / 100 else None
    assert match_at_least(a, b, points) == expected
    assert build_module._PROPOSE_POINTS / 100 == PROPOSE_AT
