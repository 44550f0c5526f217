"""Country names and odd codes from the datasets -> ISO 3166-1 alpha-3, and the short names the interface shows.

pycountry knows the official names; the alias table covers what the sources actually write (Kiel "Turkiye",
SIPRI "Bosnia-Herzegovina" and "UAE", Oryx "Macedonia" and "Czech Republic", NATO "Slovak Republic"...).
Organisations that act as parties (the EU institutions, NATO) have short codes of their own.
Nothing here touches the database, so importers can resolve a whole file before they write anything.
"""

from __future__ import annotations

import unicodedata

import pycountry

# Non-country parties, by code: (name, party kind).
ORGANISATIONS: dict[str, tuple[str, str]] = {
    "EU": ("European Union", "organisation"),
    "NATO": ("North Atlantic Treaty Organization", "organisation"),
    "PURL": ("NATO Prioritised Ukraine Requirements List", "fund"),
    "NSATU": ("NSATU command", "command"),
    "UNKNOWN": ("Unknown supplier(s)", "organisation"),
}

_ORGANISATION_ALIASES = {
    "eu": "EU",
    "european union": "EU",
    "eu (commission and council)": "EU",
    "eu institutions": "EU",
    "nato": "NATO",
    "north atlantic treaty organization": "NATO",
    "purl": "PURL",
}

# What the sources write where pycountry's lookup does not find it; keys are already _key()-normalised.
_ALIASES = {
    "turkiye": "TUR",
    "turkey": "TUR",
    "south korea": "KOR",
    "korea": "KOR",
    "republic of korea": "KOR",
    "korea, rep.": "KOR",
    "north korea": "PRK",
    "czech republic": "CZE",
    "macedonia": "MKD",
    "fyr macedonia": "MKD",
    "bosnia-herzegovina": "BIH",
    "bosnia herzegovina": "BIH",
    "uae": "ARE",
    "u.a.e.": "ARE",
    "uk": "GBR",
    "u.k.": "GBR",
    "great britain": "GBR",
    "britain": "GBR",
    "england": "GBR",
    "us": "USA",
    "u.s.": "USA",
    "usa": "USA",
    "u.s.a.": "USA",
    "united states of america": "USA",
    "america": "USA",
    "russia": "RUS",
    "slovak republic": "SVK",
    "iran": "IRN",
    "taiwan": "TWN",
    "moldova": "MDA",
    "syria": "SYR",
    "vietnam": "VNM",
    "laos": "LAO",
    "holland": "NLD",
    "the netherlands": "NLD",
    "kyrgyz republic": "KGZ",
    "egypt, arab rep.": "EGY",
    "ivory coast": "CIV",
    "cape verde": "CPV",
    "swaziland": "SWZ",
}

# Short names for the interface where pycountry's name is the long official one.
_DISPLAY_NAMES = {
    "KOR": "South Korea",
    "PRK": "North Korea",
    "TUR": "Türkiye",
    "RUS": "Russia",
    "IRN": "Iran",
    "TWN": "Taiwan",
    "MDA": "Moldova",
    "SYR": "Syria",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
    "TZA": "Tanzania",
    "LAO": "Laos",
    "VNM": "Vietnam",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "BIH": "Bosnia and Herzegovina",
    "ARE": "United Arab Emirates",
    "CZE": "Czechia",
    "SVK": "Slovakia",
    "MKD": "North Macedonia",
    "GBR": "United Kingdom",
    "USA": "United States",
    "NLD": "Netherlands",
}


def _key(text: str) -> str:
    # NATO marks some allies with '*' (footnote); Oryx wraps some names in quotes.
    text = text.strip().strip("*'\"").strip()
    return " ".join(text.casefold().split())


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def is_country_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code of a country (not World Bank aggregates such as EUU or WLD)."""
    return (
        len(code) == 3
        and code.isalpha()
        and pycountry.countries.get(alpha_3=code.upper()) is not None
    )


def iso3_for(name: str) -> str | None:
    """ISO alpha-3 of a country named or coded as in the sources, or None when it is not a known country."""
    key = _key(name)
    if not key:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    if _ascii(key) in _ALIASES:
        return _ALIASES[_ascii(key)]
    if len(key) == 2:
        # Two-letter strings in these files are abbreviations ('UK', 'SK' for South Korea in Oryx), not ISO
        # alpha-2 codes; guessing would attach aid to the wrong country.
        return None
    try:
        country = pycountry.countries.lookup(name.strip().strip("*'\"").strip())
    except LookupError:
        return None
    return str(country.alpha_3)


def party_code_for(name: str) -> str | None:
    """The party code for a donor/supplier name: an organisation code (EU, NATO) or a country's ISO alpha-3."""
    key = _key(name)
    if key in _ORGANISATION_ALIASES:
        return _ORGANISATION_ALIASES[key]
    if key.upper() in ORGANISATIONS:
        return key.upper()
    return iso3_for(name)


def display_name(code: str) -> str:
    """The name a party with this code gets when an importer creates it."""
    code = code.upper()
    if code in ORGANISATIONS:
        return ORGANISATIONS[code][0]
    if code in _DISPLAY_NAMES:
        return _DISPLAY_NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)
