"""Hand labels of articles, one JSON object a line (the convention of docs/intake.md and issue #17).

`pledges` are the new pledges a reader expects; `non_pledges` are hard negatives, each a string
"verbatim phrase — reason"; the older `not_pledges` objects (an amount or item with a classification) are
still read. Fields the scorer does not use (`recipient_iso3`, `note`, `mechanism` …) are accepted, so a label
file written for another tool scores unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# The European Union has no ISO 3166 code; labellers write the reserved EUU or plain EU.
_DONOR_ALIASES = {"EUU": "EU"}
_DASH = re.compile(r"\s+[—–-]+\s+")


class LabelError(ValueError):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class LabelledPledge:
    donor_iso3: str | None
    kind: str
    item: str = ""
    quantity: int | None = None
    amount: Decimal | None = None
    currency: str = ""
    date_announced: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD
    mechanism: str = ""
    evidence: str = ""
    classification: str = ""  # only for not_pledges: background or not_a_pledge
    recipient_iso3: str = ""


@dataclass(frozen=True)
class HardNegative:
    phrase: str
    reason: str = ""


@dataclass(frozen=True)
class LabelledArticle:
    line: int
    file: str
    url: str
    published: dt.date | None
    pledges: tuple[LabelledPledge, ...]
    not_pledges: tuple[LabelledPledge, ...] = ()
    hard_negatives: tuple[HardNegative, ...] = ()


def donor_code(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().upper()
    return _DONOR_ALIASES.get(code, code)


def _decimal(value: Any, *, line: int, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise LabelError("bad_value", line=line, field=name, value=value) from None


def _kind(raw: dict[str, Any], *, line: int, where: str) -> str:
    kind = raw.get("kind") or (
        "funds" if raw.get("amount") is not None and not raw.get("item") else "in_kind"
    )
    kind = str(kind).replace("-", "_").replace(" ", "_").lower()
    if kind not in ("funds", "in_kind"):
        raise LabelError("bad_value", line=line, field=f"{where}.kind", value=kind)
    return kind


def _quantity(raw: dict[str, Any], *, line: int, where: str) -> int | None:
    quantity = raw.get("quantity")
    if quantity is None or quantity == "":
        return None
    if isinstance(quantity, float) and quantity.is_integer():
        quantity = int(quantity)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 0:
        raise LabelError("bad_value", line=line, field=f"{where}.quantity", value=quantity)
    return quantity


def _pledge(raw: Any, *, line: int, where: str) -> LabelledPledge:
    if not isinstance(raw, dict):
        raise LabelError("not_an_object", line=line, field=where)
    date = raw.get("date_announced") or ""
    if date and date_prefix(str(date)) is None:
        raise LabelError("bad_value", line=line, field=f"{where}.date_announced", value=date)
    return LabelledPledge(
        donor_iso3=donor_code(raw.get("donor_iso3")),
        kind=_kind(raw, line=line, where=where),
        item=raw.get("item") or "",
        quantity=_quantity(raw, line=line, where=where),
        amount=_decimal(raw.get("amount"), line=line, name=f"{where}.amount"),
        currency=(raw.get("currency") or "").upper(),
        date_announced=str(date),
        mechanism=raw.get("mechanism") or "",
        evidence=raw.get("evidence") or "",
        classification=raw.get("classification") or "",
        recipient_iso3=(raw.get("recipient_iso3") or "").upper(),
    )


def _hard_negative(raw: Any, *, line: int, where: str) -> HardNegative:
    if isinstance(raw, dict):
        return HardNegative(
            str(raw.get("phrase") or raw.get("evidence") or ""), str(raw.get("reason") or "")
        )
    if not isinstance(raw, str) or not raw.strip():
        raise LabelError("bad_value", line=line, field=where, value=raw)
    parts = _DASH.split(raw.strip(), maxsplit=1)
    return HardNegative(parts[0].strip(" \"'“”"), parts[1].strip() if len(parts) > 1 else "")


def _list(raw: dict[str, Any], name: str, *, line: int) -> list[Any]:
    value = raw.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise LabelError("not_a_list", line=line)
    return value


def _article(raw: dict[str, Any], number: int) -> LabelledArticle:
    published = raw.get("published")
    try:
        published_date = dt.date.fromisoformat(str(published)[:10]) if published else None
    except (TypeError, ValueError):
        raise LabelError("bad_value", line=number, field="published", value=published) from None
    return LabelledArticle(
        line=number,
        file=str(raw["file"]),
        url=raw.get("url") or "",
        published=published_date,
        pledges=tuple(
            _pledge(p, line=number, where=f"pledges[{i}]")
            for i, p in enumerate(_list(raw, "pledges", line=number))
        ),
        not_pledges=tuple(
            _pledge(p, line=number, where=f"not_pledges[{i}]")
            for i, p in enumerate(_list(raw, "not_pledges", line=number))
        ),
        hard_negatives=tuple(
            _hard_negative(p, line=number, where=f"non_pledges[{i}]")
            for i, p in enumerate(_list(raw, "non_pledges", line=number))
        ),
    )


def parse_labels(text: str) -> list[LabelledArticle]:
    articles: list[LabelledArticle] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelError("bad_json", line=number, detail=exc.msg) from None
        if not isinstance(raw, dict) or not raw.get("file"):
            raise LabelError("no_file", line=number)
        articles.append(_article(raw, number))
    return articles


def date_prefix(value: str) -> str | None:
    for length, fmt in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        if len(value) == length:
            try:
                dt.datetime.strptime(value, fmt)
            except ValueError:
                return None
            return value
    return None
