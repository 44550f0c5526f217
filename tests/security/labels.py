"""No raw choice code on a page (issue #16, point 4): `at_hub`, `mbt`, `sam_system` are what the database
stores; a person reads "At hub", "Main battle tank". Used by the need-to-know links sweep, which already walks
every page and download as every role, so the check costs no extra requests.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache

from django.apps import apps
from django.db import models

# What a page carries that is not read as text: scripts, styles and every tag with its attributes.
INVISIBLE = re.compile(rb"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)
WORD = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def _looks_raw(code: str, label: str) -> bool:
    """A code a reader would not read as a word: snake_case ("at_hub"), or the initials of its label ("mbt" for
    "Main battle tank"). Plain words ("draft" for "Draft", "summit") and language codes are not."""
    if len(code) <= 2 or not WORD.fullmatch(code):
        return False
    if "_" in code:
        return True
    initials = "".join(w[0] for w in re.findall(r"[a-z0-9]+", label.lower()))
    return code in initials


@cache
def raw_codes() -> frozenset[str]:
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("nsatu."):
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field) or not field.choices:
                continue
            for code, label in field.flatchoices:
                if isinstance(code, str) and _looks_raw(code, str(label)):
                    found.add(code)
    return frozenset(found)


@cache
def _pattern() -> re.Pattern[str]:
    codes = sorted(raw_codes(), key=len, reverse=True)
    return re.compile(r"(?<![\w/.#=-])(" + "|".join(map(re.escape, codes)) + r")(?![\w/.=-])")


def visible_text(html: bytes) -> str:
    return INVISIBLE.sub(b" ", html).decode("utf-8", "replace")


def raw_in_page(html: bytes) -> list[str]:
    """The raw codes a person would read on the page, each with a little of its context."""
    text = visible_text(html)
    return [
        f"{m.group(1)!r} in ...{text[max(0, m.start() - 60) : m.end() + 30]!r}"
        for m in _pattern().finditer(text)
    ]


def raw_in_csv_header(content: bytes) -> list[str]:
    """A download's header row names columns as a person reads them: no snake_case field names."""
    first = content.decode("utf-8-sig", "replace").split("\n", 1)[0]
    header = next(csv.reader(io.StringIO(first)), [])
    return [f"column {name!r}" for name in header if WORD.fullmatch(name) and "_" in name]
