"""The Kiel totals per donor and per month are read from tables the import keeps, not summed per view."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from nsatu.core.errors import PermissionDenied
from nsatu.pledges.aid_services import reported_aid_totals_rebuild
from nsatu.pledges.models import ReportedAid, ReportedAidDonorTotal, ReportedAidMonthTotal
from nsatu.pledges.selectors import aid_over_time, donor_aid_for_party, donor_aid_totals
from nsatu.sources.models import Dataset

BN = Decimal(10) ** 9
ROWS = {
    "DEU": [(2022, 3, "1.2", "0.1", "0.05"), (2023, 1, "2.5", "0.4", "0.1")],
    "POL": [(2022, 3, "2.0", "0.0", "0.9")],
}


@pytest.fixture
def reported(parties) -> None:
    kiel = Dataset.objects.create(key="kiel-aid", title="Kiel")
    for code, rows in ROWS.items():
        for n, (year, month, mil, fin, hum) in enumerate(rows, start=1):
            mil_d, fin_d, hum_d = (Decimal(v) * BN for v in (mil, fin, hum))
            ReportedAid.objects.create(
                donor=parties[code],
                year=year,
                month=month,
                military_eur=mil_d,
                financial_eur=fin_d,
                humanitarian_eur=hum_d,
                total_eur=mil_d + fin_d + hum_d,
                commitments_eur=mil_d,
                to_be_allocated_eur=Decimal(0),
                dataset=kiel,
                source_row=n,
            )


def test_the_selectors_read_the_totals_the_rebuild_wrote(reported):
    assert donor_aid_totals() == []  # rows written around the service: no totals until a rebuild

    assert reported_aid_totals_rebuild(actor=None) == 2

    assert [(t["donor_iso3"], t["total_eur"]) for t in donor_aid_totals()] == [
        ("DEU", Decimal("4.35") * BN),
        ("POL", Decimal("2.9") * BN),
    ]
    germany = donor_aid_for_party(code="DEU")
    assert germany is not None
    assert (germany["military_eur"], germany["financial_eur"], germany["humanitarian_eur"]) == (
        Decimal("3.7") * BN,
        Decimal("0.5") * BN,
        Decimal("0.15") * BN,
    )
    assert donor_aid_for_party(code="USA") is None
    assert [(m["period"], m["military_eur"]) for m in aid_over_time()] == [
        ("2022-03", Decimal("3.2") * BN),
        ("2023-01", Decimal("2.5") * BN),
    ]
    assert ReportedAidDonorTotal.objects.get(donor__code="DEU").months == 2


def test_a_rebuild_replaces_the_totals_rather_than_adding_to_them(reported):
    reported_aid_totals_rebuild(actor=None)
    ReportedAid.objects.filter(donor__code="POL").delete()

    reported_aid_totals_rebuild(actor=None)

    assert [t["donor_iso3"] for t in donor_aid_totals()] == ["DEU"]
    assert ReportedAidMonthTotal.objects.get(year=2022, month=3).military_eur == Decimal("1.2") * BN


def test_only_the_command_may_rebuild_the_totals(reported, coordinator, liaison_de):
    with pytest.raises(PermissionDenied):
        reported_aid_totals_rebuild(actor=liaison_de)
    assert not ReportedAidDonorTotal.objects.exists()
    assert reported_aid_totals_rebuild(actor=coordinator) == 2


def test_the_migration_sums_the_rows_already_imported(reported):
    migration = importlib.import_module(
        "nsatu.pledges.migrations.0005_reported_aid_content_hash_and_totals"
    )

    migration.totals_rebuild(apps, None)

    assert donor_aid_for_party(code="POL") == {
        "donor_iso3": "POL",
        "donor": "Poland",
        "military_eur": Decimal("2.0") * BN,
        "financial_eur": Decimal(0),
        "humanitarian_eur": Decimal("0.9") * BN,
        "total_eur": Decimal("2.9") * BN,
    }
