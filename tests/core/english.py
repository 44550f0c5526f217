"""The project's own English on a page shown in Ukrainian (issue #16, point 5).

Every msgid of nsatu's catalogues that Ukrainian words differently, of two words or more, is a phrase nobody
should read on a Ukrainian page: finding one means a string not marked for translation, or rendered outside
the active language (computed at import, a lazy string forced too early, a label map built once). Shared by
the page sweep (tests/core/test_ukrainian_pages.py) and the browser test (tests/browser/test_ukrainian.py).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from scripts.messages import catalogues, entries
from tests.security.labels import visible_text

# What a template or Python string puts in place of a value: `%(name)s`, `%s`, `{name}`, `{{ x }}`.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfir]|%[sdfir]|\{\{?[^{}]*\}?\}")
TAG = re.compile(r"<[^>]+>")
# Spaces collapse; a no-break space stays, as the thousands separator of Ukrainian figures.
SPACE = re.compile(r"[ \t\r\n\f\v]+")
# Attributes a person reads too: a field's placeholder, a tooltip, a screen reader's label, an image's text.
READ_ATTRIBUTES = re.compile(
    r"""\s(?:placeholder|title|aria-label|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I
)
JSON_BLOCK = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.S)
# The least of a fragment between two placeholders worth looking for: shorter pieces ("of the", "in") are
# ordinary English inside data, not a sign of an untranslated string.
FRAGMENT_WORDS = 3
# Text nsatu itself writes into a record (the planning engine's explanation of a plan line): worded for the
# reader when shown, so not data.
WORDED_BY_NSATU = {("planning.PlanLine", "reason")}
# Around a phrase, how much more of a stored value must the page show for the phrase to be that value's words.
EMBEDDED = 20


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z]+", text))


@cache
def phrases() -> frozenset[str]:
    """The English of nsatu's interface: every msgid whose Ukrainian differs, or its longer literal pieces."""
    found: set[str] = set()
    for po in catalogues():
        if not po.exists():
            continue
        for (_context, msgid, _plural), msgstr in entries(po).items():
            if all(s == msgid for s in msgstr):
                continue  # "NATO", "CSV": the same in both languages
            pieces = PLACEHOLDER.split(SPACE.sub(" ", TAG.sub(" ", msgid)))
            whole = len(pieces) == 1
            for piece in pieces:
                piece = piece.strip(" .,:;()—-·")
                if _words(piece) >= (2 if whole else FRAGMENT_WORDS):
                    found.add(piece)
    return frozenset(found)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def readable_text(page: bytes | str) -> str:
    """What a person reads on the page: its text, the read attributes and the words of the charts drawn from
    JSON blocks (legends, axes, tooltips), entities decoded, spaces collapsed."""
    raw = page.encode() if isinstance(page, str) else page
    decoded = raw.decode("utf-8", "replace")
    attributes = [a or b for a, b in READ_ATTRIBUTES.findall(decoded)]
    drawn = [s for block in JSON_BLOCK.findall(decoded) for s in _strings(json.loads(block))]
    return SPACE.sub(
        " ", html.unescape(" | ".join([visible_text(raw), *attributes])) + " | " + " | ".join(drawn)
    )


def stored_texts() -> list[str]:
    """Every text a record holds (names, titles, notes, source labels): data, shown as entered, never translated.
    Choice fields hold codes and are left out, so an untranslated label is not taken for data."""
    found: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("nsatu."):
            continue
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, (models.CharField, models.TextField))
                and not field.choices
                and (model._meta.label, field.name) not in WORDED_BY_NSATU
            ):
                found.update(
                    SPACE.sub(" ", v)
                    for v in model._default_manager.values_list(field.attname, flat=True).distinct()
                    if v and re.search(r"[A-Za-z]{2}", v)
                )
    # The attribution the publishers ask for, shown on the Sources page as they word it.
    attribution = Path(settings.DATA_DIR) / "SOURCES.md"
    if attribution.exists():
        for line in attribution.read_text(encoding="utf-8").splitlines():
            found.update(SPACE.sub(" ", cell).strip() for cell in line.split("|") if cell.strip())
    return sorted(found)


_HOLDING: dict[tuple[int, str], list[str]] = {}


def _is_stored(text: str, start: int, end: int, stored: list[str]) -> bool:
    """Whether the phrase at text[start:end] is part of a stored value the page shows (whole, or cut short
    with an ellipsis, or with at least EMBEDDED characters of it around the phrase)."""
    phrase = text[start:end]
    key = (id(stored), phrase)
    if key not in _HOLDING:
        _HOLDING[key] = [v for v in stored if phrase in v]
    for value in _HOLDING[key]:
        at = value.find(phrase)
        while at >= 0:
            left = 0
            while left < at and start - left > 0 and text[start - left - 1] == value[at - left - 1]:
                left += 1
            right = 0
            tail = len(value) - at - len(phrase)
            while (
                right < tail
                and end + right < len(text)
                and text[end + right] == value[at + len(phrase) + right]
            ):
                right += 1
            whole = left == at and right == tail
            cut = left == at and text[end + right : end + right + 1] in ("…", ".")
            if whole or cut or left + right >= EMBEDDED:
                return True
            at = value.find(phrase, at + 1)
    return False


def english_in(page: bytes | str, stored: list[str] | None = None) -> list[str]:
    """Each English phrase of the project found as a whole phrase, with a little of its context; a phrase that
    is part of a stored value (`stored`, from stored_texts) is data, not interface."""
    text = readable_text(page)
    hits = []
    for phrase in sorted(phrases(), key=len, reverse=True):
        start = text.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or after.isalnum()) and not (
                stored and _is_stored(text, start, end, stored)
            ):
                hits.append(f"{phrase!r} in ...{text[max(0, start - 40) : end + 40]}...")
                # A longer phrase found covers its shorter pieces: blank it out.
                text = text[:start] + " " * len(phrase) + text[end:]
                break
            start = text.find(phrase, start + 1)
    return hits


ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")


def iso_dates_in(page: bytes | str, stored: list[str]) -> list[str]:
    """Dates written 2026-12-07 where a Ukrainian reads 07.12.2026 (a date inside stored words is data)."""
    text = readable_text(page)
    return [
        f"ISO date {m.group()!r} in ...{text[max(0, m.start() - 40) : m.end() + 40]}..."
        for m in ISO_DATE.finditer(text)
        if not any(m.group() in value for value in stored)
    ]
