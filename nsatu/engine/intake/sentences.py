"""Sentences with their character offsets in the document, so that every claim points at an exact span.

Lines are split first: headlines, bullet points and captions carry no full stop, and pysbd would glue them to
the next paragraph; only prose wrapped by hand (a line ending mid-sentence, the next going on in lower case) is
joined again. Each line is then split by pysbd's rules (abbreviations such as "U.S." and "Mr." do not end
a sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


# A line that stops mid-sentence ("… during a" / "press briefing …"): the text was wrapped by hand.
_OPEN_END = re.compile(r"[,;(\u2013\u2014-]$|[A-Za-z0-9%)]$")
_CONTINUES = re.compile(r"^[a-z(]")
# A line ending on a word no sentence ends with goes on in the next one, whatever that starts with.
_DANGLING = re.compile(
    r"\b(?:worth|of|the|a|an|and|or|to|for|with|on|in|by|at|from|during|into|than|as|its|their|his|her)$",
    re.IGNORECASE,
)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of lines that belong together: one line each, except hard-wrapped prose, joined up again."""
    blocks: list[tuple[int, int]] = []
    offset = 0
    previous = ""
    for line in text.split("\n"):
        stripped = line.strip()
        end = offset + len(line)
        if (
            stripped
            and blocks
            and previous
            and len(blocks) > 1  # never onto the title line
            and _OPEN_END.search(previous)
            and (_CONTINUES.match(stripped) or previous[-1] in ",;(" or _DANGLING.search(previous))
        ):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((offset, end))
        previous = stripped
        offset = end + 1
    return blocks


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    paragraph = 0
    for start_at, end_at in _blocks(text):
        block = text[start_at:end_at].replace("\n", " ")
        stripped = block.strip()
        if not stripped:
            paragraph += 1
            continue
        base = start_at + (len(block) - len(block.lstrip()))
        for span in _segmenter().segment(stripped):
            chunk: str = span.sent
            lead = len(chunk) - len(chunk.lstrip())
            body = chunk.strip()
            if body:
                start = base + int(span.start) + lead
                sentences.append(
                    Sentence(start=start, end=start + len(body), text=body, paragraph=paragraph)
                )
        paragraph += 1
    return sentences


def headline_end(text: str) -> int:
    """The end of the title line (the first line with words), where a repeated pledge is dropped first."""
    at = 0
    for line in text.split("\n"):
        if len(line.strip()) > 3:
            return at + len(line)
        at += len(line) + 1
    return 0
