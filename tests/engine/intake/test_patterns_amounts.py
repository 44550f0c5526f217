"""Amounts: currencies in words and abbreviations, entity debris, pledges without a classic verb, totals and
earlier amounts. Every sentence here is written for the test."""

import pytest

from nsatu.engine.intake import extract_claims, read_document
from tests.engine.intake.patterns import MATCHER, PUBLISHED, rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Finland said on Monday it would give 4.3 billion Swedish crowns to the fund.",
            ("FIN", 4_300_000_000, "SEK"),
        ),
        ("Norway will provide NOK 7bn for air defence this year.", ("NOR", 7_000_000_000, "NOK")),
        ("The EU approved €1.3B for artillery ammunition on Monday.", ("EU", 1_300_000_000, "EUR")),
        ("Denmark pledged 500 million kroner for drones.", ("DNK", 500_000_000, "DKK")),
        ("Sweden will donate 2 billion kronor in new military aid.", ("SWE", 2_000_000_000, "SEK")),
        (
            "Poland will send 300 million Polish zlotys worth of shells.",
            ("POL", 300_000_000, "PLN"),
        ),
        ("Canada pledged C$500M in military aid on Friday.", ("CAN", 500_000_000, "CAD")),
    ],
)
def test_currencies_in_words_and_abbreviations(text, expected):
    assert [(r[1], r[3], r[4]) for r in rows(text) if r[0] == "new_pledge"] == [expected]


def test_html_entity_debris_is_cleaned_before_reading():
    data = (
        b"Portugal sends aid\n\nPortugal will donate euro;977 million and &amp;pound;20 million "
        b"in military aid, the minister said on Monday.\n"
    )
    read = read_document(data, kind="text", name="a.txt", max_bytes=10_000)
    assert "€977 million" in read.text and "£20 million" in read.text
    claims = extract_claims(read.text, matcher=MATCHER, published=PUBLISHED)
    assert [(c.donor, int(c.amount or 0), c.currency) for c in claims] == [
        ("PRT", 977_000_000, "EUR"),
        ("PRT", 20_000_000, "GBP"),
    ]


def test_pledges_without_a_classic_verb():
    assert rows("The Netherlands will spend €2 billion more on military aid next year.") == [
        ("new_pledge", "NLD", "funds", 2_000_000_000, "EUR", None, "")
    ]
    assert rows("Belgium unveiled a package worth approximately €106 million on Monday.") == [
        ("new_pledge", "BEL", "funds", 106_000_000, "EUR", None, "")
    ]


def test_earlier_amounts_in_the_past_perfect_are_background():
    assert rows("Italy had allocated €500 million in March.") == [
        ("background", "ITA", "funds", 500_000_000, "EUR", None, "")
    ]
    [claim] = [
        r
        for r in rows(
            "Spain, which had pledged €1 billion earlier, announced €200 million on Monday."
        )
        if r[0] == "new_pledge"
    ]
    assert claim[1:5] == ("ESP", "funds", 200_000_000, "EUR")


@pytest.mark.parametrize(
    "text",
    [
        "The United States has committed more than $8.7 billion in security assistance since 2014.",
        "Since Russia's full-scale invasion, Germany has provided about €28 billion in military aid.",
        "Canada has allocated over C$4 billion to Ukraine's defence.",
        "Norway's support now stands at NOK 75 billion in total.",
    ],
)
def test_cumulative_totals_are_background(text):
    [row] = rows(text)
    assert row[0] == "background"
