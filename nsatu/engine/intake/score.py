"""Precision and recall of the extraction against hand-labelled articles (the JSONL format of docs/intake.md).

Only claims classified as new pledges are predictions. One labelled pledge matches at most one claim, in
document order, when donor and kind agree, the amount agrees within 1 % in the same currency (funds, or an
in-kind pledge whose value the text gives), the item agrees by catalogue name, alias or the source's own words
and the quantity is equal (in kind), and the date agrees to the label's precision when the label gives one.
Amounts listed under "not_pledges" are traps: each must be extracted and classified as background or not a
pledge; one classified as a new pledge is already a false positive, one not extracted at all is "missed".
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from nsatu.engine.intake.claim import NEW_PLEDGE, ClaimCandidate
from nsatu.engine.intake.items import ItemMatcher, key, variants

AMOUNT_TOLERANCE = Decimal("0.01")
PLEDGE_FIELDS = (
    "donor_iso3",
    "kind",
    "item",
    "quantity",
    "amount",
    "currency",
    "date_announced",
    "mechanism",
    "evidence",
)


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


@dataclass(frozen=True)
class LabelledArticle:
    line: int
    file: str
    url: str
    published: dt.date | None
    pledges: tuple[LabelledPledge, ...]
    not_pledges: tuple[LabelledPledge, ...] = ()


@dataclass
class ArticleScore:
    file: str
    labelled: int
    extracted: int
    true_positives: int
    traps: int = 0
    traps_handled: int = 0
    missed: list[LabelledPledge] = field(default_factory=list)
    false_positives: list[ClaimCandidate] = field(default_factory=list)
    traps_failed: list[tuple[LabelledPledge, str]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.labelled if self.labelled else None


def _decimal(value: Any, *, line: int, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise LabelError("bad_value", line=line, field=name, value=value) from None


def _pledge(raw: Any, *, line: int, where: str) -> LabelledPledge:
    if not isinstance(raw, dict):
        raise LabelError("not_an_object", line=line, field=where)
    unknown = set(raw) - set(PLEDGE_FIELDS) - {"classification", "note"}
    if unknown:
        raise LabelError("unknown_fields", line=line, field=where, names=", ".join(sorted(unknown)))
    kind = raw.get("kind") or (
        "funds" if raw.get("amount") is not None and not raw.get("item") else "in_kind"
    )
    if kind not in ("funds", "in_kind"):
        raise LabelError("bad_value", line=line, field=f"{where}.kind", value=kind)
    quantity = raw.get("quantity")
    if quantity is not None and (not isinstance(quantity, int) or quantity < 0):
        raise LabelError("bad_value", line=line, field=f"{where}.quantity", value=quantity)
    date = raw.get("date_announced") or ""
    if date and _date_prefix(str(date)) is None:
        raise LabelError("bad_value", line=line, field=f"{where}.date_announced", value=date)
    return LabelledPledge(
        donor_iso3=raw.get("donor_iso3") or None,
        kind=kind,
        item=raw.get("item") or "",
        quantity=quantity,
        amount=_decimal(raw.get("amount"), line=line, name=f"{where}.amount"),
        currency=(raw.get("currency") or "").upper(),
        date_announced=str(date),
        mechanism=raw.get("mechanism") or "",
        evidence=raw.get("evidence") or "",
        classification=raw.get("classification") or "",
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
        published = raw.get("published")
        try:
            published_date = dt.date.fromisoformat(published) if published else None
        except (TypeError, ValueError):
            raise LabelError("bad_value", line=number, field="published", value=published) from None
        pledges = raw.get("pledges", [])
        traps = raw.get("not_pledges", [])
        if not isinstance(pledges, list) or not isinstance(traps, list):
            raise LabelError("not_a_list", line=number)
        articles.append(
            LabelledArticle(
                line=number,
                file=str(raw["file"]),
                url=raw.get("url") or "",
                published=published_date,
                pledges=tuple(
                    _pledge(p, line=number, where=f"pledges[{i}]") for i, p in enumerate(pledges)
                ),
                not_pledges=tuple(
                    _pledge(p, line=number, where=f"not_pledges[{i}]") for i, p in enumerate(traps)
                ),
            )
        )
    return articles


def _date_prefix(value: str) -> str | None:
    for length, fmt in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        if len(value) == length:
            try:
                dt.datetime.strptime(value, fmt)
            except ValueError:
                return None
            return value
    return None


def catalogue_names(matcher: ItemMatcher) -> Callable[[int], Sequence[str]]:
    """Every name, alias and variant of each catalogue entry, for comparing a label's item with a claim's."""
    names: dict[int, set[str]] = {}
    for entries in matcher.by_key.values():
        for entry in entries:
            names.setdefault(entry.id, set()).update(
                v for n in (entry.name, *entry.aliases) for v in variants(n)
            )
    return lambda item_id: sorted(names.get(item_id, ()))


def _amount_agrees(label: Decimal | None, currency: str, claim: ClaimCandidate) -> bool:
    if label is None:
        return True
    if claim.amount is None or claim.currency != currency:
        return False
    if label == 0:
        return claim.amount == 0
    return abs(claim.amount - label) / label <= AMOUNT_TOLERANCE


def item_agrees(label: str, claim: ClaimCandidate, names: Callable[[int], Sequence[str]]) -> bool:
    if not label:
        return True
    wanted = key(label)
    said = [
        claim.item_text,
        claim.item_name,
        *(names(claim.item_id) if claim.item_id is not None else ()),
    ]
    said_keys = {key(s) for s in said if s}
    return wanted in said_keys or any(k.rstrip("s") == wanted.rstrip("s") for k in said_keys)


def matches(
    label: LabelledPledge,
    claim: ClaimCandidate,
    names: Callable[[int], Sequence[str]],
    *,
    with_donor: bool = True,
) -> bool:
    if with_donor and label.donor_iso3 != claim.donor:
        return False
    if label.kind != claim.kind:
        return False
    if not _amount_agrees(label.amount, label.currency, claim):
        return False
    if label.kind == "in_kind":
        if not item_agrees(label.item, claim, names):
            return False
        if label.quantity is not None and claim.quantity != label.quantity:
            return False
    return not (
        with_donor
        and label.date_announced
        and (
            claim.date_announced is None
            or not claim.date_announced.isoformat().startswith(label.date_announced)
        )
    )


def _quotes(trap: LabelledPledge, claim: ClaimCandidate) -> bool:
    """A trap with a quotation is the claim read from those words (an amount-less trap needs one)."""
    if not trap.evidence:
        return True
    quoted = key(trap.evidence)
    return key(claim.evidence) in quoted or quoted in key(claim.sentence)


def score_article(
    article: LabelledArticle,
    claims: Sequence[ClaimCandidate],
    names: Callable[[int], Sequence[str]],
) -> ArticleScore:
    predicted = [c for c in claims if c.classification == NEW_PLEDGE]
    unmatched = list(predicted)
    missed: list[LabelledPledge] = []
    for label in article.pledges:
        hit = next((c for c in unmatched if matches(label, c, names)), None)
        if hit is None:
            missed.append(label)
        else:
            unmatched.remove(hit)
    result = ArticleScore(
        file=article.file,
        labelled=len(article.pledges),
        extracted=len(predicted),
        true_positives=len(article.pledges) - len(missed),
        missed=missed,
        false_positives=unmatched,
        traps=len(article.not_pledges),
    )
    for trap in article.not_pledges:
        found = [
            c for c in claims if matches(trap, c, names, with_donor=False) and _quotes(trap, c)
        ]
        if not found:
            result.traps_failed.append((trap, "missed"))
        elif all(c.classification == NEW_PLEDGE for c in found):
            result.traps_failed.append((trap, "new_pledge"))
        else:
            result.traps_handled += 1
    return result


@dataclass(frozen=True)
class Totals:
    labelled: int
    extracted: int
    true_positives: int
    traps: int
    traps_handled: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.labelled if self.labelled else None


def totals(scores: Sequence[ArticleScore]) -> Totals:
    return Totals(
        labelled=sum(s.labelled for s in scores),
        extracted=sum(s.extracted for s in scores),
        true_positives=sum(s.true_positives for s in scores),
        traps=sum(s.traps for s in scores),
        traps_handled=sum(s.traps_handled for s in scores),
    )
