"""signatory_totals: a framework's per-signatory sums of the agreement pages' yearly figures, without a database."""

from __future__ import annotations

from decimal import Decimal

from nsatu.engine.burden import SignatoryTotal, YearStatus, signatory_totals


def _year(year: int, committed: str | None, delivered: str) -> YearStatus:
    return YearStatus(
        year=year,
        committed_eur=Decimal(committed) if committed is not None else None,
        delivered_eur=Decimal(delivered),
        gdp_eur=None,
        gdp_share_pct=None,
        delivered_pct_gdp=None,
        met=None,
    )


def test_sums_over_years_and_agreements_keeping_silent_signatories():
    totals = signatory_totals(
        ["DEU", "NOR", "BEL"],
        [
            ("DEU", [_year(2024, "100", "30"), _year(2025, None, "20")]),
            ("NOR", [_year(2025, None, "5")]),
            (
                "POL",
                [_year(2025, "7", "0")],
            ),  # concluded an agreement under it, its joining not sourced
        ],
    )
    assert totals == [
        SignatoryTotal("DEU", 1, Decimal(100), Decimal(50)),
        SignatoryTotal(
            "NOR", 1, None, Decimal(5)
        ),  # nothing committed that can be valued: a gap, not 0
        SignatoryTotal("BEL", 0, None, Decimal(0)),
        SignatoryTotal("POL", 1, Decimal(7), Decimal(0)),
    ]


def test_two_agreements_of_one_signatory_add_up():
    (total,) = signatory_totals(
        ["DEU"], [("DEU", [_year(2024, "1", "1")]), ("DEU", [_year(2024, "2", "3")])]
    )
    assert (total.agreements, total.committed_eur, total.delivered_eur) == (
        2,
        Decimal(3),
        Decimal(4),
    )
