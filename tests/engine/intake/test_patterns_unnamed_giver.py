"""A giver the text names as someone else without naming it ("another partner", "an undisclosed donor", "other
allies"): its amount stays unassigned, never the article's main donor's nor the donor of the sentence before.
Sentences written for the test."""

import pytest

from nsatu.engine.intake import extract_claims
from tests.engine.intake.patterns import MATCHER, PUBLISHED, rows

# Denmark dominates the party mentions, so an amount with no giver in reach is Denmark's.
ABOUT_DENMARK = (
    "Denmark sends more air defence to Ukraine\n"
    "Denmark will donate DKK 800 million for air defence, the Danish defence ministry said on Monday.\n\n"
)
DENMARK = ("new_pledge", "DNK", "funds", 800_000_000, "DKK", None, "")
UNASSIGNED = ("new_pledge", None, "funds", 50_000_000, "USD", None, "")


@pytest.mark.parametrize(
    "sentence",
    [
        "A further $50 million will be provided.",
        # Others named as a yardstick or as companions are not the giver.
        "A further $50 million will be provided, more than other donors gave this month.",
        "Together with other allies, a further $50 million will be provided.",
    ],
)
def test_a_donorless_amount_still_takes_the_main_donor(sentence):
    assert rows(ABOUT_DENMARK + sentence) == [
        DENMARK,
        ("new_pledge", "DNK", "funds", 50_000_000, "USD", None, ""),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said another partner, not yet named, would provide a further $50 million.",
        "A partner that asked not to be named will provide a further $50 million.",
        "An unnamed European ally pledged $50 million more.",
        "Other allies pledged a further $50 million.",
        "A donor whose identity was not disclosed will finance a further $50 million.",
        "A further $50 million will be provided by a partner that did not want to be identified.",
        "A Nordic partner yet to be named will send $50 million.",
    ],
)
def test_an_unnamed_giver_is_not_the_main_donor(sentence):
    assert rows(ABOUT_DENMARK + sentence) == [DENMARK, UNASSIGNED]


def test_the_unnamed_giver_is_kept_as_written_for_the_reviewer():
    claims = extract_claims(
        ABOUT_DENMARK + "A partner that asked not to be named will provide a further $50 million.",
        matcher=MATCHER,
        published=PUBLISHED,
    )
    assert (claims[-1].donor, claims[-1].donor_text, claims[-1].reason_code) == (
        None,
        "partner that asked not to be named",
        "pledge_no_donor",
    )
    assert "giver not named: partner that asked not to be named" in claims[-1].notes


def test_an_unnamed_giver_does_not_inherit_the_donor_before_nor_become_its_part():
    # Without the cue the smaller dollar sum would read as a part of Norway's package.
    assert rows("Norway will give $300 million. A further $40 million will be provided.")[1][
        :2
    ] == (
        "not_a_pledge",
        "NOR",
    )
    assert rows("Norway will give $300 million. Another donor will provide $40 million.") == [
        ("new_pledge", "NOR", "funds", 300_000_000, "USD", None, ""),
        ("new_pledge", None, "funds", 40_000_000, "USD", None, ""),
    ]


def test_a_named_donor_and_an_unnamed_one_in_one_sentence():
    assert rows("Finland will give €50 million and another partner €30 million.") == [
        ("new_pledge", "FIN", "funds", 50_000_000, "EUR", None, ""),
        ("new_pledge", None, "funds", 30_000_000, "EUR", None, ""),
    ]


def test_the_sentence_after_an_unnamed_giver_is_not_the_earlier_donors():
    assert rows(
        "Estonia pledged €10 million on Monday. Another partner, which asked not to be named, will send"
        " €5 million. It will also send 20 Bayraktar TB2 drones."
    ) == [
        ("new_pledge", "EST", "funds", 10_000_000, "EUR", None, ""),
        ("new_pledge", None, "funds", 5_000_000, "EUR", None, ""),
        ("new_pledge", None, "in_kind", None, "", 20, "Bayraktar TB2 drones"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Together with other allies, it will also send 10 CV90 vehicles.",
        "Alongside several partners, it will also send 10 CV90 vehicles.",
    ],
)
def test_companions_named_beside_the_giver_are_not_the_giver(sentence):
    assert rows("Sweden pledged SEK 1 billion on Monday. " + sentence) == [
        ("new_pledge", "SWE", "funds", 1_000_000_000, "SEK", None, ""),
        ("new_pledge", "SWE", "in_kind", None, "", 10, "CV90 vehicles"),
    ]
