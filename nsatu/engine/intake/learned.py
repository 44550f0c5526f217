"""Rules propose, a learned model disposes: a logistic regression over the rules' candidate claims.

The rules (classify.py, packages.py) read every amount and counted item as a candidate and classify it; they were
tuned on the articles they were written against and read new phrasings wrongly. This model scores each
candidate as "a new pledge by the labelling convention" from what the rules already compute (their
classification and reason, the cue words on each side of the amount, the donor's certainty, the position in
the article, a repeat of an earlier amount) and from hashed word n-grams of the clause. Its probability
becomes the claim's confidence; a new pledge below the threshold is demoted (reason `unlikely`) and, when the
model was trained to, another candidate above it is promoted (reason `likely`).

Only hashed feature indices and weights ship (weights.json beside this module): no article text. Training is
in scripts/intake-train; numpy is the only dependency.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nsatu.engine.intake import cues
from nsatu.engine.intake.claim import FUNDS, NEW_PLEDGE, NOT_A_PLEDGE, ClaimCandidate
from nsatu.engine.intake.money import MoneyMention, rough_eur
from nsatu.engine.intake.sentences import headline_end

WEIGHTS_FILE = Path(__file__).with_name("weights.json")
DIMENSIONS = 1 << 13
FORMAT = 1

Vector = dict[int, float]
FloatArray = npt.NDArray[np.float64]

# Each cue is tested on the words before the amount (in its sentence), after it, and in the whole sentence: the
# rules test each on one side only and in a fixed order, the model weighs them all.
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, getattr(cues, name))
    for name in (
        "PLEDGE_VERB",
        "CUMULATIVE_BEFORE",
        "CUMULATIVE_AFTER",
        "PROGRAMME_AFTER",
        "PROGRAMME_BEFORE",
        "TARGET",
        "LOSSES",
        "EARLIER",
        "PROMISE_KEPT",
        "ANOTHER_DAY",
        "PAST_PERFECT",
        "COMPARISON",
        "CONTENTS",
        "FUTURE",
        "OTHERS_MONEY",
        "POOLED_BEFORE",
        "FINANCED",
        "PACKAGE_WORTH",
        "PACKAGE_RESTATED",
        "APPROPRIATION",
        "ENVELOPE",
        "DELIVERED",
        "FUTURE_PLEDGE",
        "SUB_ALLOCATION",
        "PACKAGE_VALUE",
        "CIVILIAN",
        "REMAINING",
        "SINCE_OPENING",
        "BACKGROUND_HEADING",
    )
)
_WORD = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_BEFORE_WORDS = 6
_AFTER_WORDS = 5
_INHERITED = "taken from the sentence before"
_MAIN_PARTY = "the party the article is about"


@dataclass(frozen=True)
class Article:
    """What the features read beyond the claim itself."""

    text: str
    headline_end: int
    main_donor: str | None


def _tokens(text: str) -> list[str]:
    # Digits are one token: the size of an amount is a feature of its own, its digits are noise.
    return ["0" if w[0].isdigit() else w.lower() for w in _WORD.findall(text)]


def _bucket(value: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _same_amount(a: ClaimCandidate, b: ClaimCandidate) -> bool:
    if a.amount is None or b.amount is None or a.amount == 0:
        return False
    if a.currency == b.currency:
        return abs(a.amount - b.amount) <= a.amount * Decimal("0.02")
    ea = rough_eur(MoneyMention(a.amount, a.currency, 0, 0, ""))
    eb = rough_eur(MoneyMention(b.amount, b.currency, 0, 0, ""))
    return ea is not None and eb is not None and ea > 0 and abs(ea - eb) <= 0.12 * ea


def _same_thing(a: ClaimCandidate, b: ClaimCandidate) -> bool:
    if a.amount is not None or b.amount is not None:
        return _same_amount(a, b)
    said = (a.item_name or a.item_text).lower()
    return bool(said) and said == (b.item_name or b.item_text).lower() and a.quantity == b.quantity


def features(
    claim: ClaimCandidate, index: int, claims: Sequence[ClaimCandidate], article: Article
) -> dict[str, float]:
    """Named features of one candidate (the names are this module's own words; hashing happens in `vector`)."""
    f: dict[str, float] = {}

    def on(name: str, value: float = 1.0) -> None:
        f[name] = f.get(name, 0.0) + value

    rule = claim.classification
    on(f"class={rule}")
    on(f"reason={claim.reason_code}")
    on(f"kind={claim.kind}")
    on(f"class={rule}&kind={claim.kind}")
    inherited = any(_INHERITED in n for n in claim.notes)
    main = any(_MAIN_PARTY in n for n in claim.notes)
    donor = (
        "none" if claim.donor is None else "inherited" if inherited else "main" if main else "named"
    )
    on(f"donor={donor}")
    on(f"donor={donor}&class={rule}")
    if claim.donor is not None and claim.donor == article.main_donor:
        on("donor_is_main")
    if claim.donor is None and claim.donor_text:
        on("giver_unnamed_or_collective")
    on(f"rule_confidence={round(claim.confidence * 10)}")
    if claim.amount is not None:
        on("amount")
        eur = rough_eur(MoneyMention(claim.amount, claim.currency, 0, 0, ""))
        on(f"magnitude={int(math.log10(eur)) if eur and eur >= 1 else 'x'}")
        on(f"currency={claim.currency if claim.currency in ('USD', 'EUR', 'GBP') else 'other'}")
    if claim.kind != FUNDS:
        on("item_catalogue" if claim.item_id is not None else "item_generic")
        if claim.item_candidates:
            on("item_ambiguous")
        on(f"quantity={_bucket(claim.quantity, (1, 10, 100, 1000)) if claim.quantity else 'none'}")
    if claim.mechanism:
        on("mechanism")
    if claim.date_precision:
        on(f"date={claim.date_precision}")
    # Where it stands: the headline repeats and rounds; background gathers at the end.
    if claim.start < article.headline_end:
        on("headline")
    length = max(len(article.text), 1)
    on(f"position={min(int(5 * claim.start / length), 4)}")
    same_sentence = [c for c in claims if c.start == claim.start]
    on(f"in_sentence={_bucket(len(same_sentence), (1, 2, 4))}")
    if same_sentence and same_sentence[0] is claim:
        on("first_in_sentence")
    on(f"in_article={_bucket(len(claims), (2, 5, 10, 20))}")
    if any(_same_thing(claim, c) for c in claims[:index]):
        on("said_before")
    if any(_same_thing(claim, c) for c in claims[index + 1 :]):
        on("said_after")
    if any(
        _same_thing(claim, c) and c.classification == NEW_PLEDGE
        for c in claims[:index]
        if c is not claim
    ):
        on("said_before_as_new")
    if claim.amount is not None:
        sums = [c for c in same_sentence if c.amount is not None]
        if len(sums) > 1 and all(
            (rough_eur(MoneyMention(c.amount or Decimal(0), c.currency, 0, 0, "")) or 0.0)
            <= (rough_eur(MoneyMention(claim.amount, claim.currency, 0, 0, "")) or 0.0)
            for c in sums
        ):
            on("largest_in_sentence")
    at, end = claim.evidence_start - claim.start, claim.evidence_end - claim.start
    sentence = claim.sentence
    before, after = sentence[max(0, at - 120) : at], sentence[end : end + 80]
    for name, pattern in _CUES:
        if pattern.search(before):
            on(f"cue<{name}")
        if pattern.search(after):
            on(f"cue>{name}")
        if pattern.search(sentence):
            on(f"cue={name}")
    words_before = _tokens(sentence[:at])[-_BEFORE_WORDS:]
    words_after = _tokens(sentence[end:])[:_AFTER_WORDS]
    for side, words in (("l", words_before), ("r", words_after)):
        for i, word in enumerate(words):
            on(f"{side}:{word}", 0.5)
            if i:
                on(f"{side}2:{words[i - 1]} {word}", 0.5)
    if words_before:
        on(f"l1:{words_before[-1]}", 0.5)
    if words_after:
        on(f"r1:{words_after[0]}", 0.5)
    whole = sorted(set(_tokens(sentence)))
    for word in whole:
        on(f"s:{word}", 1.0 / math.sqrt(len(whole)))
    return f


@cache
def _slot(name: str) -> tuple[int, float]:
    # blake2b, not hash(): Python salts str hashes per process, and the weights must mean the same everywhere.
    value = int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little")
    return value % DIMENSIONS, 1.0 if value >> 63 else -1.0


def vector(named: dict[str, float]) -> Vector:
    out: Vector = {}
    for name, value in named.items():
        slot, sign = _slot(name)
        out[slot] = out.get(slot, 0.0) + sign * value
    return out


def article_of(text: str, main_donor: str | None) -> Article:
    return Article(text=text, headline_end=headline_end(text), main_donor=main_donor)


def claim_vectors(claims: Sequence[ClaimCandidate], article: Article) -> list[Vector]:
    return [vector(features(c, i, claims, article)) for i, c in enumerate(claims)]


def dense(vectors: Sequence[Vector]) -> FloatArray:
    matrix = np.zeros((len(vectors), DIMENSIONS))
    for row, v in enumerate(vectors):
        for slot, value in v.items():
            matrix[row, slot] = value
    return matrix


def _sigmoid(z: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


def fit(
    x: FloatArray, y: FloatArray, *, l2: float, iterations: int = 4000
) -> tuple[FloatArray, float]:
    """L2-regularised logistic regression (mean log loss + l2/2 |w|^2, bias not penalised) by Nesterov's
    accelerated gradient from zero, so the same data give the same weights.

    Every gradient step adds a combination of the rows to w, so w = X'a throughout: the descent runs on a
    (one value per candidate) through the Gram matrix, far fewer numbers than the hashed dimensions."""
    n = max(len(y), 1)
    gram = x @ x.T
    probe = np.ones(len(y)) / math.sqrt(n)
    for _ in range(100):
        probe = gram @ probe / n
        norm = float(np.linalg.norm(probe))
        if norm == 0.0:
            break
        probe /= norm
    # The bias is one more feature of value 1 in every row: its share of the curvature is 1.
    lipschitz = 0.25 * (float(np.linalg.norm(gram @ probe)) / n + 1.0) + l2
    step = 1.0 / lipschitz
    a, b = np.zeros(len(y)), 0.0
    a_prev, b_prev = a.copy(), b
    for k in range(1, iterations + 1):
        momentum = (k - 1) / (k + 2)
        va, vb = a + momentum * (a - a_prev), b + momentum * (b - b_prev)
        residual = _sigmoid(gram @ va + vb) - y
        a_prev, b_prev = a, b
        a = va - step * (residual / n + l2 * va)
        b = vb - step * float(residual.mean())
    w: FloatArray = x.T @ a
    return w, b


@dataclass(frozen=True)
class ClaimModel:
    weights: FloatArray
    bias: float
    threshold: float
    promote: bool  # also turn a candidate the rules set aside into a new pledge when it scores above threshold
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)

    def probabilities(self, vectors: Sequence[Vector]) -> list[float]:
        out = []
        for v in vectors:
            z = self.bias + sum(self.weights[slot] * value for slot, value in v.items())
            out.append(1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0))))
        return out

    def dispose(
        self,
        claims: list[ClaimCandidate],
        text: str,
        *,
        main_donor: str | None,
        published: dt.date | None = None,
    ) -> list[ClaimCandidate]:
        article = article_of(text, main_donor)
        return decide(
            claims,
            self.probabilities(claim_vectors(claims, article)),
            threshold=self.threshold,
            promote=self.promote,
            main_donor=main_donor,
            published=published,
        )

    def to_json(self) -> str:
        nonzero = {str(i): round(float(w), 6) for i, w in enumerate(self.weights) if abs(w) >= 1e-6}
        return json.dumps(
            {
                "format": FORMAT,
                "dimensions": DIMENSIONS,
                "bias": round(self.bias, 6),
                "threshold": self.threshold,
                "promote": self.promote,
                "meta": self.meta,
                "weights": nonzero,
            },
            indent=1,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, raw: str) -> ClaimModel:
        data = json.loads(raw)
        if data.get("format") != FORMAT or data.get("dimensions") != DIMENSIONS:
            raise ValueError("weights written for another feature layout")
        weights = np.zeros(DIMENSIONS)
        for slot, value in data["weights"].items():
            weights[int(slot)] = float(value)
        return cls(
            weights=weights,
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            promote=bool(data["promote"]),
            meta=dict(data.get("meta") or {}),
        )


def decide(
    claims: list[ClaimCandidate],
    probabilities: Sequence[float],
    *,
    threshold: float,
    promote: bool,
    main_donor: str | None,
    published: dt.date | None = None,
) -> list[ClaimCandidate]:
    """The model's verdict on each candidate, its probability as the confidence of a new pledge."""
    out: list[ClaimCandidate] = []
    for claim, p in zip(claims, probabilities, strict=True):
        score = f"{p:.2f}"
        if claim.classification == NEW_PLEDGE and claim.donor is None:
            # A pledge whose giver the text leaves unnamed is the reviewer's to assign, and no label can name it
            # (labels need a donor), so the model never learnt it: kept, its score as its (low) confidence.
            out.append(dataclasses.replace(claim, confidence=round(min(p, claim.confidence), 2)))
        elif claim.classification == NEW_PLEDGE and p < threshold:
            out.append(
                dataclasses.replace(
                    claim,
                    classification=NOT_A_PLEDGE,
                    reason_code="unlikely",
                    reason_params={"score": score, "rule": claim.reason},
                    # As for every other class, the confidence is that of the classification.
                    confidence=round(1.0 - p, 2),
                )
            )
        elif claim.classification == NEW_PLEDGE:
            out.append(dataclasses.replace(claim, confidence=round(p, 2)))
        elif promote and p >= threshold:
            donor = claim.donor
            notes = claim.notes
            if donor is None and not claim.donor_text and main_donor is not None:
                donor, notes = main_donor, (*notes, f"donor {main_donor}: {_MAIN_PARTY}")
            out.append(
                dataclasses.replace(
                    claim,
                    classification=NEW_PLEDGE,
                    reason_code="likely",
                    reason_params={"score": score, "rule": claim.reason},
                    confidence=round(p, 2),
                    donor=donor,
                    notes=notes,
                    date_announced=claim.date_announced or published,
                    date_precision=claim.date_precision
                    if claim.date_announced
                    else ("published" if published else ""),
                )
            )
        else:
            out.append(claim)
    return out


@cache
def shipped() -> ClaimModel | None:
    """The model in weights.json, or None when cross-validation did not adopt it."""
    if not WEIGHTS_FILE.is_file():
        # An install that left the weights out must not quietly read with the rules alone.
        raise FileNotFoundError(f"{WEIGHTS_FILE.name} is missing beside {Path(__file__).name}")
    model = ClaimModel.from_json(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return model if model.meta.get("adopted", False) else None
