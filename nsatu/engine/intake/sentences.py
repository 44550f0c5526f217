"""Sentences with their character offsets in the document, so that every claim points at an exact span.

Lines are split first: headlines, bullet points and captions carry no full stop, and pysbd would glue them to
the next paragraph. Each line is then split by pysbd's rules (abbreviations such as "U.S." and "Mr." do not end
a sentence).
"""

from __future__ import annotations

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


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    offset = 0
    paragraph = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            paragraph += 1
        else:
            base = offset + (len(line) - len(line.lstrip()))
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
        offset += len(line) + 1
    return sentences
