"""The learned filter over the rules' claims (nsatu/engine/intake/learned.py), on sentences written for the tests."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from nsatu.engine.intake.claim import BACKGROUND, NEW_PLEDGE, NOT_A_PLEDGE
from nsatu.engine.intake.extract import extract_claims, rule_claims
from nsatu.engine.intake.learned import (
    DIMENSIONS,
    WEIGHTS_FILE,
    ClaimModel,
    article_of,
    claim_vectors,
    decide,
    fit,
    vector,
)
from tests.engine.intake.patterns import MATCHER, PUBLISHED

# Written for these tests: a fresh package, then the donor's running total.
TEXT = (
    "Norway to send air defence aid to Ukraine\n"
    "Norway will provide a new military aid package worth 1.5 billion kroner to Ukraine, the defence "
    "minister announced on Monday.\n"
    "The country has provided more than 70 billion kroner in military aid since the start of the "
    "full-scale invasion."
)


@pytest.fixture(scope="module")
def model() -> ClaimModel:
    return ClaimModel.from_json(WEIGHTS_FILE.read_text(encoding="utf-8"))


def _by_amount(claims: list, amount: int) -> object:
    return next(c for c in claims if c.amount is not None and int(c.amount) == amount)


def test_the_weights_load_and_give_the_same_confidence_twice(model: ClaimModel) -> None:
    again = ClaimModel.from_json(WEIGHTS_FILE.read_text(encoding="utf-8"))
    first = model.dispose(rule_claims(TEXT, matcher=MATCHER), TEXT, main_donor="NOR")
    second = again.dispose(rule_claims(TEXT, matcher=MATCHER), TEXT, main_donor="NOR")
    assert [c.confidence for c in first] == [c.confidence for c in second]
    assert all(0.0 <= c.confidence <= 1.0 for c in first)
    assert 0.0 < model.threshold < 1.0


def test_a_clear_new_pledge_is_kept_with_the_model_s_confidence(model: ClaimModel) -> None:
    claims = model.dispose(
        rule_claims(TEXT, matcher=MATCHER, published=PUBLISHED), TEXT, main_donor="NOR"
    )
    pledge = _by_amount(claims, 1_500_000_000)
    assert pledge.classification == NEW_PLEDGE  # type: ignore[attr-defined]
    assert pledge.donor == "NOR" and pledge.currency == "NOK"  # type: ignore[attr-defined]
    assert pledge.confidence >= model.threshold  # type: ignore[attr-defined]


def test_a_cumulative_total_is_dropped(model: ClaimModel) -> None:
    claims = model.dispose(
        rule_claims(TEXT, matcher=MATCHER, published=PUBLISHED), TEXT, main_donor="NOR"
    )
    assert _by_amount(claims, 70_000_000_000).classification != NEW_PLEDGE  # type: ignore[attr-defined]


def test_a_cumulative_total_the_rules_let_through_is_demoted(model: ClaimModel) -> None:
    """The model reads the words itself: the same total, marked new by the rules, is demoted with a reason."""
    claims = rule_claims(TEXT, matcher=MATCHER, published=PUBLISHED)
    forced = [
        dataclasses.replace(
            c, classification=NEW_PLEDGE, reason_code="pledge", reason_params={}, donor="NOR"
        )
        if c.amount is not None and int(c.amount) == 70_000_000_000
        else c
        for c in claims
    ]
    total = _by_amount(model.dispose(forced, TEXT, main_donor="NOR"), 70_000_000_000)
    assert total.classification == NOT_A_PLEDGE  # type: ignore[attr-defined]
    assert total.reason_code == "unlikely"  # type: ignore[attr-defined]
    assert "below its threshold" in total.reason  # type: ignore[attr-defined]


def test_without_a_model_the_extractor_gives_the_rules_claims() -> None:
    assert extract_claims(TEXT, matcher=MATCHER, published=PUBLISHED, model=None) == rule_claims(
        TEXT, matcher=MATCHER, published=PUBLISHED
    )


def test_decide_demotes_keeps_and_promotes_by_the_threshold() -> None:
    claims = rule_claims(TEXT, matcher=MATCHER, published=PUBLISHED)
    assert [c.classification for c in claims] == [NEW_PLEDGE, BACKGROUND]
    dropped = decide(claims, [0.2, 0.95], threshold=0.5, promote=False, main_donor="NOR")
    assert [c.classification for c in dropped] == [NOT_A_PLEDGE, BACKGROUND]
    assert [c.confidence for c in dropped] == [0.8, claims[1].confidence]
    kept = decide(claims, [0.9, 0.1], threshold=0.5, promote=True, main_donor="NOR")
    assert [(c.classification, c.confidence) for c in kept] == [
        (NEW_PLEDGE, 0.9),
        (BACKGROUND, claims[1].confidence),
    ]
    promoted = decide(
        claims, [0.9, 0.95], threshold=0.5, promote=True, main_donor="NOR", published=PUBLISHED
    )
    assert promoted[1].classification == NEW_PLEDGE and promoted[1].reason_code == "likely"
    assert promoted[1].confidence == 0.95


def test_features_hash_to_the_same_slots_in_every_process() -> None:
    # blake2b of the feature's name: a change here would make every shipped weight mean something else.
    assert vector({"class=new_pledge": 1.0}) == {3018: 1.0}
    claims = rule_claims(TEXT, matcher=MATCHER)
    vectors = claim_vectors(claims, article_of(TEXT, "NOR"))
    assert all(0 <= slot < DIMENSIONS for v in vectors for slot in v)


def test_fit_is_deterministic_and_learns_a_separable_rule() -> None:
    x = np.zeros((40, DIMENSIONS))
    y = np.zeros(40)
    for row in range(40):
        x[row, row % 7] = 1.0
        x[row, 100] = 1.0 if row % 2 else -1.0
        y[row] = row % 2
    w, b = fit(x, y, l2=0.001, iterations=500)
    again, b_again = fit(x, y, l2=0.001, iterations=500)
    assert np.array_equal(w, again) and b == b_again
    assert w[100] > 1.0


def test_the_shipped_weights_hold_numbers_only() -> None:
    raw = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert set(raw) == {"bias", "dimensions", "format", "meta", "promote", "threshold", "weights"}
    assert all(slot.isdigit() and int(slot) < DIMENSIONS for slot in raw["weights"])
    assert all(isinstance(v, float) for v in raw["weights"].values())
