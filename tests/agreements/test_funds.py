"""Fund ledgers never go below zero, and a chain nation -> PURL -> supplier -> Ukraine counts every euro once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.agreements.funds import fund_ledger_get
from nsatu.agreements.models import FundEntry
from nsatu.agreements.services import fund_entry_record
from nsatu.audit.models import AuditEvent
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.flows.models import FlowKind
from nsatu.flows.selectors import flow_totals_visible
from nsatu.flows.services import flow_create

M = Decimal(1_000_000)
DAY = dt.date(2025, 8, 5)


def test_spending_beyond_the_balance_is_refused_with_the_figures(coordinator, parties):
    purl, nor = parties["PURL"], parties["NOR"]
    fund_entry_record(
        actor=coordinator,
        fund=purl,
        kind="contribution",
        counterparty=nor,
        date=DAY,
        amount=100 * M,
        currency="EUR",
    )
    fund_entry_record(
        actor=coordinator,
        fund=purl,
        kind="spending",
        counterparty=parties["USA"],
        date=DAY,
        amount=70 * M,
        currency="EUR",
    )
    with pytest.raises(ValidationError) as refused:
        fund_entry_record(
            actor=coordinator,
            fund=purl,
            kind="spending",
            counterparty=parties["USA"],
            date=DAY,
            amount=40 * M,
            currency="EUR",
        )
    message = refused.value.message_dict["amount"][0]
    assert "cannot spend EUR 40,000,000.00" in message
    assert (
        "its balance is EUR 30,000,000.00" in message and "EUR 10,000,000.00 below zero" in message
    )
    assert FundEntry.objects.count() == 2
    totals = fund_ledger_get(user=coordinator, code="PURL").ledger
    assert (totals.contributed.eur, totals.spent.eur, totals.balance) == (100 * M, 70 * M, 30 * M)


def test_commitments_cannot_exceed_contributions(coordinator, parties):
    purl = parties["PURL"]
    fund_entry_record(
        actor=coordinator,
        fund=purl,
        kind="contribution",
        counterparty=parties["DEU"],
        date=DAY,
        amount=50 * M,
        currency="EUR",
    )
    fund_entry_record(
        actor=coordinator,
        fund=purl,
        kind="commitment",
        counterparty=parties["USA"],
        date=DAY,
        amount=50 * M,
        currency="EUR",
    )
    with pytest.raises(
        ValidationError, match=r"only EUR 0\.00 of its contributions is not yet committed"
    ):
        fund_entry_record(
            actor=coordinator,
            fund=purl,
            kind="commitment",
            counterparty=parties["USA"],
            date=DAY,
            amount=1,
            currency="EUR",
        )


def test_an_empty_fund_cannot_spend_and_only_funds_have_ledgers(coordinator, parties):
    with pytest.raises(ValidationError, match=r"balance is EUR 0\.00"):
        fund_entry_record(
            actor=coordinator,
            fund=parties["PURL"],
            kind="spending",
            counterparty=parties["USA"],
            date=DAY,
            amount=1,
            currency="EUR",
        )
    with pytest.raises(ValidationError, match="is not a fund"):
        fund_entry_record(
            actor=coordinator,
            fund=parties["DEU"],
            kind="contribution",
            counterparty=parties["POL"],
            date=DAY,
            amount=1,
            currency="EUR",
        )


def test_only_the_command_keeps_ledgers(liaison_de, parties):
    with pytest.raises(PermissionDenied):
        fund_entry_record(
            actor=liaison_de,
            fund=parties["PURL"],
            kind="contribution",
            counterparty=parties["DEU"],
            date=DAY,
            amount=1,
            currency="EUR",
        )


def test_a_contribution_in_usd_is_kept_at_the_dated_ecb_rate(coordinator, parties):
    entry = fund_entry_record(
        actor=coordinator,
        fund=parties["PURL"],
        kind="contribution",
        counterparty=parties["DEU"],
        date=dt.date(2025, 8, 16),
        amount=500 * M,
        currency="usd",
    )
    assert (entry.currency, entry.eur_rate_date) == (
        "USD",
        dt.date(2025, 8, 15),
    )  # Saturday: Friday's rate
    assert entry.amount_eur == (500 * M / entry.eur_rate).quantize(Decimal("0.01"))
    assert AuditEvent.objects.filter(action="fund.contribution").count() == 1


def test_chain_contribution_package_delivery_counts_every_euro_once(coordinator, parties):
    nor, deu, purl, usa, ukr = (parties[c] for c in ("NOR", "DEU", "PURL", "USA", "UKR"))
    # Two nations pay into PURL; PURL buys one package from the US with part of each; the US delivers it.
    c_nor = flow_create(
        actor=coordinator, source=nor, destination=purl, amount=100 * M, currency="EUR", date=DAY
    )
    c_deu = flow_create(
        actor=coordinator, source=deu, destination=purl, amount=60 * M, currency="EUR", date=DAY
    )
    buy_nor = flow_create(
        actor=coordinator,
        source=purl,
        destination=usa,
        parent=c_nor,
        amount=90 * M,
        currency="EUR",
        date=DAY,
    )
    buy_deu = flow_create(
        actor=coordinator,
        source=purl,
        destination=usa,
        parent=c_deu,
        amount=60 * M,
        currency="EUR",
        date=DAY,
    )
    flow_create(
        actor=coordinator,
        source=usa,
        destination=ukr,
        parent=buy_nor,
        kind=FlowKind.MATERIAL,
        amount=90 * M,
        currency="EUR",
        date=DAY,
    )
    flow_create(
        actor=coordinator,
        source=usa,
        destination=ukr,
        parent=buy_deu,
        kind=FlowKind.MATERIAL,
        amount=50 * M,
        currency="EUR",
        date=DAY,
    )
    for flow, kind in (
        (c_nor, "contribution"),
        (c_deu, "contribution"),
        (buy_nor, "spending"),
        (buy_deu, "spending"),
    ):
        fund_entry_record(
            actor=coordinator,
            fund=purl,
            kind=kind,
            flow=flow,
            date=DAY,
            amount=flow.amount,
            currency="EUR",
            counterparty=flow.source if kind == "contribution" else flow.destination,
        )

    totals = flow_totals_visible(user=coordinator)
    assert totals.total == 160 * M
    assert totals.by_donor == {"NOR": 100 * M, "DEU": 60 * M}
    # PURL kept 10 M of Norway's money; the US kept 10 M of the German-paid package; Ukraine received 140 M.
    assert totals.by_recipient == {"PURL": 10 * M, "USA": 10 * M, "UKR": 140 * M}
    assert sum(totals.by_donor.values()) == sum(totals.by_recipient.values()) == totals.total
    ledger = fund_ledger_get(user=coordinator, code="PURL").ledger
    assert (ledger.contributed.eur, ledger.spent.eur, ledger.balance) == (160 * M, 150 * M, 10 * M)
    assert ledger.balance == totals.by_recipient["PURL"]
