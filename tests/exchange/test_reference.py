"""Compiled reference tables: equipment, coalitions, stated requirements, PURL packages, memberships."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from nsatu.catalogue.models import AmmunitionFamily, ItemType
from nsatu.flows.models import Flow
from nsatu.flows.valuation import flow_valuation
from nsatu.parties.models import Coalition, Membership
from nsatu.sources.models import ImportIssue
from tests.exchange.conftest import csv_rows

EQUIPMENT = "reference/equipment_types.csv"
REQUIREMENTS = "reference/stated_requirements.csv"


def test_equipment_types_with_families_and_aliases(run_import, data_dir):
    result = run_import("equipment")
    rows = csv_rows(data_dir / EQUIPMENT)
    assert ItemType.objects.count() == len(rows) == result.created == 67
    m777 = ItemType.objects.get(name="M777")
    assert (
        m777.category,
        m777.capability_area,
        m777.standard,
        m777.calibre_mm,
        m777.origin_country,
    ) == ("howitzer_towed", "artillery", "NATO", Decimal("155"), "USA")
    assert list(m777.ammunition_families.values_list("name", flat=True)) == ["155mm NATO"]
    assert "UFH/M-777 155mm" in m777.aliases and "M777 howitzer" in m777.aliases
    assert m777.source_url.startswith("https://www.army.mil/") and m777.source_row == 2
    f16 = ItemType.objects.get(name="F-16 (AM/BM, C/D)")
    assert set(f16.ammunition_families.values_list("name", flat=True)) == {
        "AIM-120 AMRAAM",
        "AIM-9 Sidewinder",
    }
    gmlrs = ItemType.objects.get(name="GMLRS")
    assert (
        gmlrs.provides_family.name == "227mm GMLRS/ATACMS"
        and not gmlrs.ammunition_families.exists()
    )
    family = AmmunitionFamily.objects.get(name="155mm NATO")
    assert (family.calibre_mm, family.standard) == (Decimal("155"), "NATO")
    assert AmmunitionFamily.objects.get(name="12.7mm/.50 BMG").calibre_mm == Decimal("12.7")
    assert "Barrel length: 52 calibres" in ItemType.objects.get(name="PzH 2000").notes


def test_equipment_adopts_an_item_another_import_created(run_import, data_dir):
    ItemType.objects.create(name="M777", category="towed gun")
    run_import("equipment")
    assert ItemType.objects.filter(name="M777").get().category == "howitzer_towed"
    assert ItemType.objects.count() == 67


def test_coalitions_and_udcg_memberships(run_import):
    run_import("coalitions")
    assert Coalition.objects.count() == 13
    assert Coalition.objects.filter(udcg=True).count() == 9
    drones = Coalition.objects.get(name="Drone Coalition")
    assert sorted(drones.leads.values_list("code", flat=True)) == ["GBR", "LVA"]
    assert (
        drones.members.count() == 20
        and drones.established == "2024-02"
        and drones.capability_area == "drones"
    )
    willing = Coalition.objects.get(name__startswith="Coalition of the Willing")
    assert not willing.udcg and sorted(willing.members.values_list("code", flat=True)) == [
        "FRA",
        "GBR",
    ]
    lva = Membership.objects.get(party__code="LVA", group="UDCG")
    it = Coalition.objects.get(name="IT Coalition")  # Sep 2023, before the drone coalition it leads
    assert (lva.source_url, lva.since, lva.source_row) == (it.source_url, 2023, it.source_row)
    gbr = Membership.objects.get(party__code="GBR", group="UDCG")
    assert gbr.since == 2023  # maritime coalition, Dec 2023, before the drone coalition
    # the Czech ammunition initiative is not a contact-group coalition: Portugal is only in that and the F-16 one
    assert not Membership.objects.filter(party__code="PRT", group="UDCG").exists()


def test_purl_flows(run_import):
    result = run_import("purl")
    netherlands = Flow.objects.get(source_row=2)
    assert (netherlands.source.code, netherlands.destination.code, netherlands.kind) == (
        "NLD",
        "PURL",
        "money",
    )
    assert (netherlands.amount, netherlands.currency, netherlands.amount_eur) == (
        Decimal("500000000"),
        "EUR",
        Decimal("500000000"),
    )
    canada = Flow.objects.get(source_row=16)
    expected = flow_valuation(amount=Decimal("200000000"), currency="CAD", on=dt.date(2025, 12, 3))
    assert canada.amount_eur == expected["amount_eur"] and canada.eur_rate == expected["eur_rate"]
    nordic = Flow.objects.filter(source_row=3)
    assert sorted(nordic.values_list("source__code", flat=True)) == ["DNK", "NOR", "SWE"]
    assert all(f.amount is None and "500,000,000" in f.description for f in nordic)
    lithuania = Flow.objects.get(source_row=7)
    assert (lithuania.date, lithuania.date_precision) == (dt.date(2025, 8, 1), "month")
    assert Flow.objects.get(source_row=9).amount is None  # Luxembourg: amount not stated
    notes = ImportIssue.objects.filter(dataset__key="purl", severity="info")
    assert sorted(notes.values_list("row", flat=True)) == [3, 9, 11, 12, 14, 15]
    assert result.created == Flow.objects.count() == 28
    # the joint packages are not summed per nation: only single-contributor rows carry an amount
    assert Flow.objects.filter(amount__isnull=False).count() == 9


def test_memberships(run_import):
    run_import("memberships")
    counts = {g: Membership.objects.filter(group=g).count() for g in ("NATO", "EU", "G7")}
    assert counts == {"NATO": 32, "EU": 27, "G7": 7}
    sweden = Membership.objects.get(party__code="SWE", group="NATO")
    assert (
        sweden.since == 2024
        and sweden.source_url == "https://www.nato.int/cps/en/natohq/topics_52044.htm"
    )
    assert sweden.dataset.key == "memberships" and sweden.source_row > 1
    assert Membership.objects.get(party__code="CAN", group="G7").since == 1976
