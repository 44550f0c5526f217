"""nsatu.engine.burden without a database, including every donor-year of the Kiel data explorer file."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from nsatu.engine.burden import (
    MonthlyAid,
    SpendingFigure,
    YearCommitment,
    aid_shares,
    commitment_status,
    fair_shares,
    guideline_counts,
    signature_timeline,
    signed_count,
)

KIEL = Path(__file__).resolve().parents[2] / "data" / "kiel" / "ust_r29_data_explorer.csv"
BN = Decimal(10) ** 9


def _kiel_rows() -> list[dict[str, str]]:
    with KIEL.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_aid_share_equals_kiels_share_column_for_every_donor_year():
    rows = _kiel_rows()
    shares = aid_shares(
        MonthlyAid(
            r["iso"],
            int(r["year"]),
            Decimal(r["total"]) * BN,
            Decimal(r["military"]) * BN,
            Decimal(r["gdp"]) * BN,
            float(r["pct_gdp"]) if r["pct_gdp"] else None,
        )
        for r in rows
    )
    donor_years = {(r["iso"], int(r["year"])) for r in rows}
    assert {(s.donor, s.year) for s in shares} == donor_years and len(shares) == 186
    for s in shares:
        if s.donor == "EU":
            # Kiel gives the EU institutions a GDP of 0 and a share of 0: there is no share to compare.
            assert (s.gdp_eur, s.aid_pct_gdp, s.kiel_pct_gdp) == (None, None, None)
            continue
        assert s.difference is not None and s.difference <= Decimal("0.01"), (s.donor, s.year)
    worst = max(s.difference for s in shares if s.difference is not None)
    assert worst < Decimal("1e-13")  # float rounding in Kiel's own column, nothing more
    # Kiel's annual GDP is the same on every month row, so the sum of monthly shares is the annual share.
    est = next(s for s in shares if (s.donor, s.year) == ("EST", 2024))
    assert est.aid_pct_gdp == est.aid_eur / est.gdp_eur * 100


def test_guideline_counts_include_years_with_none():
    figures = [
        SpendingFigure("POL", 2014, 1.9),
        SpendingFigure("POL", 2024, 4.1),
        SpendingFigure("USA", 2024, 3.4),
    ]
    assert guideline_counts(figures, target=2.0) == {2014: 0, 2024: 2}
    assert guideline_counts(figures, target=3.5) == {2014: 0, 2024: 1}


def test_fair_shares_split_the_baseline_by_gdp():
    shares = fair_shares(
        gdp_eur={"A": Decimal(300), "B": Decimal(100), "C": Decimal(0)},
        gave_eur={"A": Decimal(10)},
        baseline_eur=Decimal(40),
    )
    assert [(s.ally, s.fair_eur, s.gave_eur, s.ratio) for s in shares] == [
        ("A", Decimal(30), Decimal(10), Decimal(10) / Decimal(30)),
        ("B", Decimal(10), Decimal(0), Decimal(0)),
    ]
    assert fair_shares(gdp_eur={}, gave_eur={}, baseline_eur=Decimal(40)) == []


def test_signed_count_ignores_undated_agreements():
    dates = [dt.date(2024, 1, 12), None, dt.date(2024, 2, 16), dt.date(2024, 2, 16)]
    assert signed_count(dates, on=dt.date(2024, 2, 15)) == 1
    assert signed_count(dates, on=dt.date(2024, 2, 16)) == 3
    assert signature_timeline(dates) == [(dt.date(2024, 1, 12), 1), (dt.date(2024, 2, 16), 3)]


def test_commitment_status_amount_and_share():
    rows = commitment_status(
        commitments=[
            YearCommitment(2024, amount_eur=Decimal(100)),
            YearCommitment(2025, gdp_share_pct=Decimal("0.25")),
            YearCommitment(2026, gdp_share_pct=Decimal("0.25")),
        ],
        delivered_eur={2024: Decimal(120), 2025: Decimal(2), 2027: Decimal(5)},
        gdp_eur={2025: Decimal(1000)},
    )
    assert [(r.year, r.committed_eur, r.delivered_eur, r.met) for r in rows] == [
        (2024, Decimal(100), Decimal(120), True),
        (2025, Decimal("2.5"), Decimal(2), False),
        (2026, None, Decimal(0), None),
        (2027, None, Decimal(5), None),
    ]
