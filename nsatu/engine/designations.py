"""Equipment designations as the sources spell them, reduced to comparable keys, and told apart as munitions
or platforms. Pure text rules: the importers match with them (nsatu.exchange.matching) and the fleet
analysis classifies with them."""

from __future__ import annotations

import re
import unicodedata

_GENERIC = re.compile(
    r"\b(?:self[- ]propelled|towed|howitzers?|artillery|systems?|air[- ]defen[cs]e|anti[- ]air|"
    r"missile defen[cs]e|batter(?:y|ies)|weapons?|multiple rocket launchers?|infantry (?:fighting )?vehicles?|"
    r"combat vehicles?|tanks?)\b"
)
_CALIBRE = re.compile(r"\b\d+(?:\.\d+)?\s*mm\b")

# Loitering munitions count as drones (platforms) here, as in the reference table.
_MUNITION_WORDS = (
    "missile",
    "sam",
    "guided",
    "bomb",
    "shell",
    "rocket",
    "aam",
    "weaponry",
    "ammunition",
)
_PLATFORM_WORDS = (
    "system",
    "launcher",
    "radar",
    "gun",
    "battery",
    "vehicle",
    "aircraft",
    "helicopter",
)
_MUNITION_CATEGORIES = {"missile", "ammunition"}


# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i"})


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    return "".join(c for c in text if not unicodedata.combining(c))


def compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


def name_keys(text: str) -> list[str]:
    """The keys a name is known by: as written, then without calibre and generic words."""
    folded = fold(text).replace("*", " ")
    stripped = _GENERIC.sub(" ", _CALIBRE.sub(" ", folded))
    keys = []
    for candidate in (compact(folded), compact(stripped)):
        if len(candidate) >= 2 and candidate not in keys:
            keys.append(candidate)
    return keys


def is_munition(category: str) -> bool:
    """Whether a source category or catalogue category describes ammunition/missiles rather than a platform."""
    cat = fold(category).replace("_", " ")
    if cat in _MUNITION_CATEGORIES:
        return True
    if any(w in cat for w in _PLATFORM_WORDS):
        return False
    return any(re.search(rf"\b{w}", cat) for w in _MUNITION_WORDS)
