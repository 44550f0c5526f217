"""Patterns seen in real reporting (issue #17, second round of the development set): wrapped lines, spelled-out
sums, headlines that round the body's figure, envelopes, conversions followed by their purpose, sentences opened
by a date or "since", deliveries, other donors' money, offices speaking for a country, negations. Every sentence
here is written for the test; none is quoted from an article."""

import datetime as dt

import pytest

from nsatu.engine.intake import extract_claims
from tests.engine.intake.patterns import MATCHER, PUBLISHED, new_pledges, rows


def test_prose_wrapped_by_hand_is_read_as_one_sentence():
    text = (
        "Sweden Sends More Aid\n"
        "Sweden's defence minister presented on Monday during a\n"
        "press briefing the country's newest support package for Ukraine,\n"
        "worth 2.5 billion Swedish Kronas (approximately €220 million),\n"
        "and said deliveries start in spring.\n"
    )
    assert new_pledges(text) == [("new_pledge", "SWE", "funds", 2_500_000_000, "SEK", None, "")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Germany approved three billion euros in new military aid on Friday.",
            (3_000_000_000, "EUR"),
        ),
        ("Norway will give one billion Norwegian kroner for air defence.", (1_000_000_000, "NOK")),
        (
            "The US announced a new $640 Mn military aid package for Ukraine on Monday.",
            (640_000_000, "USD"),
        ),
    ],
)
def test_sums_spelled_out_or_abbreviated_with_a_capital(text, expected):
    assert [(r[3], r[4]) for r in new_pledges(text)] == [expected]


def test_a_headline_that_rounds_or_converts_the_body_figure_gives_way_to_it():
    text = (
        "Denmark gives almost $200 million to Ukraine\n"
        "Denmark has announced a new military aid package worth 1.4 billion Danish kroner "
        "(about $205 million).\n"
    )
    assert new_pledges(text) == [("new_pledge", "DNK", "funds", 1_400_000_000, "DKK", None, "")]


def test_parts_by_mechanism_sentences_after_the_total_are_the_pledges_and_the_total_is_not_repeated():
    text = (
        "US unveils aid\n"
        "The president announced a security assistance package worth nearly $3 billion on Monday.\n"
        "The package includes a $1.8 billion drawdown from US stocks.\n"
        "Another $1.15 billion will be funded via the Ukraine Security Assistance Initiative.\n"
        '"I am proud to announce nearly $3 billion for Ukraine," the president said.\n'
    )
    claims = [(r[0], r[3], r[4]) for r in rows(text)]
    assert claims == [
        ("not_a_pledge", 3_000_000_000, "USD"),
        ("new_pledge", 1_800_000_000, "USD"),
        ("new_pledge", 1_150_000_000, "USD"),
        ("background", 3_000_000_000, "USD"),
    ]
    mechanisms = [
        c.mechanism
        for c in extract_claims(text, matcher=MATCHER, published=PUBLISHED)
        if c.classification == "new_pledge"
    ]
    assert mechanisms == ["PDA", "USAI"]


def test_the_envelope_a_pledge_belongs_to_is_no_pledge_of_its_own():
    text = (
        "Canada has announced a new military aid package worth C$120 million, as part of its larger "
        "C$1.5 billion aid plan."
    )
    assert rows(text) == [
        ("new_pledge", "CAN", "funds", 120_000_000, "CAD", None, ""),
        ("background", "CAN", "funds", 1_500_000_000, "CAD", None, ""),
    ]


def test_a_package_value_after_its_contents_is_the_package_not_an_envelope():
    text = "Australia will send 30 Bushmaster vehicles to Ukraine as part of a $95 million support package."
    assert sorted(new_pledges(text), key=str) == sorted(
        [
            ("new_pledge", "AUS", "funds", 95_000_000, "AUD", None, ""),
            ("new_pledge", "AUS", "in_kind", None, "", 30, "Bushmaster vehicles"),
        ],
        key=str,
    )


def test_words_after_a_conversion_still_describe_the_amount_before_it():
    text = 'Sweden on Monday pledged 250 million kronor ($23 million) as a "humanitarian winter package".'
    assert new_pledges(text) == []
    assert rows(text)[0][:2] == ("not_a_pledge", "SWE")


def test_an_opening_since_makes_every_sum_of_the_sentence_cumulative():
    text = (
        "Since the Russian invasion in February 2022, Sweden has pledged 2 billion kronor in humanitarian "
        "aid, in addition to some 20 billion kronor in military aid."
    )
    assert new_pledges(text) == []


def test_an_opening_earlier_date_dates_every_sum_and_the_systems_they_bought():
    text = (
        "In June 2024, the Netherlands allocated €50 million for drones and contributed €300 million "
        "to a fund for CV90 infantry fighting vehicles."
    )
    assert new_pledges(text, published=dt.date(2025, 3, 31)) == []


def test_equipment_already_transferred_is_a_delivery_not_a_pledge():
    text = "In the past, Norway transferred the NASAMS air defence system to Ukraine."
    assert new_pledges(text) == []


def test_money_gathered_from_partner_countries_is_not_the_donor_s_pledge():
    text = (
        "Germany announced a new €1.5 billion aid package for Ukraine, with €1.2 billion secured from "
        "partner countries and nearly €300 million to come from Germany's defence budget."
    )
    assert [(r[0], r[3]) for r in rows(text)] == [
        ("not_a_pledge", 1_500_000_000),
        ("not_a_pledge", 1_200_000_000),
        ("new_pledge", 300_000_000),
    ]


def test_an_office_of_a_country_speaks_for_it_and_decides_its_crowns():
    text = "The Prime Minister of Sweden announced new military aid of 2 billion kroner on Tuesday."
    assert new_pledges(text) == [("new_pledge", "SWE", "funds", 2_000_000_000, "SEK", None, "")]


@pytest.mark.parametrize(
    "text",
    [
        # The proposal is the path of a decision taken, not a wish.
        "On the government's proposal, the President of Finland approved a package worth EUR 80 million.",
        # The recipient's needs are no condition on the giver.
        "Finland will deliver swiftly the equipment Ukraine needs to defend itself, worth EUR 80 million.",
    ],
)
def test_a_proposal_taken_or_the_recipient_s_needs_do_not_make_a_pledge_a_wish(text):
    assert new_pledges(text) == [("new_pledge", "FIN", "funds", 80_000_000, "EUR", None, "")]


@pytest.mark.parametrize(
    "text",
    [
        "The allies have not yet agreed to provide Ukraine with Leopard 2 main battle tanks.",
        "Hungary blocked the release of a new tranche of 400 million euros for Ukraine.",
        "Sweden has no intention to send Gripen fighters to Ukraine.",
    ],
)
def test_a_negated_or_blocked_offer_is_not_a_pledge(text):
    assert new_pledges(text) == []


def test_a_share_named_in_another_currency_with_words_of_allocation_is_a_part():
    text = (
        "Denmark has allocated 1.2 billion Danish kroner (approximately 160 million euros) to Ukraine's "
        "armed forces. Over 40 million euros are directly allocated to training equipment."
    )
    assert [(r[0], r[3], r[4]) for r in rows(text)] == [
        ("new_pledge", 1_200_000_000, "DKK"),
        ("not_a_pledge", 160_000_000, "EUR"),
        ("not_a_pledge", 40_000_000, "EUR"),
    ]


def test_a_long_name_counts_its_short_designation_once():
    text = (
        "The package includes three High Mobility Artillery Rocket Systems, known as HIMARS, "
        "and 120 mine resistant vehicles, the Pentagon announced."
    )
    claims = [
        (c.kind, c.quantity, c.item_name or c.item_text)
        for c in extract_claims(text, matcher=MATCHER, published=PUBLISHED)
        if c.classification == "new_pledge"
    ]
    assert claims == [("in_kind", 3, "M142 HIMARS"), ("in_kind", 120, "mine resistant vehicles")]


def test_a_designation_before_a_generic_noun_names_the_system():
    text = "Lithuania announced a €150 million package, which will include M577 armoured vehicles."
    assert [r[6] for r in new_pledges(text)] == ["", "M577 armoured vehicles"]


def test_a_count_before_a_named_system_and_its_noun_is_one_system():
    text = "Germany announced a new package with 8 IRIS-T SLS launchers on Monday."
    assert [(r[5], r[6]) for r in new_pledges(text)] == [(8, "IRIS-T")]


def test_the_package_value_given_again_in_another_currency_is_a_repeat():
    text = (
        "The Swedish government announced a military aid package of 1.1 billion dollars to Ukraine. "
        "This package is worth 12 billion kroner."
    )
    assert [(r[0], r[3], r[4]) for r in rows(text)] == [
        ("new_pledge", 1_100_000_000, "USD"),
        ("background", 12_000_000_000, "SEK"),
    ]


def test_a_count_stated_again_with_its_price_is_one_pledge():
    text = (
        "Canada has prepared a new military aid package, as part of which 40 armoured vehicles will be "
        "transferred. It will include $500 million over three years for 40 armoured vehicles, the prime "
        "minister of Canada announced."
    )
    assert new_pledges(text) == [
        ("new_pledge", "CAN", "in_kind", 500_000_000, "CAD", 40, "armoured vehicles")
    ]


def test_money_a_legislature_makes_available_is_no_package():
    text = (
        "The United States is authorizing a drawdown valued at up to $300 million. The Act provides "
        "$6 billion in drawdown authority for Ukraine."
    )
    assert [(r[0], r[3]) for r in rows(text)] == [
        ("new_pledge", 300_000_000),
        ("not_a_pledge", 6_000_000_000),
    ]


def test_drawing_on_an_authority_still_pledges():
    text = "The president authorized an additional $120 million in military aid, pulling from his drawdown authority."
    assert [(r[0], r[3]) for r in rows(text)] == [("new_pledge", 120_000_000)]


@pytest.mark.parametrize(
    "text",
    [
        "A few days ago, the Netherlands announced €150 million for counter-drone systems.",
        "Yesterday, Belgium announced the delivery of 24 F-16 aircraft to Ukraine.",
        "It was later announced that the Netherlands will purchase 40 mobile radars for Ukraine.",
    ],
)
def test_earlier_days_are_background(text):
    assert new_pledges(text, published=dt.date(2025, 10, 15)) == []


def test_a_singapore_dollar_conversion_is_no_pledge():
    text = (
        "Britain said it was spending a further £100 million (S$170 million) on drones for Ukraine."
    )
    assert new_pledges(text) == [("new_pledge", "GBR", "funds", 100_000_000, "GBP", None, "")]


@pytest.mark.parametrize(
    "text",
    [
        "Finland approved a new package on Friday, bringing total aid from the country for Ukraine to $2.9 billion.",
        "Norway has committed 6.5 billion euros ($7 billion) to Ukraine as of March 2024, the tracker says.",
        "Denmark has decided on military support totaling 60 billion kroner (8 billion euros) in the period 2022-2028.",
    ],
)
def test_totals_by_the_words_after_or_around_them(text):
    assert new_pledges(text) == []
