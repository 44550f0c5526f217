"""Who a sentence names: countries by name, demonym, capital or institution, and the organisations that pledge.

Names come from pycountry (ISO 3166: short, common and official names) plus the spellings news actually uses
("the US", "Britain", "the Netherlands"). Demonyms and capitals are a table here, because no maintained package
ships them. Matching is case-sensitive on purpose: "US" is a country, "us" a pronoun.
Collective subjects ("allies", "NATO members") name no donor and are reported as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

RECIPIENT = "UKR"
# The other side of the war: its losses and its spending are never aid to Ukraine.
OTHER_SIDE = frozenset({"RUS", "BLR", "IRN", "PRK"})

_EXTRA_NAMES = {
    "US": "USA",
    "U.S.": "USA",
    "U.S.A.": "USA",
    "USA": "USA",
    "United States": "USA",
    "America": "USA",
    "UK": "GBR",
    "U.K.": "GBR",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "United Kingdom": "GBR",
    "Netherlands": "NLD",
    "Holland": "NLD",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Russia": "RUS",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Turkiye": "TUR",
    "Iran": "IRN",
    "Moldova": "MDA",
    "Slovak Republic": "SVK",
    "North Macedonia": "MKD",
    "Taiwan": "TWN",
    "Vietnam": "VNM",
    "Syria": "SYR",
    "Laos": "LAO",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
}
_DEMONYMS = {
    "American": "USA",
    "German": "DEU",
    "British": "GBR",
    "French": "FRA",
    "Polish": "POL",
    "Norwegian": "NOR",
    "Dutch": "NLD",
    "Danish": "DNK",
    "Swedish": "SWE",
    "Finnish": "FIN",
    "Canadian": "CAN",
    "Italian": "ITA",
    "Spanish": "ESP",
    "Portuguese": "PRT",
    "Belgian": "BEL",
    "Czech": "CZE",
    "Slovak": "SVK",
    "Estonian": "EST",
    "Latvian": "LVA",
    "Lithuanian": "LTU",
    "Romanian": "ROU",
    "Bulgarian": "BGR",
    "Greek": "GRC",
    "Turkish": "TUR",
    "Japanese": "JPN",
    "Australian": "AUS",
    "Ukrainian": "UKR",
    "Russian": "RUS",
    "Hungarian": "HUN",
    "Croatian": "HRV",
    "Slovenian": "SVN",
    "Austrian": "AUT",
    "Swiss": "CHE",
    "Irish": "IRL",
    "Luxembourgish": "LUX",
    "Icelandic": "ISL",
    "Albanian": "ALB",
    "Montenegrin": "MNE",
    "Macedonian": "MKD",
    "South Korean": "KOR",
    "North Korean": "PRK",
    "Belarusian": "BLR",
    "Iranian": "IRN",
    "New Zealand": "NZL",
    "Israeli": "ISR",
    "Georgian": "GEO",
    "Moldovan": "MDA",
    "Chinese": "CHN",
    "Indian": "IND",
}
_CAPITALS = {
    "Washington": "USA",
    "Berlin": "DEU",
    "London": "GBR",
    "Paris": "FRA",
    "Warsaw": "POL",
    "Oslo": "NOR",
    "The Hague": "NLD",
    "Copenhagen": "DNK",
    "Stockholm": "SWE",
    "Helsinki": "FIN",
    "Ottawa": "CAN",
    "Rome": "ITA",
    "Madrid": "ESP",
    "Lisbon": "PRT",
    "Prague": "CZE",
    "Bratislava": "SVK",
    "Tallinn": "EST",
    "Riga": "LVA",
    "Vilnius": "LTU",
    "Bucharest": "ROU",
    "Sofia": "BGR",
    "Athens": "GRC",
    "Ankara": "TUR",
    "Tokyo": "JPN",
    "Canberra": "AUS",
    "Kyiv": "UKR",
    "Kiev": "UKR",
    "Moscow": "RUS",
    "Budapest": "HUN",
    "Vienna": "AUT",
    "Bern": "CHE",
    "Dublin": "IRL",
    "Reykjavik": "ISL",
    "Minsk": "BLR",
    "Tehran": "IRN",
    "Pyongyang": "PRK",
    "Seoul": "KOR",
    "Wellington": "NZL",
}
_INSTITUTIONS = {
    "Pentagon": "USA",
    "DOD": "USA",
    "DoD": "USA",
    "Defense Department": "USA",
    "U.S. Department of Defense": "USA",
    "White House": "USA",
    "State Department": "USA",
    "Department of Defense": "USA",
    "Biden administration": "USA",
    "Trump administration": "USA",
    "Kremlin": "RUS",
    "Bundeswehr": "DEU",
    "Downing Street": "GBR",
    "Élysée": "FRA",
}
_ORGANISATIONS = {
    "European Union": "EU",
    "EU": "EU",
    "European Commission": "EU",
    "European Council": "EU",
    "NATO": "NATO",
    "North Atlantic Treaty Organization": "NATO",
}
_COLLECTIVE = re.compile(
    r"\b(?:allies|allied (?:countries|nations|states)|NATO (?:members?|member states|countries|nations|allies)"
    r"|member (?:states|countries)|Western (?:states|countries|allies|partners)|partners|donors"
    r"|(?:several|many|other|some|\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|dozens of)"
    r" (?:(?:EU|NATO|European|Nordic|Baltic|Western|partner|allied|member|donor)\s+(?:and\s+(?:EU|NATO)\s+)?)?"
    r"(?:countries|nations|states|allies)|the alliance)\b",
    re.IGNORECASE,
)
# A capital right after these words is a place ("the summit in Washington"), not a government.
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|to|from|near|outside|via|visit to|visited|trip to)\s+$", re.IGNORECASE
)


@dataclass(frozen=True)
class PartyMention:
    code: str
    start: int
    end: int
    text: str
    how: str  # name, demonym, capital, institution, organisation
    possessive: bool = False


def _country_names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                names[value] = country.alpha_3
    names.update(_EXTRA_NAMES)
    return names


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    forms: dict[str, tuple[str, str]] = {}
    for text, code in _country_names().items():
        forms[text] = (code, "name")
    for table, how in (
        (_DEMONYMS, "demonym"),
        (_CAPITALS, "capital"),
        (_INSTITUTIONS, "institution"),
        (_ORGANISATIONS, "organisation"),
    ):
        for text, code in table.items():
            forms.setdefault(text, (code, how))
    alternatives = "|".join(re.escape(text) for text in sorted(forms, key=len, reverse=True))
    # A dotted abbreviation ("U.S.") ends in a full stop, so the right boundary is "not a word character".
    pattern = re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)")
    return pattern, forms


def find_parties(text: str) -> list[PartyMention]:
    pattern, forms = _table()
    found: list[PartyMention] = []
    groups = [(m.start(), m.end()) for m in _COLLECTIVE.finditer(text)]
    for match in pattern.finditer(text):
        if any(start <= match.start() < end for start, end in groups):
            continue  # "NATO members", "NATO countries": a group, not NATO itself
        if text[max(0, match.start() - 4) : match.start()].lower() == "non-":
            continue  # "the biggest non-NATO contributors": the words exclude the party
        code, how = forms[match.group(0)]
        if how == "capital" and _PLACE_BEFORE.search(
            text[max(0, match.start() - 20) : match.start()]
        ):
            continue
        tail = text[match.end() : match.end() + 2]
        found.append(
            PartyMention(
                code=code,
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                how=how,
                possessive=tail in ("'s", "’s"),
            )
        )
    return found


def collective_subject(text: str) -> str | None:
    """The collective subject a sentence names ("allies", "NATO members"), if any; "together with other allies"
    names companions, not the subject."""
    from nsatu.engine.intake.cues import GIVER_ASIDE

    for match in _COLLECTIVE.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        # "Australia, one of Ukraine's largest donors, …": an apposition ranks the subject, it is not the subject.
        if not GIVER_ASIDE.search(before) and not re.search(r"\bone of\b", before, re.IGNORECASE):
            return match.group(0)
    return None


# A party after these words is not the subject: "in cooperation with Sweden", "at NATO headquarters".
_NOT_SUBJECT_BEFORE = re.compile(
    r"\b(?:with|at|in|to|from|of|for|via|against|by|into|than|like|on|toward|towards)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


# "The Prime Minister of Sweden announced", "the Government of Norway": the office speaks for its country.
_OFFICE_OF_BEFORE = re.compile(
    r"\b(?:prime minister|president|government|cabinet|ministry(?: of \w+)?|minister(?: of \w+)?|chancellor"
    r"|kingdom|republic|embassy|parliament)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def subject_position(text: str, party: PartyMention) -> bool:
    before = text[max(0, party.start - 40) : party.start]
    return bool(_OFFICE_OF_BEFORE.search(before)) or not _NOT_SUBJECT_BEFORE.search(before[-25:])


def sentence_subject(text: str, parties: list[PartyMention], recipient: str) -> PartyMention | None:
    """The donor a sentence is about: the last fit party before its first pledge verb, else the first one."""
    from nsatu.engine.intake.cues import PLEDGE_VERB

    fit = [
        p
        for p in parties
        if p.code != recipient
        and p.code not in OTHER_SIDE
        and not p.possessive
        and subject_position(text, p)
    ]
    if not fit:
        return None
    verb = PLEDGE_VERB.search(text)
    before = [p for p in fit if verb is not None and p.end <= verb.start()]
    return before[-1] if before else fit[0]


def main_party(text: str, *, recipient: str = RECIPIENT) -> str | None:
    """The donor an article is about, when one party clearly dominates its mentions (two in three)."""
    counts: dict[str, int] = {}
    for p in find_parties(text):
        if p.code != recipient and p.code not in OTHER_SIDE and p.code != "NATO":
            counts[p.code] = counts.get(p.code, 0) + 1
    if not counts:
        return None
    code, n = max(counts.items(), key=lambda item: item[1])
    return code if n >= 2 and n * 3 >= 2 * sum(counts.values()) else None
