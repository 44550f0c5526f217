"""The scorer's matching rule (issue #17, point 3) on sentences written for the test: amounts within 2 % or
through a conversion the text states, items through the catalogue, dates only when both sides have one, the
European Union as EU or EUU, extra fields accepted."""

import datetime as dt
import json

import pytest

from nsatu.engine.intake import extract_claims, parse_labels, score_article
from nsatu.engine.intake.score import catalogue_names
from tests.engine.intake.patterns import MATCHER

NAMES = catalogue_names(MATCHER)


def _score(text: str, pledge: dict[str, object], published: str | None = "2025-03-10"):
    line = {
        "file": "x.txt",
        "url": "https://example.org/x",
        "published": published,
        "pledges": [{"recipient_iso3": "UKR", "note": "any extra field", **pledge}],
        "non_pledges": [],
    }
    (article,) = parse_labels(json.dumps(line))
    claims = extract_claims(
        text, matcher=MATCHER, published=dt.date.fromisoformat(published) if published else None
    )
    return score_article(article, claims, NAMES)


@pytest.mark.parametrize(
    ("amount", "currency", "matched"),
    [
        (16_000_000_000, "SEK", 1),  # as stated
        (16_250_000_000, "SEK", 1),  # within 2 %
        (16_500_000_000, "SEK", 0),  # 3 % off
        (1_590_000_000, "USD", 1),  # the conversion the text gives
        (1_700_000_000, "USD", 0),  # a conversion the text does not give
    ],
)
def test_amounts_match_within_two_percent_or_through_the_stated_conversion(
    amount, currency, matched
):
    text = "Sweden will give Ukraine military aid worth 16 billion crowns ($1.59 billion), the minister said."
    score = _score(
        text,
        {"donor_iso3": "SWE", "kind": "funds", "amount": amount, "currency": currency},
    )
    assert score.true_positives == matched


@pytest.mark.parametrize(
    ("item", "matched"),
    [
        ("M142 HIMARS", 1),  # the catalogue's name of what the text calls HIMARS
        ("HIMARS", 1),
        ("High Mobility Artillery Rocket System", 1),  # a long name of the same entry
        ("NASAMS", 0),
    ],
)
def test_items_match_through_the_catalogue(item, matched):
    text = "The United States will send four HIMARS to Ukraine, the Pentagon announced on Monday."
    score = _score(text, {"donor_iso3": "USA", "kind": "in_kind", "item": item, "quantity": 4})
    assert score.true_positives == matched


def test_a_date_is_compared_only_when_both_sides_have_one():
    text = "Norway will provide NOK 2 billion for air defence, the prime minister said."
    pledge = {"donor_iso3": "NOR", "kind": "funds", "amount": 2_000_000_000, "currency": "NOK"}
    # No publication date: the claim has no date, so the label's date is not held against it.
    assert (
        _score(text, {**pledge, "date_announced": "2024-05-16"}, published=None).true_positives == 1
    )
    assert _score(text, {**pledge, "date_announced": "2025-03"}).true_positives == 1
    assert _score(text, {**pledge, "date_announced": "2024-05"}).true_positives == 0


@pytest.mark.parametrize("code", ["EU", "EUU"])
def test_the_european_union_is_eu_or_euu(code):
    text = "The EU agreed on Friday to provide €2 billion for ammunition under the European Peace Facility."
    score = _score(
        text, {"donor_iso3": code, "kind": "funds", "amount": 2_000_000_000, "currency": "EUR"}
    )
    assert score.true_positives == 1
