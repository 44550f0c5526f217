"""nsatu/parties/countries.py: the names the sources write resolve to the right ISO code (no database)."""

from __future__ import annotations

import pytest

from nsatu.parties.countries import display_name, is_country_code, iso3_for, party_code_for


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Turkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("South Korea", "KOR"),
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("Macedonia", "MKD"),
        ("North Macedonia", "MKD"),
        ("Bosnia-Herzegovina", "BIH"),
        ("UAE", "ARE"),
        ("UK", "GBR"),
        ("United Kingdom", "GBR"),
        ("USA", "USA"),
        ("United States", "USA"),
        ("Slovak Republic", "SVK"),
        ("Czechia*", "CZE"),
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Taiwan", "TWN"),
        ("Netherlands", "NLD"),
        ("DEU", "DEU"),
        ("  germany ", "DEU"),
    ],
)
def test_source_spellings_resolve_to_iso3(name, code):
    assert iso3_for(name) == code


@pytest.mark.parametrize("name", ["Atlantis", "NONE", "SK", "GER", "", "unknown supplier(s)", "EU"])
def test_unknown_names_and_abbreviations_do_not_resolve(name):
    # Oryx writes 'SK' for South Korea and 'GER' for Germany: guessing would misattribute aid.
    assert iso3_for(name) is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("EU (Commission and Council)", "EU"),
        ("EU", "EU"),
        ("European Union", "EU"),
        ("NATO", "NATO"),
        ("Poland", "POL"),
    ],
)
def test_party_codes_cover_organisations(name, code):
    assert party_code_for(name) == code


def test_world_bank_aggregates_are_not_countries():
    assert is_country_code("DEU")
    for aggregate in ("EUU", "WLD", "EMU", "HIC", "XKX"):
        assert not is_country_code(aggregate)


def test_display_names_are_the_short_ones():
    assert display_name("KOR") == "South Korea"
    assert display_name("TUR") == "Türkiye"
    assert display_name("DEU") == "Germany"
    assert display_name("EU") == "European Union"
