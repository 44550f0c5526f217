"""World Bank GDP: values equal the file's, for parties only; aggregates counted in one note."""

from __future__ import annotations

from decimal import Decimal

from nsatu.parties.models import GdpFigure
from nsatu.sources.models import ImportIssue
from tests.exchange.conftest import csv_rows

GDP = "worldbank/worldbank_gdp_current_usd.csv"


def test_values_equal_the_file_for_existing_parties(run_import, parties, data_dir):
    run_import("worldbank-gdp")
    rows = {
        (row["Country Code"], row["Year"]): (line, row["Value"])
        for line, row in csv_rows(data_dir / GDP)
    }
    for code, year in (("DEU", "2022"), ("UKR", "2023"), ("USA", "1960")):
        line, value = rows[(code, year)]
        figure = GdpFigure.objects.get(party__code=code, year=int(year))
        assert figure.usd == Decimal(value).quantize(
            Decimal(1)
        )  # whole dollars: the cents are float noise
        assert abs(figure.usd - Decimal(value)) <= Decimal("0.5")
        assert figure.source_row == line and figure.dataset.key == "worldbank-gdp"
    assert not GdpFigure.objects.filter(party__code="AFG").exists()  # not a party
    expected = sum(1 for (code, _y) in rows if code in {"UKR", "DEU", "POL", "NOR", "USA"})
    assert GdpFigure.objects.count() == expected


def test_aggregates_are_one_info_issue(run_import, parties):
    run_import("worldbank-gdp")
    issues = ImportIssue.objects.filter(dataset__key="worldbank-gdp")
    aggregate_notes = [i for i in issues if "aggregates" in i.reason]
    assert len(aggregate_notes) == 1 and aggregate_notes[0].severity == "info"
    assert aggregate_notes[0].reason.startswith("50 aggregates")
    assert issues.count() <= 3


def test_reimport_with_the_largest_economies_changes_nothing(run_import):
    # 16-digit GDP figures (USA, CHN) are where a backend storing floats would lose cents and see a change.
    run_import("kiel-aid")
    first = run_import("worldbank-gdp")
    assert GdpFigure.objects.filter(
        party__code__in=["USA", "CHN", "JPN", "DEU"], usd__gt=10**13
    ).exists()
    second = run_import("worldbank-gdp")
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert second.unchanged == first.created > 2000
