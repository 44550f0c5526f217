"""The agreements importer on the real reference file, and its refusals of a bad one."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pytest

from nsatu.agreements.models import Agreement, Commitment
from nsatu.agreements.selectors import WASHINGTON_EVE, agreement_count_signed
from nsatu.exchange.errors import ImportFailed

FILE = "reference/ukraine_bilateral_security_agreements_sourced.csv"


def test_the_28_partners_with_their_sources(run_import, data_dir):
    result = run_import("agreements")
    rows = list(csv.DictReader((data_dir / FILE).open(encoding="utf-8")))
    assert result.rows_read == len(rows) == 28
    agreements = {a.owner.code: a for a in Agreement.objects.select_related("owner")}
    assert len(agreements) == 28 and "EU" in agreements
    assert {frozenset(a.parties.values_list("code", flat=True)) for a in agreements.values()} == {
        frozenset({code, "UKR"}) for code in agreements
    }
    for line, row in enumerate(rows, start=2):
        a = Agreement.objects.get(source_row=line)
        assert a.signed_on == (
            dt.date.fromisoformat(row["date_signed"]) if row["date_signed"] else None
        )
        assert a.sources == [u.strip() for u in row["source_urls"].split(";")]
        assert a.stated_funding == row["stated_funding"]
    assert agreements["GBR"].signed_on == dt.date(2024, 1, 12)
    assert agreements["EU"].duration_years is None and agreements["DEU"].duration_years == 10


def test_count_at_the_eve_of_washington_comes_from_the_dates(run_import, data_dir, analyst):
    run_import("agreements")
    rows = list(csv.DictReader((data_dir / FILE).open(encoding="utf-8")))
    expected = sum(
        1
        for r in rows
        if r["date_signed"] and dt.date.fromisoformat(r["date_signed"]) <= WASHINGTON_EVE
    )
    assert agreement_count_signed(user=analyst, on=WASHINGTON_EVE) == expected == 17
    assert agreement_count_signed(user=analyst, on=dt.date(2024, 2, 16)) == 3
    assert agreement_count_signed(user=analyst, on=dt.date(2024, 1, 11)) == 0


def test_stated_funding_becomes_yearly_commitments(run_import):
    result = run_import("agreements")
    by_partner = {}
    for c in Commitment.objects.select_related("agreement__owner"):
        by_partner.setdefault(c.agreement.owner.code, []).append(c)
    for code in ("LTU", "EST"):
        assert [(c.year, c.gdp_share_pct) for c in by_partner[code]] == [
            (y, Decimal("0.250")) for y in range(2024, 2034)
        ]
    [nld] = by_partner["NLD"]
    assert (nld.year, nld.amount, nld.currency, nld.amount_eur) == (
        2024,
        Decimal("2000000000"),
        "EUR",
        Decimal("2000000000"),
    )
    [can] = by_partner["CAN"]
    assert (can.year, can.currency, can.eur_rate_date) == (
        2024,
        "CAD",
        dt.date(2024, 2, 23),
    )  # a Saturday: Friday
    assert can.amount_eur == (Decimal("3020000000") / can.eur_rate).quantize(Decimal("0.01"))
    assert set(by_partner) == {"LTU", "EST", "NLD", "CAN", "FRA"}
    kept_as_text = {i.row for i in result.issues if i.column == "stated_funding"}
    assert len(kept_as_text) == 2  # Italy (no details), the EU (Ukraine Facility, not yearly)


def test_reimport_changes_nothing(run_import):
    first = run_import("agreements")
    ids = sorted(Agreement.objects.values_list("pk", flat=True))
    second = run_import("agreements")
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert second.unchanged == first.created > 28
    assert sorted(Agreement.objects.values_list("pk", flat=True)) == ids


def test_a_bad_file_names_row_and_column_and_writes_nothing(run_import, data_dir, tmp_path):
    text = (data_dir / FILE).read_text(encoding="utf-8")
    text = text.replace("Germany,2024-02-16", "Atlantis,2024-02-31", 1).replace(
        "Sweden,2024-05-31,10 years,,https", "Sweden,2024-05-31,10 years,,ftp", 1
    )
    bad = tmp_path / "agreements.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        run_import("agreements", bad)
    where = [(p.row, p.column) for p in failed.value.problems]
    assert where == [(3, "partner"), (3, "date_signed"), (11, "source_urls")]
    assert "agreements.csv, row 3, column partner" in str(failed.value)
    assert not Agreement.objects.exists()


def test_gdp_share_commitments_judged_on_kiels_figures(run_import, coordinator):
    from nsatu.agreements.selectors import agreement_years

    run_import("kiel-aid")
    run_import("agreements")
    judged = {}
    for code in ("LTU", "EST"):
        agreement = Agreement.objects.get(owner__code=code)
        judged[code] = {
            y.year: y for y in agreement_years(user=coordinator, agreement=agreement).rows
        }
    # Kiel: Lithuania EUR 0.236564 bn military aid in 2024 on a GDP of EUR 56.179075 bn = 0.42 % >= 0.25 %;
    # Estonia EUR 0.0275 bn on EUR 31.444913 bn = 0.087 % < 0.25 % in 2024, 0.52 % in 2025.
    ltu, est = judged["LTU"][2024], judged["EST"][2024]
    assert ltu.reported_eur == Decimal("236564000") and ltu.reported_met is True
    assert ltu.committed_eur == ltu.gdp_eur * Decimal("0.0025")
    assert est.reported_eur == Decimal("27500000") and est.reported_met is False
    assert judged["EST"][2025].reported_met is True
    assert judged["LTU"][2027].reported_met is None  # no Kiel figure for that year
    assert ltu.met is False  # nothing linked in nsatu yet
