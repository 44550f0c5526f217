"""A fund's ledger in the engine: each euro once, currencies kept apart, gaps reported, no database."""

from decimal import Decimal as D

import pytest

from nsatu.engine.flows import COMMITTED, IN, OUT, FundLine, fund_ledger

M = D(1_000_000)


def test_contributions_by_contributor_keep_their_currency_beside_the_eur_value():
    ledger = fund_ledger(
        [
            FundLine("flow:1", IN, "NLD", 500 * M, "EUR", 500 * M),
            FundLine("flow:2", IN, "DEU", 500 * M, "USD", D("431034482.76")),
            FundLine("flow:3", IN, "DEU", 150 * M, "EUR", 150 * M),
            FundLine("flow:4", IN, "CAN", 200 * M, "CAD", None),  # no rate recorded
            FundLine("flow:5", IN, "NOR", None, "", None),  # joint package, split not stated
        ]
    )
    got = ledger.contributed
    assert got.eur == 500 * M + D("431034482.76") + 150 * M
    # USD and EUR are never added: each currency is its own figure
    assert got.by_currency == {"EUR": 650 * M, "USD": 500 * M, "CAD": 200 * M}
    assert list(got.by_currency) == ["EUR", "CAD", "USD"]  # euros first, then by code
    assert got.unvalued == {"CAD": 200 * M}
    assert (got.without_amount, got.lines) == (1, 5)
    by = {p.party: p.total for p in ledger.by_contributor}
    assert by["DEU"].eur == D("581034482.76")
    assert by["DEU"].by_currency == {"USD": 500 * M, "EUR": 150 * M}
    assert (by["CAN"].eur, by["CAN"].unvalued, by["CAN"].valued) == (D(0), {"CAD": 200 * M}, 0)
    assert (got.valued, by["NOR"].valued) == (3, 0)
    assert by["NOR"].without_amount == 1
    assert [p.party for p in ledger.by_contributor][:2] == ["DEU", "NLD"]
    assert sum(p.total.eur for p in ledger.by_contributor) == got.eur


def test_an_entry_recorded_against_a_flow_on_the_ledger_is_not_counted_again():
    ledger = fund_ledger(
        [
            FundLine("flow:1", IN, "NOR", 100 * M, "EUR", 100 * M),
            FundLine("entry:1", IN, "NOR", 100 * M, "EUR", 100 * M, records="flow:1"),
            FundLine("flow:2", OUT, "USA", 60 * M, "EUR", 60 * M),
            FundLine("entry:2", OUT, "USA", 60 * M, "EUR", 60 * M, records="flow:2"),
            # the flow this entry records is not on the ledger (e.g. hidden from the reader): the entry counts
            FundLine("entry:3", IN, "DEU", 10 * M, "EUR", 10 * M, records="flow:99"),
        ]
    )
    assert (ledger.contributed.eur, ledger.spent.eur, ledger.balance) == (110 * M, 60 * M, 50 * M)
    assert [(line.key, flow) for line, flow in ledger.not_counted] == [
        ("entry:1", "flow:1"),
        ("entry:2", "flow:2"),
    ]
    assert {line.key for line in ledger.counted} == {"flow:1", "flow:2", "entry:3"}


def test_committed_is_open_commitments_plus_what_was_paid_out():
    ledger = fund_ledger(
        [
            FundLine("entry:1", IN, "NOR", 100 * M, "EUR", 100 * M),
            FundLine("entry:2", COMMITTED, "USA", 30 * M, "EUR", 30 * M),
            FundLine("flow:3", OUT, "USA", 50 * M, "EUR", 50 * M),
        ]
    )
    assert (ledger.committed, ledger.uncommitted, ledger.balance) == (80 * M, 20 * M, 50 * M)
    assert [p.party for p in ledger.by_payee] == ["USA"]


def test_a_fund_with_nothing_recorded_is_zero_and_says_so():
    ledger = fund_ledger([])
    assert (ledger.contributed.eur, ledger.committed, ledger.spent.eur, ledger.balance) == (
        0,
        0,
        0,
        0,
    )
    assert not ledger.recorded and not ledger.contributed.recorded
    assert ledger.by_contributor == []


def test_bad_lines_are_refused():
    with pytest.raises(ValueError, match="given twice"):
        fund_ledger([FundLine("flow:1", IN, "NOR", M, "EUR", M)] * 2)
    with pytest.raises(ValueError, match="unknown ledger stage"):
        fund_ledger([FundLine("flow:1", "gift", "NOR", M, "EUR", M)])


def test_a_payment_settling_a_commitment_closes_it_and_counts_its_own_euros_once():
    ledger = fund_ledger(
        [
            FundLine("entry:1", IN, "NOR", 100 * M, "EUR", 100 * M),
            FundLine("entry:2", COMMITTED, "USA", 40 * M, "EUR", 40 * M),
            FundLine("entry:3", COMMITTED, "USA", 25 * M, "EUR", 25 * M),
            FundLine("flow:4", OUT, "USA", 38 * M, "EUR", 38 * M),
            # the keeper's record of flow 4, naming the contract it pays: not counted, but it settles entry 2
            FundLine(
                "entry:5", OUT, "USA", 38 * M, "EUR", 38 * M, records="flow:4", settles="entry:2"
            ),
        ]
    )
    assert ledger.open_commitments.eur == 25 * M
    assert [(line.key, by) for line, by in ledger.settled] == [("entry:2", "entry:5")]
    assert (ledger.spent.eur, ledger.committed, ledger.uncommitted) == (38 * M, 63 * M, 37 * M)


def test_an_illustrative_line_marks_the_figures_it_is_in():
    ledger = fund_ledger(
        [
            FundLine("flow:1", IN, "NOR", M, "EUR", M, illustrative=True),
            FundLine("flow:2", OUT, "USA", M, "EUR", M),
        ]
    )
    assert (ledger.illustrative, ledger.contributed.illustrative, ledger.spent.illustrative) == (
        True,
        True,
        False,
    )
