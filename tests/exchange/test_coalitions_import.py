"""The compiled coalitions table: nine contact-group coalitions, every fact with the page that states it, and
`nsatu export coalitions` giving them with their leads and a source per row."""

from __future__ import annotations

import csv

import pytest

from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.tables_coalitions import table_coalitions
from nsatu.parties.models import Coalition, CoalitionMember


def test_nine_coalitions_each_fact_sourced(run_import):
    run_import("coalitions")
    nine = Coalition.objects.filter(udcg=True)
    assert nine.count() == 9
    for c in nine:
        assert c.source_url.startswith("http") and c.area_source_url.startswith("http"), c.name
        assert c.established and c.established_source_url.startswith("http"), c.name
        assert c.leads.exists(), c.name
    assert not CoalitionMember.objects.filter(source_url="").exists()


def test_electronic_warfare_is_led_by_germany_and_sweden_each_from_its_source(run_import):
    run_import("coalitions")
    ew = Coalition.objects.get(name="Electronic Warfare (EW) Coalition")
    assert ew.established == "2025-04"
    leads = {m.party.code: m.source_url for m in ew.memberships.filter(lead=True)}
    assert set(leads) == {"DEU", "SWE"} and leads["DEU"] != leads["SWE"]
    assert "nyheter24.se" in leads["SWE"]


def test_export_gives_the_nine_with_leads_and_sources(run_import, coordinator):
    run_import("coalitions")
    table = table_coalitions(user=coordinator, options={})
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    assert len(rows) == 9
    for row in rows:
        assert row["leads"] and row["source_url"].startswith("http"), row["coalition"]
        assert all(" http" in s for s in row["lead_sources"].split(" ; ")), row["coalition"]
    assert len(table_coalitions(user=coordinator, options={"related": True}).rows) == 13


def test_a_member_added_in_nsatu_survives_a_reimport(run_import, parties, coordinator):
    run_import("coalitions")
    maritime = Coalition.objects.get(name="Maritime Capability Coalition")
    CoalitionMember.objects.create(
        coalition=maritime, party=parties["POL"], source_url="https://example.org/pl"
    )
    run_import("coalitions")
    assert set(maritime.members.values_list("code", flat=True)) == {"GBR", "NOR", "POL"}


def test_a_group_without_its_source_is_refused(run_import, data_dir, tmp_path):
    source = data_dir / "nsatu/capability_coalitions.csv"
    with source.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["lead_nations"] = "USA|DNK"  # two groups, one address
    broken = tmp_path / "coalitions.csv"
    with broken.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ImportFailed, match="groups of parties"):
        run_import("coalitions", broken)
    assert not Coalition.objects.exists()
