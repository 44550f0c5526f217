"""NATO TABLE3: shares of GDP as in the workbook; 23 allies at or above 2 % in 2024."""

from __future__ import annotations

import csv
from collections import Counter

from nsatu.parties.countries import party_code_for
from nsatu.parties.models import DefenceSpending, Party
from nsatu.parties.selectors import defence_spending_for_year
from nsatu.sources.models import ImportIssue

LONG = "nato/nato_defexp_pct_gdp_2014_2024_long.csv"
AGGREGATES = {"NATO Europe and Canada", "NATO Total"}


def test_23_allies_at_or_above_two_percent_in_2024(run_import):
    result = run_import("nato-defence")
    at_two = [d for d in defence_spending_for_year(year=2024) if d.pct_gdp >= 2.0]
    assert len(at_two) == 23
    slovakia = DefenceSpending.objects.get(party__code="SVK", year=2024)
    assert slovakia.pct_gdp == 2.0 and slovakia in at_two
    assert result.rows_read == 31 and DefenceSpending.objects.count() == 31 * 11


def test_count_per_year_equals_the_long_csv(run_import, data_dir):
    run_import("nato-defence")
    with (data_dir / LONG).open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["country"] not in AGGREGATES]
    expected = Counter(int(r["year"]) for r in rows if float(r["defence_exp_pct_gdp"]) >= 2.0)
    for year in range(2014, 2025):
        stored = sum(1 for d in defence_spending_for_year(year=year) if d.pct_gdp >= 2.0)
        assert stored == expected[year], year
    # and the shares themselves agree with the derived file's 4-decimal rounding
    for r in rows:
        d = DefenceSpending.objects.get(
            party__code=party_code_for(r["country"]), year=int(r["year"])
        )
        assert round(d.pct_gdp, 4) == float(r["defence_exp_pct_gdp"])


def test_estimates_come_from_the_sheet_and_names_map_to_iso3(run_import):
    run_import("nato-defence")
    estimated_years = set(
        DefenceSpending.objects.filter(is_estimate=True).values_list("year", flat=True)
    )
    assert estimated_years == {2023, 2024}
    for code in ("SVK", "TUR", "MKD", "CZE", "USA"):
        assert DefenceSpending.objects.filter(party__code=code).count() == 11
    albania = DefenceSpending.objects.get(party__code="ALB", year=2024)
    assert (albania.source_row, albania.source_column) == (11, "N")
    assert albania.pct_gdp == 2.0294680677363757


def test_aggregates_are_skipped_not_parties(run_import):
    run_import("nato-defence")
    assert not Party.objects.filter(name__icontains="NATO Total").exists()
    notes = ImportIssue.objects.filter(dataset__key="nato-defence", severity="info")
    assert sorted(notes.values_list("row", flat=True)) == [42, 43]
