"""Bytes of an uploaded or pasted document -> plain text, title and publication date.

HTML goes through selectolax (the Lexbor parser): scripts, styles, navigation, headers, footers, forms and
asides are dropped, block elements become line breaks, so that a sentence never runs across two paragraphs.
PDF goes through pypdf, page by page. Plain text is decoded as UTF-8 (with or without a byte-order mark), then
as Windows-1252, the two encodings news sites and word processors actually write.

Refusals carry a code and the values for the message, not the message itself: the application translates them.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from dataclasses import dataclass
from pathlib import PurePath

KINDS = ("text", "html", "pdf")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
# Shorter than this after conversion, a document holds no sentence worth reading.
MIN_TEXT_CHARS = 20
# Control characters other than tab, newline, carriage return and form feed are not in any text file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "iframe",
    "template",
    "button",
    "select",
)
_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "figcaption",
)
_META_DATES = (
    "article:published_time",
    "datePublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dcterms.created",
    "og:published_time",
)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_LINE = re.compile(
    r"^\s*(?:published:?\s*|publication date:?\s*)?"
    r"((?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}"
    r"|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})\s*$",
    re.IGNORECASE,
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}


class DocumentError(ValueError):
    """A document that cannot be read; `code` names the reason, `params` fill the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class ReadDocument:
    kind: str
    text: str
    title: str = ""
    published: dt.date | None = None
    url: str = ""
    pages: int = 0


def kind_for(name: str, data: bytes) -> str:
    """The kind by the file's extension; content that contradicts it is refused rather than guessed."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise DocumentError(
            "unsupported_type",
            name=name,
            suffix=suffix or "(none)",
            allowed=", ".join(sorted(EXTENSIONS)),
        )
    kind = EXTENSIONS[suffix]
    if kind != "pdf" and data.startswith(b"%PDF-"):
        raise DocumentError("content_mismatch", name=name, kind=kind, found="pdf")
    if kind == "pdf" and data and not data.lstrip()[:5] == b"%PDF-":
        raise DocumentError("content_mismatch", name=name, kind=kind, found="not a PDF")
    return kind


def read_document(data: bytes, *, kind: str, name: str, max_bytes: int) -> ReadDocument:
    if kind not in KINDS:
        raise DocumentError("unsupported_type", name=name, suffix=kind, allowed=", ".join(KINDS))
    if len(data) > max_bytes:
        raise DocumentError("too_large", name=name, size=len(data), limit=max_bytes)
    if not data.strip():
        raise DocumentError("empty", name=name)
    if kind == "pdf":
        read = _read_pdf(data, name=name)
    else:
        decoded = _decode(data, name=name)
        if kind == "html":
            read = _read_html(decoded)
        else:
            text = _tidy(decoded)
            read = ReadDocument(
                kind="text", text=text, title=_first_line(text), published=published_in_header(text)
            )
    if len(read.text.strip()) < MIN_TEXT_CHARS:
        raise DocumentError("no_text", name=name, kind=kind)
    return read


def _decode(data: bytes, *, name: str) -> str:
    if b"\x00" in data:
        raise DocumentError("binary", name=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise DocumentError("binary", name=name) from None
    if len(_CONTROL.findall(text)) > max(3, len(text) // 1000):
        raise DocumentError("binary", name=name)
    return text


# Entities a copy-and-paste or a scraper left half-decoded: "&amp;euro;", or "euro;977" once "&" was stripped.
_ENTITY_DEBRIS = re.compile(
    r"(?:&(?:amp;)?|(?<![A-Za-z]))(?P<name>euro|pound|yen|nbsp|amp|quot|rsquo|lsquo|rdquo|ldquo|ndash|mdash"
    r"|apos|hellip|#\d{2,5}|#x[0-9a-fA-F]{2,4});(?=\S|\s)"
)


def clean_entities(text: str) -> str:
    """Decode HTML entities, including the debris of ones whose "&" was lost, so "euro;977" reads "€977"."""

    def decode(match: re.Match[str]) -> str:
        value = html.unescape(f"&{match.group('name')};")
        return value if not value.startswith("&") else match.group(0)

    return _ENTITY_DEBRIS.sub(decode, html.unescape(text))


def _tidy(text: str) -> str:
    text = clean_entities(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if len(line.strip()) > 3:
            return line.strip()[:300]
    return ""


def published_in_header(text: str) -> dt.date | None:
    """A date standing alone on one of the first lines, as news pages print it above the headline."""
    for line in text.splitlines()[:6]:
        match = _DATE_LINE.match(line)
        if match:
            return _parse_plain_date(match.group(1))
    return None


def _parse_plain_date(value: str) -> dt.date | None:
    iso = _ISO_DAY.match(value)
    try:
        if iso:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        parts = value.replace(",", " ").split()
        if parts[0].isdigit():
            day, month, year = int(parts[0]), _MONTHS[parts[1].lower()], int(parts[2])
        else:
            month, day, year = _MONTHS[parts[0].lower()], int(parts[1]), int(parts[2])
        return dt.date(year, month, day)
    except (ValueError, KeyError, IndexError):
        return None


def _read_html(markup: str) -> ReadDocument:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    title = ""
    title_node = tree.css_first("title")
    if title_node is not None:
        title = " ".join(title_node.text().split())
    heading = tree.css_first("h1")
    if heading is not None and heading.text().strip():
        title = " ".join(heading.text().split())
    published = None
    url = ""
    for meta in tree.css("meta"):
        attrs = meta.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip()
        content = (attrs.get("content") or "").strip()
        if published is None and key in _META_DATES and content:
            published = _parse_plain_date(content[:10])
        if not url and key == "og:url" and content.startswith(("http://", "https://")):
            url = content
    if published is None:
        time_node = tree.css_first("time[datetime]")
        if time_node is not None:
            published = _parse_plain_date((time_node.attributes.get("datetime") or "")[:10])
    if not url:
        canonical = tree.css_first("link[rel=canonical]")
        href = (canonical.attributes.get("href") or "") if canonical is not None else ""
        if href.startswith(("http://", "https://")):
            url = href
    body = tree.css_first("article") or tree.body or tree.root
    if body is None:
        return ReadDocument(kind="html", text="", title=title, published=published, url=url)
    for tag in _DROP_TAGS:
        for node in body.css(tag):
            node.decompose()
    for tag in _BLOCK_TAGS:
        for node in body.css(tag):
            node.insert_before("\n")
            node.insert_after("\n")
    text = _tidy(body.text(separator="", strip=False))
    return ReadDocument(kind="html", text=text, title=title[:300], published=published, url=url)


def _read_pdf(data: bytes, *, name: str) -> ReadDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError("pdf_encrypted", name=name)
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
        title = str(meta.title) if meta is not None and meta.title else ""
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError("pdf_unreadable", name=name, detail=str(exc)[:200]) from None
    text = _tidy("\n\n".join(pages))
    return ReadDocument(
        kind="pdf",
        text=text,
        title=(title or _first_line(text))[:300],
        published=published_in_header(text),
        pages=len(pages),
    )
