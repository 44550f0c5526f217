"""Names with letters outside ASCII read as the source spells them, though the Oryx scrape turned those letters
into spaces; a database imported before the repair is corrected by the re-import, once."""

from __future__ import annotations

import re

import pytest

from nsatu.catalogue.models import ItemType
from nsatu.exchange.oryx import oryx_name, scrape_damage
from nsatu.pledges.models import Pledge
from nsatu.sources.models import ImportIssue
from tests.exchange.conftest import csv_rows

ORYX = "oryx/oryx_donated_vehicles_jasonwu00.csv"
# As Oryx's list spells them; the shipped file has "120mm Panzerm rser M113" and "155mm T-155 F rt na".
SOURCE_SPELLINGS = ("120mm Panzermörser M113", "155mm T-155 Fırtına", "122mm 2S1 Goździk")
# What the scrape leaves of a word: a lone letter or a run of spaces where a letter was.
DAMAGE = re.compile(r"(?<![\w)-])[A-Za-z] (?=[a-z])|\s{2}")


def _line_of(data_dir, damaged: str) -> int:
    return next(line for line, row in csv_rows(data_dir / ORYX) if row["vehicle_name"] == damaged)


def _imported_names() -> list[str]:
    pledges = Pledge.objects.filter(dataset__key="oryx").select_related("item_type")
    return [
        text
        for p in pledges
        for text in (p.description, p.item_type.name if p.item_type else "")
        if text
    ]


def test_the_shipped_file_carries_the_damage(data_dir):
    names = {row["vehicle_name"] for _line, row in csv_rows(data_dir / ORYX)}
    assert {"120mm Panzerm rser M113", "155mm T-155 F rt na"} <= names
    assert "120mm Panzermörser M113" not in names


@pytest.mark.parametrize("spelling", SOURCE_SPELLINGS)
def test_a_damaged_name_reads_as_the_source_spells_it(spelling):
    assert oryx_name(scrape_damage(spelling)) == spelling


def test_a_name_without_damage_is_left_alone():
    assert oryx_name(" Osa-AKM-P1 Żądło ") == "Osa-AKM-P1 Żądło"
    assert oryx_name("Quantix  Recon") == "Quantix Recon"
    assert oryx_name("120mm Panzerm rser M114") == "120mm Panzerm rser M114"


def test_the_import_names_panzermoerser_and_firtina(run_import, data_dir):
    run_import("oryx")
    for spelling in SOURCE_SPELLINGS[:2]:
        pledge = Pledge.objects.select_related("item_type").get(
            dataset__key="oryx", source_row=_line_of(data_dir, scrape_damage(spelling))
        )
        assert pledge.description == spelling
        assert pledge.item_type is not None and pledge.item_type.name == spelling


def test_no_imported_name_keeps_the_damage(run_import, data_dir):
    run_import("equipment")
    run_import("oryx")
    # The restored spelling still finds the catalogue's entry through its alias.
    gozdzik = Pledge.objects.select_related("item_type").get(
        dataset__key="oryx", source_row=_line_of(data_dir, "122mm 2S1 Go dzik")
    )
    assert (gozdzik.description, gozdzik.item_type.name) == ("122mm 2S1 Goździk", "2S1 Gvozdika")
    names = _imported_names()
    assert len(names) > 500
    damaged = {scrape_damage(s) for s in SOURCE_SPELLINGS}
    assert not damaged & set(names)
    assert not ItemType.objects.filter(name__in=damaged).exists()
    # The pattern itself, independent of the list of spellings: none of the imported names shows it.
    assert [n for n in names if DAMAGE.search(n)] == []


def test_the_reimport_corrects_a_database_imported_before_the_repair(run_import, data_dir):
    run_import("oryx")
    line = _line_of(data_dir, "120mm Panzerm rser M113")
    pledge = Pledge.objects.get(dataset__key="oryx", source_row=line)
    item = pledge.item_type
    assert item is not None
    # As the import before the repair left them.
    ItemType.objects.filter(pk=item.pk).update(name="120mm Panzerm rser M113")
    Pledge.objects.filter(pk=pledge.pk).update(description="120mm Panzerm rser M113")

    run_import("oryx")
    pledge.refresh_from_db()
    item.refresh_from_db()
    assert (pledge.description, pledge.item_type_id) == ("120mm Panzermörser M113", item.pk)
    assert item.name == "120mm Panzermörser M113"
    assert not ItemType.objects.filter(name__contains="Panzerm rser").exists()

    again = run_import("oryx")
    assert again.created == again.updated == 0
    item.refresh_from_db()
    assert item.name == "120mm Panzermörser M113"


def test_each_restored_name_is_reported_on_its_row(run_import, data_dir):
    run_import("oryx")
    notes = dict(
        ImportIssue.objects.filter(dataset__key="oryx", column="vehicle_name").values_list(
            "row", "reason"
        )
    )
    line = _line_of(data_dir, "155mm T-155 F rt na")
    assert "155mm T-155 Fırtına" in notes[line]
    assert len(notes) == 5  # four names with lost letters, one with a lost character beside a space
