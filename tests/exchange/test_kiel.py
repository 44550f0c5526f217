"""Kiel tracker: stored figures equal the file's own, to the euro; the weapons lists become pledges."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from nsatu.parties.countries import party_code_for
from nsatu.pledges.models import Pledge, PledgeStatus, ReportedAid, ReportedHeavyWeapons
from nsatu.pledges.selectors import donor_aid_totals
from nsatu.sources.models import ImportIssue
from tests.exchange.conftest import csv_rows

AID = "kiel/ust_r29_data_explorer.csv"
WEAPONS = "kiel/ust_r29_weapons.csv"


def test_aid_sums_per_donor_equal_the_csv(run_import, data_dir):
    result = run_import("kiel-aid")
    expected: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = csv_rows(data_dir / AID)
    for _line, row in rows:
        for column in ("military", "financial", "humanitarian", "total"):
            expected[row["iso"]][column] += Decimal(row[column])  # EUR bn, from the text
    totals = {t["donor_iso3"]: t for t in donor_aid_totals()}
    assert set(totals) == set(expected)
    assert len(totals) == 42
    for iso, sums in expected.items():
        for column, bn in sums.items():
            assert totals[iso][f"{column}_eur"] == bn * 10**9, (iso, column)
    assert result.rows_read == len(rows) == ReportedAid.objects.count() == 1079


def test_aid_rows_link_to_their_line(run_import, data_dir):
    run_import("kiel-aid")
    line, row = csv_rows(data_dir / AID)[100]
    aid = ReportedAid.objects.get(source_row=line)
    assert (aid.donor.code, aid.year, aid.month) == (
        row["iso"],
        int(row["year"]),
        int(row["month"]),
    )
    assert aid.military_eur == Decimal(row["military"]) * 10**9
    assert aid.dataset.key == "kiel-aid"
    assert ReportedAid.objects.filter(donor__code="EU").first().donor.kind == "organisation"


def test_heavy_weapons_per_donor_and_category_equal_the_file(run_import, data_dir):
    run_import("equipment")
    run_import("kiel-weapons")
    rows = csv_rows(data_dir / WEAPONS)
    stored = {r.source_row: r for r in ReportedHeavyWeapons.objects.select_related("donor")}
    assert len(stored) == len(rows) == 61
    for line, row in rows:
        record = stored[line]
        assert (record.donor.code, record.category) == (
            party_code_for(row["donor"]),
            row["category"],
        )
        assert record.number == int(row["number_of_weapons"])
        assert record.value_eur == Decimal(row["monetary_value_eur"])
        assert record.weapons_list == row["weapons_list"]


def test_weapons_lists_become_committed_pledges_adding_up_per_row(run_import, data_dir):
    run_import("equipment")
    run_import("kiel-weapons")
    per_row: dict[int, int] = defaultdict(int)
    for pledge in Pledge.objects.filter(dataset__key="kiel-weapons"):
        assert pledge.status == PledgeStatus.COMMITTED
        assert pledge.recipient.code == "UKR" and pledge.owner_id == pledge.donor_id
        per_row[pledge.source_row] += pledge.quantity
    for line, row in csv_rows(data_dir / WEAPONS):
        assert per_row[line] == int(row["number_of_weapons"]), line
    m777 = Pledge.objects.get(
        dataset__key="kiel-weapons", donor__code="AUS", description="M777 howitzer"
    )
    assert (m777.item_type.name, m777.quantity) == ("M777", 6)
    assert not ImportIssue.objects.filter(dataset__key="kiel-weapons").exists()


def test_list_not_adding_up_is_reported_with_the_difference(run_import, data_dir, tmp_path):
    text = (data_dir / WEAPONS).read_text(encoding="utf-8")
    bad = tmp_path / "weapons.csv"
    bad.write_text(
        text.replace('"Australia","Howitzers",6,', '"Australia","Howitzers",8,'), encoding="utf-8"
    )
    run_import("kiel-weapons", bad)
    issue = ImportIssue.objects.get(dataset__key="kiel-weapons", column="number_of_weapons")
    assert issue.row == 2 and issue.severity == "warning"
    assert "add up to 6" in issue.reason and "is 8" in issue.reason and "-2" in issue.reason
