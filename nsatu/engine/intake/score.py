"""Precision and recall of the extraction against hand-labelled articles (nsatu.engine.intake.labels).

Only claims classified as new pledges are predictions. One labelled pledge matches at most one claim, in
document order, when donor and kind agree; the amount agrees within 2 %, or the sentence of the claim states
the labelled amount as a conversion ("€500m (about $540m)"); the item agrees through the catalogue (name,
alias, or the family both belong to) or the source's own words, and the quantity is equal when the label
gives one; a date is compared only when both sides have one, to the label's precision.
Hard negatives ("non_pledges") count as extracted when a false positive is read from their words; the older
"not_pledges" traps must be extracted and classified as background or not a pledge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from nsatu.engine.intake.claim import FUNDS, IN_KIND, NEW_PLEDGE, ClaimCandidate
from nsatu.engine.intake.items import ItemMatcher, key, variants
from nsatu.engine.intake.labels import (
    HardNegative,
    LabelError,
    LabelledArticle,
    LabelledPledge,
    parse_labels,
)
from nsatu.engine.intake.money import find_money

__all__ = [
    "AMOUNT_TOLERANCE",
    "ArticleScore",
    "CatalogueNames",
    "LabelError",
    "LabelledArticle",
    "LabelledPledge",
    "Totals",
    "catalogue_names",
    "matches",
    "parse_labels",
    "score_article",
    "totals",
]

AMOUNT_TOLERANCE = Decimal("0.02")
KINDS = (FUNDS, IN_KIND)


@dataclass
class Counts:
    labelled: int = 0
    extracted: int = 0
    true_positives: int = 0

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.labelled if self.labelled else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


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
    by_kind: dict[str, Counts] = field(default_factory=dict)
    hard_negatives: int = 0
    hard_negatives_extracted: list[tuple[HardNegative, ClaimCandidate]] = field(
        default_factory=list
    )

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.labelled if self.labelled else None


class CatalogueNames:
    """Every name, alias and variant of each catalogue entry, and the family (head word) names share."""

    def __init__(self, matcher: ItemMatcher) -> None:
        self.matcher = matcher
        self.names: dict[int, set[str]] = {}
        for entries in matcher.by_key.values():
            for entry in entries:
                self.names.setdefault(entry.id, set()).update(
                    v for n in (entry.name, *entry.aliases) for v in variants(n)
                )
        self.families: dict[int, set[str]] = {}
        for head, entries in matcher.by_head.items():
            for entry in entries:
                self.families.setdefault(entry.id, set()).add(key(head))

    def __call__(self, item_id: int) -> Sequence[str]:
        return sorted(self.names.get(item_id, ()))

    def ids_for(self, text: str) -> tuple[set[int], set[str]]:
        """The catalogue entries a label's item names, and the families they belong to."""
        ids: set[int] = set()
        families: set[str] = set()
        for mention in self.matcher.find(text):
            if mention.item_id is not None:
                ids.add(mention.item_id)
            families.update(key(c.split()[0]) for c in mention.candidates)
        for item_id in ids:
            families.update(self.families.get(item_id, ()))
        return ids, families


def catalogue_names(matcher: ItemMatcher) -> CatalogueNames:
    return CatalogueNames(matcher)


def _within(value: Decimal, wanted: Decimal) -> bool:
    if wanted == 0:
        return value == 0
    return abs(value - wanted) / wanted <= AMOUNT_TOLERANCE


def _amount_agrees(label: LabelledPledge, claim: ClaimCandidate) -> bool:
    if label.amount is None:
        return True
    if claim.amount is None:
        return False
    if claim.currency == label.currency or not label.currency:
        return _within(claim.amount, label.amount)
    # The text gives the amount in the label's currency too: a conversion is the same pledge.
    return any(
        m.currency == label.currency and m.amount is not None and _within(m.amount, label.amount)
        for m in find_money(claim.sentence)
    )


def _loose(a: str, b: str) -> bool:
    a, b = a.rstrip("s"), b.rstrip("s")
    if a == b:
        return True
    # "Leopard 2" and "Leopard 2A6"; "reconnaissance drones" and the generic "drones" the extractor read.
    return min(len(a), len(b)) >= 4 and (
        a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a)
    )


def item_agrees(label: str, claim: ClaimCandidate, names: CatalogueNames) -> bool:
    if not label:
        return True
    said = [claim.item_text, claim.item_name]
    if claim.item_id is not None:
        said.extend(names(claim.item_id))
    wanted = key(label)
    if any(_loose(wanted, key(s)) for s in said if s):
        return True
    ids, families = names.ids_for(label)
    if claim.item_id is not None and claim.item_id in ids:
        return True
    claim_families = set(names.families.get(claim.item_id, ())) if claim.item_id else set()
    claim_families.update(key(c.split()[0]) for c in claim.item_candidates)
    return bool(families & claim_families)


def _date_agrees(label: LabelledPledge, claim: ClaimCandidate) -> bool:
    if not label.date_announced or claim.date_announced is None:
        return True
    return claim.date_announced.isoformat().startswith(label.date_announced)


def matches(
    label: LabelledPledge,
    claim: ClaimCandidate,
    names: CatalogueNames,
    *,
    with_donor: bool = True,
) -> bool:
    if with_donor and label.donor_iso3 != claim.donor:
        return False
    if label.kind != claim.kind or not _amount_agrees(label, claim):
        return False
    if label.kind == IN_KIND:
        if not item_agrees(label.item, claim, names):
            return False
        if label.quantity is not None and claim.quantity != label.quantity:
            return False
    return not with_donor or _date_agrees(label, claim)


def _quotes(trap: LabelledPledge, claim: ClaimCandidate) -> bool:
    """A trap with a quotation is the claim read from those words (an amount-less trap needs one)."""
    if not trap.evidence:
        return True
    quoted = key(trap.evidence)
    return key(claim.evidence) in quoted or quoted in key(claim.sentence)


def _from_phrase(negative: HardNegative, claim: ClaimCandidate) -> bool:
    phrase = key(negative.phrase)
    if not phrase:
        return False
    sentence = key(claim.sentence)
    overlaps = phrase in sentence or sentence in phrase
    return overlaps and key(claim.evidence) in (phrase if phrase in sentence else sentence)


def _pair(
    article: LabelledArticle, predicted: list[ClaimCandidate], names: CatalogueNames
) -> tuple[list[LabelledPledge], list[ClaimCandidate], dict[str, Counts]]:
    by_kind = {kind: Counts() for kind in KINDS}
    for claim in predicted:
        by_kind.setdefault(claim.kind, Counts()).extracted += 1
    unmatched = list(predicted)
    missed: list[LabelledPledge] = []
    for label in article.pledges:
        counts = by_kind.setdefault(label.kind, Counts())
        counts.labelled += 1
        hit = next((c for c in unmatched if matches(label, c, names)), None)
        if hit is None:
            missed.append(label)
        else:
            unmatched.remove(hit)
            counts.true_positives += 1
    return missed, unmatched, by_kind


def score_article(
    article: LabelledArticle,
    claims: Sequence[ClaimCandidate],
    names: CatalogueNames,
) -> ArticleScore:
    predicted = [c for c in claims if c.classification == NEW_PLEDGE]
    missed, unmatched, by_kind = _pair(article, predicted, names)
    result = ArticleScore(
        file=article.file,
        labelled=len(article.pledges),
        extracted=len(predicted),
        true_positives=len(article.pledges) - len(missed),
        missed=missed,
        false_positives=unmatched,
        traps=len(article.not_pledges),
        by_kind=by_kind,
        hard_negatives=len(article.hard_negatives),
    )
    for negative in article.hard_negatives:
        hit = next((c for c in unmatched if _from_phrase(negative, c)), None)
        if hit is not None:
            result.hard_negatives_extracted.append((negative, hit))
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
    by_kind: dict[str, Counts] = field(default_factory=dict)
    hard_negatives: int = 0
    hard_negatives_extracted: int = 0

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.labelled if self.labelled else None

    @property
    def f1(self) -> float | None:
        return Counts(self.labelled, self.extracted, self.true_positives).f1


def totals(scores: Sequence[ArticleScore]) -> Totals:
    by_kind: dict[str, Counts] = {kind: Counts() for kind in KINDS}
    for s in scores:
        for kind, counts in s.by_kind.items():
            total = by_kind.setdefault(kind, Counts())
            total.labelled += counts.labelled
            total.extracted += counts.extracted
            total.true_positives += counts.true_positives
    return Totals(
        labelled=sum(s.labelled for s in scores),
        extracted=sum(s.extracted for s in scores),
        true_positives=sum(s.true_positives for s in scores),
        traps=sum(s.traps for s in scores),
        traps_handled=sum(s.traps_handled for s in scores),
        by_kind=by_kind,
        hard_negatives=sum(s.hard_negatives for s in scores),
        hard_negatives_extracted=sum(len(s.hard_negatives_extracted) for s in scores),
    )
