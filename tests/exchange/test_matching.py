"""nsatu/exchange/matching.py: one item type for the Kiel, SIPRI and Oryx spellings of the same equipment."""

from __future__ import annotations

import pytest

from nsatu.catalogue.models import CapabilityArea, ItemType
from nsatu.engine.designations import is_munition, name_keys
from nsatu.exchange.matching import ItemMatcher, capability_area_for


def test_keys_ignore_case_punctuation_spaces_and_accents():
    assert name_keys("Leopard-2A4")[0] == name_keys("leopard 2a4")[0] == "leopard2a4"
    assert name_keys("M-1A1 Abrams")[0] == name_keys("M1A1 Abrams'")[0]
    assert name_keys("Osa-AKM-P1 Żądło")[0] == "osaakmp1zadlo"


def test_second_key_drops_calibre_and_generic_words():
    assert name_keys("155mm PzH 2000") == ["155mmpzh2000", "pzh2000"]
    assert name_keys("CAESAR artillery howitzer")[-1] == "caesar"
    assert name_keys("Iris-T SLM air defence system")[-1] == "iristslm"


@pytest.mark.parametrize(
    ("category", "munition"),
    [
        ("SAM", True),
        ("portable SAM", True),
        ("ABM missile", True),
        ("guided rocket", True),
        ("missile", True),
        ("SAM system", False),
        ("mobile SAM system", False),
        ("multiple rocket launcher", False),
        ("Air Defense", False),
        ("loitering munition", False),
        ("Surface-To-Air Missile Systems", False),
        ("Air-To-Ground Weaponry", True),
        ("sam_system", False),
        ("howitzer_towed", False),
    ],
)
def test_munition_or_platform(category, munition):
    assert is_munition(category) is munition


@pytest.mark.parametrize(
    ("name", "category", "area"),
    [
        ("RM-70 Vampire 122mm", "multiple rocket launcher", CapabilityArea.ARTILLERY),
        (
            "ARTHUR Counter-Battery Radar",
            "Cargo Drones",
            CapabilityArea.ARTILLERY,
        ),  # Oryx's wrong category
        ("Leopard 2R Mine-Clearing Tank", "Cargo Drones", CapabilityArea.DEMINING),
        ("Black Hornet", "Reconnaissance UAVs", CapabilityArea.DRONES),
        ("FV104 Samaritan", "Armored Personnel Carriers", CapabilityArea.ARMOUR),  # not 'SAM'
        (
            "120mm Alakran Mortar On Toyota Land Cruisers",
            "Towed Artillery",
            CapabilityArea.ARTILLERY,
        ),
        ("Mi-8MT", "Helicopters", CapabilityArea.AIR_FORCE),
        ("Ground Surveillance Radar", "Cargo Drones", CapabilityArea.OTHER),
        ("Whatever", "", CapabilityArea.OTHER),
    ],
)
def test_capability_area_rules(name, category, area):
    assert capability_area_for(name, category) == area


@pytest.fixture
def catalogue(db) -> dict[str, ItemType]:
    return {
        "m777": ItemType.objects.create(
            name="M777", category="howitzer_towed", aliases=["M777 howitzer", "UFH/M-777 155mm"]
        ),
        "iris": ItemType.objects.create(
            name="IRIS-T SLM", category="sam_system", aliases=["IRIS-T SL"]
        ),
    }


def test_kiel_sipri_and_oryx_spellings_find_one_item(catalogue):
    matcher = ItemMatcher()
    assert matcher.match("M777 howitzer", "Howitzers") == catalogue["m777"]  # Kiel
    assert matcher.match("UFH/M-777 155mm", "towed gun") == catalogue["m777"]  # SIPRI
    assert matcher.match("155mm M777", "Towed Artillery") == catalogue["m777"]  # Oryx
    assert matcher.match("M109 155mm howitzer", "Howitzers") is None


def test_missiles_do_not_match_their_launcher(catalogue):
    from nsatu.sources.models import Dataset

    dataset = Dataset.objects.create(key="sipri", title="SIPRI")
    matcher = ItemMatcher()
    assert matcher.match("IRIS-T SL", "SAM system") == catalogue["iris"]
    missile = matcher.get_or_create("IRIS-T SLM", "SAM", dataset=dataset, source_row=3)
    assert missile != catalogue["iris"]
    assert missile.name == "IRIS-T SLM (SAM)"
    # A second row, and a fresh matcher on the next import, find the same new entry instead of a third one.
    assert matcher.get_or_create("IRIS-T SLM", "SAM", dataset=dataset, source_row=9) == missile
    assert ItemMatcher().match("IRIS-T SLM", "SAM") == missile


def test_miss_creates_one_item_with_source_category_and_area(catalogue):
    from nsatu.sources.models import Dataset

    dataset = Dataset.objects.create(key="oryx", title="Oryx")
    matcher = ItemMatcher()
    first = matcher.get_or_create("D-30 howitzer", "Howitzers", dataset=dataset, source_row=5)
    again = matcher.get_or_create("D-30 Howitzer", "Howitzers", dataset=dataset, source_row=6)
    assert first == again
    assert (first.category, first.capability_area, first.standard, first.source_row) == (
        "Howitzers",
        CapabilityArea.ARTILLERY,
        "",
        5,
    )
    assert ItemType.objects.filter(dataset=dataset).count() == 1
