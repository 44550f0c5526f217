"""The PURL import feeds the PURL fund's ledger: the figures equal the file's, and a second import changes none."""

from __future__ import annotations

from decimal import Decimal

from nsatu.agreements.funds import fund_ledger_get
from nsatu.flows.models import Flow

M = Decimal(1_000_000)


def test_the_purl_ledger_equals_the_file_and_a_reimport_leaves_it_alone(run_import, coordinator):
    run_import("memberships")
    run_import("purl")
    first = fund_ledger_get(user=coordinator, code="PURL").ledger
    # the file's single-contributor packages, per currency as stated; joint packages are a gap
    assert first.contributed.by_currency == {"EUR": 850 * M, "USD": 1_032 * M, "CAD": 200 * M}
    assert round(first.contributed.eur / M) == 1_859  # EUR 1.86 bn at the dated ECB rates
    assert first.contributed.without_amount == 19
    ids = sorted(Flow.objects.values_list("pk", flat=True))
    run_import("purl")
    again = fund_ledger_get(user=coordinator, code="PURL").ledger
    assert again == first
    assert sorted(Flow.objects.values_list("pk", flat=True)) == ids
