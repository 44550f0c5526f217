import datetime as dt
from decimal import Decimal

import pytest

from nsatu.engine.intake import BACKGROUND, NEW_PLEDGE, NOT_A_PLEDGE, extract_claims
from nsatu.engine.intake.extract import rule_claims
from tests.engine.intake.corpus import article, needs_articles, reference_matcher

MATCHER = reference_matcher()


def _claims(text, published=None):
    return extract_claims(text, matcher=MATCHER, published=published)


def _one(text, published=None):
    [claim] = _claims(text, published)
    return claim


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
@needs_articles
def test_the_five_articles_state_no_new_pledge(prefix):
    text, published = article(prefix)
    claims = _claims(text, published)
    assert [c for c in claims if c.classification == NEW_PLEDGE] == []
    for claim in claims:  # every claim points at its exact words
        assert text[claim.start : claim.end] == claim.sentence
        assert text[claim.evidence_start : claim.evidence_end] == claim.evidence


@needs_articles
def test_the_two_billion_of_may_is_an_earlier_us_package_with_its_date():
    text, published = article("000")
    [claim] = _claims(text, published)
    assert (claim.amount, claim.currency, claim.donor) == (Decimal(2_000_000_000), "USD", "USA")
    assert claim.classification == BACKGROUND and claim.reason_code == "earlier_date"
    assert (claim.date_announced, claim.date_precision) == (dt.date(2024, 5, 1), "month")
    assert "May" in claim.reason


@needs_articles
def test_without_a_publication_date_a_named_month_still_reads_as_earlier():
    text, _ = article("000")
    [claim] = _claims(text, None)
    assert claim.classification == BACKGROUND and claim.confidence < 0.8


@needs_articles
def test_article_003_totals_and_goals_are_not_pledges():
    text, published = article("003")
    by_text = {c.evidence: c for c in _claims(text, published)}
    total = by_text["tens of billions of dollars"]
    assert (total.classification, total.reason_code, total.donor) == (
        BACKGROUND,
        "cumulative",
        None,
    )
    assert "NATO countries" in total.donor_text
    goal = by_text["500 million euros"]
    assert (goal.classification, goal.reason_code, goal.amount) == (
        NOT_A_PLEDGE,
        "target",
        Decimal(500_000_000),
    )


def test_a_new_pledge_has_donor_mechanism_date_and_reason():
    claim = _one(
        "The United States announced a $250 million package of military assistance for Ukraine on Friday, "
        "drawn from Pentagon stocks under the Presidential Drawdown Authority.",
        dt.date(2024, 9, 6),
    )
    assert claim.classification == NEW_PLEDGE
    assert (claim.donor, claim.recipient, claim.kind, claim.mechanism) == (
        "USA",
        "UKR",
        "funds",
        "PDA",
    )
    assert claim.date_announced == dt.date(2024, 9, 6)
    assert claim.confidence >= 0.9
    assert "announced" in claim.reason and "United States" in claim.reason


def test_a_conversion_of_the_same_amount_is_not_a_second_pledge():
    first, second = _claims(
        "The Netherlands will fund a €500 million (about $578 million) package for Ukraine.",
        dt.date(2025, 8, 4),
    )
    assert (first.classification, first.amount, first.currency) == (
        NEW_PLEDGE,
        Decimal(500_000_000),
        "EUR",
    )
    assert (second.classification, second.reason_code) == (NOT_A_PLEDGE, "conversion")
    assert "€500 million" in second.reason


def test_a_new_pledge_and_the_total_it_brings_are_told_apart():
    new, total = _claims(
        "Germany pledged €500m for Ukraine on Monday, bringing its total since 2022 to €7bn.",
        dt.date(2024, 6, 4),
    )
    assert (new.classification, new.amount) == (NEW_PLEDGE, Decimal(500_000_000))
    assert (total.classification, total.reason_code, total.amount) == (
        BACKGROUND,
        "cumulative",
        Decimal(7_000_000_000),
    )
    so_far = _one("Norway has sent $3 billion so far.", dt.date(2024, 6, 4))
    assert so_far.reason_code == "cumulative"


def test_losses_of_the_other_side_and_its_spending_are_not_aid():
    losses = _one("Russia has lost more than 2,000 tanks since the invasion.", dt.date(2024, 4, 23))
    assert (losses.classification, losses.reason_code, losses.quantity) == (
        NOT_A_PLEDGE,
        "losses",
        2000,
    )
    spending = _one("Russia will spend $140 billion on its army next year.", dt.date(2024, 4, 23))
    assert (spending.classification, spending.reason_code) == (NOT_A_PLEDGE, "other_side")


def test_another_donors_aid_named_for_comparison_is_background():
    new, other = _claims(
        "Poland will send $300 million in ammunition to Ukraine, after Germany's €500m package.",
        dt.date(2024, 6, 4),
    )
    assert (new.classification, new.donor) == (NEW_PLEDGE, "POL")
    assert (other.classification, other.reason_code, other.donor) == (
        BACKGROUND,
        "other_donor",
        "DEU",
    )


def test_requests_and_targets_are_not_pledges():
    claim = _one(
        "Ukraine has asked its partners for 1,000 more artillery pieces.", dt.date(2024, 1, 18)
    )
    assert (claim.classification, claim.reason_code) == (NOT_A_PLEDGE, "target")


def test_contents_of_a_new_package_are_in_kind_pledges_of_its_donor():
    claims = _claims(
        "Britain will send Ukraine a £500 million package, Rishi Sunak announced on Tuesday.\n\n"
        "The package includes 400 vehicles, 60 boats and 4 million rounds of ammunition.",
        dt.date(2024, 4, 23),
    )
    assert [(c.classification, c.donor, c.kind, c.quantity) for c in claims] == [
        (NEW_PLEDGE, "GBR", "funds", None),
        (NEW_PLEDGE, "GBR", "in_kind", 400),
        (NEW_PLEDGE, "GBR", "in_kind", 60),
        (NEW_PLEDGE, "GBR", "in_kind", 4_000_000),
    ]
    assert claims[0].date_announced == dt.date(2024, 4, 23)


def test_contents_of_an_earlier_package_stay_background():
    claims = _claims(
        "In March, Britain had sent Ukraine a £500 million package.\n\n"
        "The package included 400 vehicles and 60 boats.",
        dt.date(2024, 6, 23),
    )
    assert [(c.classification, c.reason_code) for c in claims[1:]] == [
        (BACKGROUND, "contents"),
        (BACKGROUND, "contents"),
    ]


def test_one_sum_and_the_equipment_it_buys_are_one_in_kind_pledge():
    text = (
        "France to deliver CAESAR howitzers as artillery coalition starts\n\n"
        "France will deliver 12 CAESAR howitzers to Ukraine, paid for with 50 million euros from a new fund, "
        "Defence Minister Sébastien Lecornu announced on Thursday in Paris."
    )
    [claim] = _claims(text, dt.date(2024, 1, 18))  # the headline's repeat is dropped
    assert (claim.kind, claim.item_name, claim.quantity, claim.amount) == (
        "in_kind",
        "CAESAR",
        12,
        Decimal(50_000_000),
    )
    assert claim.donor == "FRA" and claim.date_announced == dt.date(2024, 1, 18)


def test_a_donor_is_carried_over_from_the_sentence_before_with_less_confidence():
    claims = _claims(
        "Denmark announced a new aid package for Ukraine. It will provide DKK 1.8 billion.",
        dt.date(2023, 12, 18),
    )
    [claim] = claims
    assert (claim.donor, claim.classification) == ("DNK", NEW_PLEDGE)
    assert "taken from the sentence before" in claim.notes[0]
    # The rules' own confidence, one of the learned filter's features (the filter's probability weighs it
    # with everything else).
    [by_rules] = rule_claims(
        "Denmark announced a new aid package for Ukraine. It will provide DKK 1.8 billion.",
        matcher=MATCHER,
        published=dt.date(2023, 12, 18),
    )
    [named] = rule_claims(
        "Denmark will provide DKK 1.8 billion to Ukraine.",
        matcher=MATCHER,
        published=dt.date(2023, 12, 18),
    )
    assert by_rules.confidence < named.confidence


def test_no_donor_named_is_a_pledge_to_assign():
    claim = _one("A further $100 million will be provided to Ukraine.", dt.date(2024, 6, 4))
    assert (claim.classification, claim.donor, claim.reason_code) == (
        NEW_PLEDGE,
        None,
        "pledge_no_donor",
    )
    assert claim.confidence < 0.5
