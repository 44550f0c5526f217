import datetime as dt

import pytest

from nsatu.engine.intake import DocumentError, kind_for, read_document
from tests.engine.intake.corpus import CONSTRUCTED, make_pdf

LIMIT = 1_000_000


def _refusal(data: bytes, name: str, *, limit: int = LIMIT) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(data, kind=kind_for(name, data), name=name, max_bytes=limit)
    return caught.value.code


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "empty.txt", "empty"),
        (b"   \n\t\n", "blank.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "picture.txt", "binary"),
        (bytes(range(256)) * 4, "noise.html", "binary"),
        (b"x" * 2048, "big.txt", "too_large"),
        (b"short", "tiny.txt", "no_text"),
        (b"%PDF-1.4 not really", "fake.txt", "content_mismatch"),
        (b"plain words, not a PDF at all", "fake.pdf", "content_mismatch"),
        (b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF", "broken.pdf", "pdf_unreadable"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, name, code):
    assert _refusal(data, name, limit=1024) == code


@pytest.mark.parametrize("name", ["report.docx", "sheet.xlsx", "noextension", "image.png"])
def test_unsupported_types_are_refused_before_reading(name):
    with pytest.raises(DocumentError) as caught:
        kind_for(name, b"whatever")
    assert caught.value.code == "unsupported_type"
    assert caught.value.params["name"] == name


def test_refusal_names_the_size_and_the_limit():
    with pytest.raises(DocumentError) as caught:
        read_document(b"a" * 5000, kind="text", name="long.txt", max_bytes=4096)
    assert caught.value.params == {"name": "long.txt", "size": 5000, "limit": 4096}


def test_html_keeps_the_article_and_drops_scripts_navigation_and_asides():
    data = (CONSTRUCTED / "c05_eu_epf.html").read_bytes()
    read = read_document(data, kind="html", name="c05_eu_epf.html", max_bytes=LIMIT)
    assert read.title == "EU agrees fifth tranche of military support for Ukraine"
    assert read.published == dt.date(2022, 7, 22)
    assert read.url == "https://example.org/news/eu-fifth-tranche"
    assert "fifth tranche of €500 million" in read.text
    for noise in (
        "€9 billion",
        "$1 million",
        "$5 a month",
        "Russia loses 20 tanks",
        "Cookie policy",
    ):
        assert noise not in read.text
    # Paragraphs stay apart: a sentence never runs into the next block.
    assert "€2.5 billion.\n\nThe money reimburses" in read.text


def test_text_in_windows_1252_and_with_a_byte_order_mark_is_decoded():
    assert (
        "€500m"
        in read_document(
            "Germany pledged €500m today.".encode("cp1252"),
            kind="text",
            name="a.txt",
            max_bytes=LIMIT,
        ).text
    )
    read = read_document(
        b"\xef\xbb\xbfDecember 21, 2024\n\nNATO aims to strengthen ties.",
        kind="text",
        name="b.txt",
        max_bytes=LIMIT,
    )
    assert read.text.startswith("December 21, 2024")
    assert read.published == dt.date(2024, 12, 21)


def test_pdf_text_and_title_are_read():
    data = make_pdf(
        ["Poland will send 10 Krab howitzers to Ukraine, the ministry said on Monday."],
        title="Polish aid",
    )
    read = read_document(data, kind=kind_for("aid.pdf", data), name="aid.pdf", max_bytes=LIMIT)
    assert read.kind == "pdf"
    assert read.title == "Polish aid"
    assert "10 Krab howitzers" in read.text
