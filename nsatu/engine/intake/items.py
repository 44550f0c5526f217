"""Equipment named in a sentence, matched to the catalogue, and the number in front of it.

The catalogue comes in as plain data (ItemEntry: id, name, aliases), so the engine never reads the database.
Names are compared by key: lower case, letters and digits only ("Leopard-2A4" = "Leopard 2A4"), a plural "s"
dropped. A name's variants are added too: each side of "A / B", the part before a parenthesis and the part
inside it ("Patriot (MIM-104)" -> "Patriot", "MIM-104"). A family word that begins several names ("Leopard")
is reported as ambiguous, with its candidates, for the reviewer to choose.
Generic nouns ("tanks", "artillery shells") are recognised without a catalogue entry, so "40 tanks" is still a
claim, described in the source's words.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

GENERIC_NOUNS = (
    "main battle tanks",
    "tanks",
    "self-propelled howitzers",
    "howitzers",
    "artillery systems",
    "artillery pieces",
    "armoured vehicles",
    "armored vehicles",
    "armoured personnel carriers",
    "armored personnel carriers",
    "infantry fighting vehicles",
    "fighting vehicles",
    "drones",
    "UAVs",
    "unmanned aerial vehicles",
    "artillery shells",
    "artillery rounds",
    "shells",
    "rounds of ammunition",
    "rounds",
    "missiles",
    "air defence systems",
    "air defense systems",
    "air defence batteries",
    "air defense batteries",
    "fighter jets",
    "jets",
    "aircraft",
    "helicopters",
    "radars",
    "rifles",
    "machine guns",
    "mortars",
    "multiple rocket launchers",
    "rocket launchers",
    "launchers",
    "ambulances",
    "trucks",
    "vehicles",
    "boats",
    "patrol boats",
    "generators",
    "anti-tank weapons",
    "anti-tank missiles",
    "mines",
    "demining machines",
    "satellite terminals",
    "artillery ammunition",
    "ammunition",
    "MANPADS",
    "guided missiles",
    "grenade launchers",
    "detection systems",
    "electronic warfare systems",
    "unmanned systems",
    "unmanned system",
    "warheads",
    "mine detectors",
    "detectors",
    "interceptors",
    "air defense systems",
    "anti-aircraft guns",
    "armoured vehicles",
    "mine-resistant vehicles",
    "mine resistant vehicles",
    "MRAP vehicles",
    "MRAPs",
    "armored recovery vehicles",
    "armoured recovery vehicles",
    "recovery vehicles",
    "repair vehicles",
    "excavators",
    "engineering vehicles",
    "first aid kits",
    "assault rifles",
    "precision rifles",
    "sniper rifles",
    "surface drones",
    "naval drones",
    "reconnaissance drones",
    "counter-drone systems",
    "anti-drone systems",
    "air surveillance radars",
    "ground surveillance radars",
    "tactical vehicles",
    "all-terrain vehicles",
    "mortar rounds",
    "mortar bombs",
    "artillery rounds",
    "rounds of artillery ammunition",
    "munitions",
    "cluster munitions",
    "air defence munitions",
    "air defense munitions",
    "air-defense munitions",
    "air defence missiles",
    "air defense missiles",
    "anti-aircraft missiles",
    "tank ammunition",
    "grenades",
    "hand grenades",
    "rockets",
    "small arms",
    "artillery guns",
    "military boats",
    "trailers",
    "de-mining vehicles",
    "demining vehicles",
    "mine-clearing equipment",
    "mine clearing equipment",
    "demining equipment",
    # A soldier's kit and a unit's field equipment: package lists name them as often as weapons.
    "pistols",
    "carbines",
    "helmets",
    "bulletproof vests",
    "bullet-proof vests",
    "body armour",
    "body armor",
    "night-vision goggles",
    "night vision goggles",
    "night vision devices",
    "sleeping bags",
    "military tents",
    "heated tents",
    "tents",
    "mobile kitchens",
    "field kitchens",
    "diesel generators",
    "winter clothing",
    "uniforms",
)
# Long names the catalogue's short designations stand for: "High Mobility Artillery Rocket Systems" is HIMARS.
LONG_FORMS = {
    "HIMARS": ("High Mobility Artillery Rocket System", "high-mobility artillery rocket system"),
    "NASAMS": (
        "National Advanced Surface-to-Air Missile System",
        "Norwegian Advanced Surface-to-Air Missile System",
    ),
    "MLRS": ("Multiple Launch Rocket System",),
    "ATACMS": ("Army Tactical Missile System",),
    "GMLRS": ("Guided Multiple Launch Rocket System",),
    "MANPADS": ("man-portable air defence system", "man-portable air defense system"),
}
# First words of catalogue names that are also ordinary English words: never a match on their own.
_WEAK_HEADS = frozenset(
    {"storm", "light", "model", "type", "mod", "new", "gun", "shadow", "ghost", "block", "system"}
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a dozen": 12,
    "two dozen": 24,
    "a hundred": 100,
}
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/.]*[A-Za-z0-9]|[A-Za-z0-9]")
_FILLER = (
    r"(?:more|additional|new|extra|modern|modernised|modernized|used|refurbished|upgraded|further|"
    r"older|advanced|self-propelled|towed|[A-Z][A-Za-z]+-(?:made|built|designed|produced)|of\s+the|of\s+its|"
    r"units\s+of|pieces\s+of|systems?\s+of)"
)
_NUMBER = (
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?![\d.,])|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million))?"
    r"|(?P<word>" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
)
# The count may stand before a designation: "12 T-155 Firtina howitzers", "14 Type 90 tanks".
_DESIGNATION_WORD = r"(?-i:[A-Z0-9][\w/-]*|[a-z]+-[\w-]+)"
# Describing words between the count and the noun ("18 tactical vehicles"), but never a unit of time or a
# preposition, so "3 years building drones" counts no drones.
_ADJECTIVE = (
    r"(?-i:(?!(?:years?|months?|weeks?|days?|hours?|times|percent|per|of|and|or|to|for|with|in|on|at|the|a|an"
    r"|from|by|than|were|was|are|is|have|has|had|will|would|mm|cm|km|kg|tonnes|tons)\b)[a-z][a-z-]+)"
)
_QUANTITY_BEFORE = re.compile(
    rf"(?:^|[\s(])(?:{_NUMBER})(?:\s+{_FILLER})*(?:\s+{_ADJECTIVE}){{0,2}}(?:\s+{_DESIGNATION_WORD}){{0,3}}"
    r"(?:\s+{_ADJECTIVE}){{0,1}}\s+$".replace("{_ADJECTIVE}", _ADJECTIVE).replace(
        "{{0,1}}", "{0,1}"
    ),
    re.IGNORECASE,
)
# "Two National Advanced Surface-to-Air Missile Systems (NASAMS)": the count stands before the long name.
_QUANTITY_BEFORE_LONG_NAME = re.compile(
    rf"(?:^|[\s(])(?:{_NUMBER})(?:\s+{_FILLER})*(?:\s+{_DESIGNATION_WORD}){{1,7}}\s*\($",
    re.IGNORECASE,
)
_MAX_WORDS = 6
# A model designation: letters and digits together ("M577", "T-72EA", "CV90", "BMP-2"), not a plain number.
_DESIGNATION_TOKEN = re.compile(r"^(?=.*[A-Z])(?=.*\d)[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$")
_ONE_BEFORE = re.compile(r"\b(?:a|an|one) (?:complete|single|entire|whole|full)\s+$", re.IGNORECASE)
# Words after a catalogue name that belong to it ("Leopard 1A5 tanks", "Patriot systems", "IRIS-T fire units").
_TRAILING = re.compile(
    r"\s+(?:armou?red\s+personnel\s+carriers?|infantry\s+fighting\s+vehicles?|self-propelled\s+howitzers?"
    r"|multiple\s+rocket\s+launchers?|(?:anti-tank\s+|air[\s-]defen[cs]e\s+)?missiles?"
    r"|(?:air[\s-]defen[cs]e\s+)?(?:systems?|batter(?:y|ies)|fire\s+units?|units?|launchers?)"
    r"|(?:main\s+)?battle\s+tanks?|tanks?|howitzers?|(?:infantry\s+)?fighting\s+vehicles?|vehicles?"
    r"|fighter\s+jets?|jets?|aircraft|missiles?|drones?|radars?|shells?|rounds?)\b",
    re.IGNORECASE,
)


# A short model number after a family name: "2", "2A6", "90", "1A5".
_MODEL = re.compile(r"^\d{1,3}[A-Z]{0,2}\d{0,2}$")
# A capitalised name right before a number makes the number part of it ("Type 90", "Leopard 2").
_MODEL_BEFORE = re.compile(
    r"(?<![.!?]\s)(?<!^)\b(?!(?:The|A|An|In|On|By|Of|And|Some|About|Over|Nearly|Almost|January|February"
    r"|March|April|May|June|July|August|September|October|November|December)\b)[A-Z][A-Za-z]+\s$"
)
_MILITARY = re.compile(
    r"\b(?:tanks?|howitzers?|artillery|missiles?|rockets?|launchers?|systems?|air[\s-]defen[cs]e|drones?|UAVs?"
    r"|munitions?|ammunition|rounds?|shells?|weapons?|vehicles?|jets?|aircraft|helicopters?|radars?|guns?"
    r"|armou?red|military|infantry|batter(?:y|ies)|interceptors?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ItemEntry:
    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItemMention:
    start: int
    end: int
    text: str
    item_id: int | None  # None: a generic noun, or an ambiguous family word
    item_name: str
    candidates: tuple[str, ...] = ()
    quantity: int | None = None
    quantity_text: str = ""
    generic: bool = False
    family: bool = False  # only the family word ("Leopard"), no model named


def key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def variants(name: str) -> list[str]:
    out = [name]
    without = re.sub(r"\s*\([^)]*\)", "", name).strip()
    inside = re.findall(r"\(([^)]*)\)", name)
    for part in [without, *inside]:
        out.extend(p.strip() for p in part.split("/") if p.strip())
        out.append(part)
    # The distinctive last word of a model designation: "MIM-23 HAWK" -> "HAWK", "M2 Bradley" -> "Bradley".
    last = without.split()[-1] if len(without.split()) > 1 else ""
    if len(last) >= 4 and last[0].isupper() and key(last) not in _WEAK_HEADS:
        out.append(last)
    return [v for v in dict.fromkeys(out) if len(key(v)) >= 2]


@dataclass
class ItemMatcher:
    by_key: dict[str, list[ItemEntry]] = field(default_factory=dict)
    by_head: dict[str, list[ItemEntry]] = field(default_factory=dict)
    generic: dict[str, str] = field(default_factory=dict)
    by_head_key: dict[str, list[ItemEntry]] = field(default_factory=dict)

    @classmethod
    def from_entries(cls, entries: Iterable[ItemEntry]) -> ItemMatcher:
        by_key: dict[str, list[ItemEntry]] = defaultdict(list)
        by_head: dict[str, list[ItemEntry]] = defaultdict(list)
        for entry in entries:
            names = {v for name in (entry.name, *entry.aliases) for v in variants(name)}
            names.update(
                long for short, longs in LONG_FORMS.items() if short in names for long in longs
            )
            for text in names:
                k = key(text)
                if entry not in by_key[k]:
                    by_key[k].append(entry)
                head = text.split()[0]
                # A head must look like a name (capital or digit), e.g. "Leopard", "M109", not "light".
                if (
                    len(text.split()) > 1
                    and len(key(head)) >= 3
                    and key(head) not in _WEAK_HEADS
                    and (head[0].isupper() or head[0].isdigit())
                    and entry not in by_head[head]
                ):
                    by_head[head].append(entry)
        generic = {key(noun): noun for noun in GENERIC_NOUNS}
        # "Iris-T" for "IRIS-T": a family word written in another case.
        by_head_key: dict[str, list[ItemEntry]] = defaultdict(list)
        for head, head_entries in by_head.items():
            for entry in head_entries:
                if entry not in by_head_key[key(head)]:
                    by_head_key[key(head)].append(entry)
        return cls(
            by_key=dict(by_key),
            by_head=dict(by_head),
            generic=generic,
            by_head_key=dict(by_head_key),
        )

    def find(self, text: str) -> list[ItemMention]:
        tokens = [(m.start(), m.end(), m.group(0).rstrip(".")) for m in _TOKEN.finditer(text)]
        found: list[ItemMention] = []
        i = 0
        while i < len(tokens):
            mention, used = self._match_at(text, tokens, i)
            if mention is None:
                i += 1
                continue
            trailing = _TRAILING.match(text, mention.end)
            if trailing is not None:
                mention = ItemMention(
                    mention.start,
                    trailing.end(),
                    text[mention.start : trailing.end()],
                    mention.item_id,
                    mention.item_name,
                    mention.candidates,
                    generic=mention.generic,
                    family=mention.family,
                )
                while i + used < len(tokens) and tokens[i + used][0] < trailing.end():
                    used += 1
            mention = _with_quantity(text, mention)
            if _plausible(text, mention, trailing is not None):
                found.append(mention)
            i += used
        return found

    def _match_at(
        self, text: str, tokens: Sequence[tuple[int, int, str]], i: int
    ) -> tuple[ItemMention | None, int]:
        for n in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            phrase = text[start:end].rstrip(".")
            end = start + len(phrase)
            k = key(phrase)
            for candidate in (
                k,
                k[:-1] if k.endswith("s") else None,
                k[:-2] if k.endswith("es") else None,
            ):
                if not candidate:
                    continue
                entries = self.by_key.get(candidate)
                if entries:
                    if len(entries) == 1:
                        return ItemMention(start, end, phrase, entries[0].id, entries[0].name), n
                    return ItemMention(
                        start, end, phrase, None, "", tuple(sorted(e.name for e in entries))
                    ), n
            if k in self.generic:
                if i > 0 and _names_generic(text, tokens, i - 1):
                    # "M577 armoured vehicles", "T-72EA tanks": a model designation names the generic noun.
                    start = tokens[i - 1][0]
                    phrase = text[start:end]
                    return ItemMention(start, end, phrase, None, phrase), n
                return ItemMention(start, end, phrase, None, "", generic=True), n
        head = tokens[i][2]
        head_entries = (
            self.by_head.get(head)
            or self.by_head.get(head[:-1] if head.endswith("s") else "")
            or (self.by_head_key.get(key(head)) if _designation(head) else None)
        )
        if head_entries:
            start, end = tokens[i][0], tokens[i][0] + len(head)
            used = 1
            # "Leopard 2": the model number names a branch of the family, it counts nothing.
            if i + 1 < len(tokens) and _MODEL.match(tokens[i + 1][2]):
                branch = key(head + tokens[i + 1][2])
                narrowed = [
                    e
                    for e in head_entries
                    if any(key(v).startswith(branch) for v in variants(e.name))
                ]
                if narrowed:
                    head_entries, end, used = narrowed, tokens[i + 1][1], 2
            head = text[start:end]
            family = used == 1
            if len(head_entries) == 1:
                entry = head_entries[0]
                return ItemMention(start, end, head, entry.id, entry.name, family=family), used
            return ItemMention(
                start,
                end,
                head,
                None,
                "",
                tuple(sorted(e.name for e in head_entries)),
                family=family,
            ), used
        return None, 1


# A word before a generic noun that only describes it ("Western tanks", "Soviet-era helicopters").
_NOT_A_NAME = frozenset(
    {
        "western",
        "soviet",
        "soviet-era",
        "european",
        "allied",
        "nato-standard",
        "modern",
        "new",
        "old",
    }
)


def _names_generic(text: str, tokens: Sequence[tuple[int, int, str]], at: int) -> bool:
    """ "M577 armoured vehicles", "MILAN anti-tank missiles", "Brimstone missiles": a model designation, an
    acronym or a capitalised name inside the sentence names the generic noun after it; a country does not."""
    word = tokens[at][2]
    if _DESIGNATION_TOKEN.match(word):
        return True
    if word.lower() in _NOT_A_NAME or _is_party(word):
        return False
    if len(word) >= 3 and word.isalpha() and word.isupper():
        return True  # an acronym: "MILAN", "VAB"
    before = text[max(0, tokens[at][0] - 2) : tokens[at][0]]
    # A capitalised word that opens a sentence or a list item may be any word; inside one it is a name.
    return (
        at > 0
        and word[:1].isupper()
        and word[1:].islower()
        and len(word) >= 4
        and not re.search(r"[.!?:;•\-]\s*$|^\s*$", before)
        and tokens[at - 1][2].lower() not in {"the", "a", "an"}
    )


def _designation(phrase: str) -> bool:
    """ "M777", "IRIS-T", "HIMARS": a model designation is no ordinary word."""
    letters = re.sub(r"[^A-Za-z]", "", phrase)
    return (
        bool(re.search(r"\d", phrase) and letters)
        or "-" in phrase
        or (len(letters) >= 3 and letters.isupper())
    )


def _plausible(text: str, mention: ItemMention, trailing: bool) -> bool:
    """A catalogue name counts only as equipment: never a country, a bare number or a common word alone."""
    if mention.generic:
        return True
    phrase = mention.text
    core = re.sub(_TRAILING.pattern + "$", "", phrase, flags=re.IGNORECASE).strip() or phrase
    if not re.search(r"[A-Za-z]", core) or _is_party(core):
        return False
    if _designation(core):
        return True
    if not core[0].isupper():
        return False
    if trailing or mention.quantity is not None:
        return True
    if mention.family and not core.endswith("s"):
        return False  # "the Black Sea": a family word alone needs a count or a noun after it
    window = text[max(0, mention.start - 60) : mention.end + 60]
    return bool(_MILITARY.search(window))


def _is_party(phrase: str) -> bool:
    from nsatu.engine.intake.parties import find_parties

    return any(p.start == 0 and p.end == len(phrase) for p in find_parties(phrase))


def _with_quantity(text: str, mention: ItemMention) -> ItemMention:
    window_start = max(0, mention.start - 80)
    match = _QUANTITY_BEFORE.search(text[window_start : mention.start])
    if match is None:
        match = _QUANTITY_BEFORE_LONG_NAME.search(text[window_start : mention.start])
    if match is None:
        # "a complete IRIS-T battery", "a single Patriot system": one named system.
        if not mention.generic and _ONE_BEFORE.search(text[window_start : mention.start]):
            return dataclasses.replace(mention, quantity=1, quantity_text="a")
        return mention
    name_before = (
        _MODEL_BEFORE.search(
            text[max(0, window_start + match.start() - 30) : window_start + match.start() + 1]
        )
        if match.group("num")
        else None
    )
    # "Type 90 tanks": the number belongs to the name before it; but "send Ukraine 14 tanks" names a recipient.
    if name_before is not None and not _is_party(name_before.group(0).strip()):
        return mention
    quantity = parse_quantity(match.group("num"), match.group("scale"), match.group("word"))
    if quantity is None:
        return mention
    return ItemMention(
        mention.start,
        mention.end,
        mention.text,
        mention.item_id,
        mention.item_name,
        mention.candidates,
        quantity,
        match.group(0).strip(" (,;"),
        mention.generic,
        mention.family,
    )


def parse_quantity(number: str | None, scale: str | None, word: str | None) -> int | None:
    if word:
        return _NUMBER_WORDS.get(word.lower())
    if number is None:
        return None
    value = Decimal(number.replace(",", "").replace(" ", ""))
    if scale:
        value *= 1000 if scale.lower() == "thousand" else 1_000_000
    return int(value) if value == value.to_integral_value() else None
