"""Shared by the intake tests: the article corpus, a catalogue as plain data, and a minimal PDF writer."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from nsatu.engine.intake import ItemEntry, ItemMatcher

ROOT = Path(__file__).resolve().parents[3]
# The five seed articles are others' texts: they are read from ../shared/data beside the checkout, never
# shipped in the repository (labels.jsonl names them by that path).
ARTICLES = ROOT.parent / "shared" / "data" / "articles"
needs_articles = pytest.mark.skipif(
    not ARTICLES.is_dir(),
    reason="the seed articles (../shared/data/articles) are not beside this checkout",
)
FIXTURES = ROOT / "tests" / "fixtures" / "intake"
LABELS = FIXTURES / "labels.jsonl"
CONSTRUCTED = FIXTURES / "constructed"
# The day each article was published, as in the labels (None: the text does not say).
PUBLISHED = {
    "000": dt.date(2024, 6, 4),
    "001": None,
    "002": dt.date(2024, 6, 27),
    "003": dt.date(2024, 12, 21),
    "004": dt.date(2023, 7, 9),
}


def article(prefix: str) -> tuple[str, dt.date | None]:
    path = next(ARTICLES.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8"), PUBLISHED[prefix]


def reference_matcher() -> ItemMatcher:
    with (ROOT / "data" / "reference" / "equipment_types.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        rows = list(csv.DictReader(handle))
    return ItemMatcher.from_entries(
        ItemEntry(id=n, name=row["name"]) for n, row in enumerate(rows, start=1)
    )


def make_pdf(lines: list[str], *, title: str = "") -> bytes:
    """A one-page PDF with Helvetica text lines, written by hand so that no PDF writer is needed in tests."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = (
        "BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({escape(line)}) '" for line in lines) + " ET"
    )
    info = f"<< /Title ({escape(title)}) >>" if title else "<< >>"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
