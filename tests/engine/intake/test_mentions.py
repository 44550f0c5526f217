import datetime as dt
from decimal import Decimal

import pytest

from nsatu.engine.intake.dates import find_dates
from nsatu.engine.intake.items import ItemEntry, ItemMatcher
from nsatu.engine.intake.money import find_money
from nsatu.engine.intake.parties import find_parties
from nsatu.engine.intake.sentences import split_sentences
from tests.engine.intake.corpus import article, needs_articles


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("a $2 billion package", Decimal(2_000_000_000), "USD"),
        ("€500m for shells", Decimal(500_000_000), "EUR"),
        ("500 million euros annually", Decimal(500_000_000), "EUR"),
        ("NOK 1.5bn for NASAMS", Decimal(1_500_000_000), "NOK"),
        ("US$1.2 bn", Decimal(1_200_000_000), "USD"),
        ("£3 billion", Decimal(3_000_000_000), "GBP"),
        ("$5,000,000 in spare parts", Decimal(5_000_000), "USD"),
        ("200 million Canadian dollars", Decimal(200_000_000), "CAD"),
    ],
)
def test_money_with_scale_words_and_currency_codes(text, amount, currency):
    [money] = find_money(text)
    assert (money.amount, money.currency) == (amount, currency)
    assert text[money.start : money.end] == money.text


def test_order_of_magnitude_has_no_amount_and_plain_numbers_are_not_money():
    [vague] = find_money("weaponry worth tens of billions of dollars")
    assert vague.amount is None and vague.vague and vague.currency == "USD"
    assert find_money("32 countries, 13 of which, the 75th summit, 2 percent of GDP, 67.15%") == []


def test_dates_resolve_against_the_publication_day():
    published = dt.date(2024, 6, 4)  # a Tuesday
    found = {
        d.text: (d.value, d.precision)
        for d in find_dates(
            "Also in May, it was said on Monday and on Tuesday; in February of the previous year; since 2014; "
            "last week; on May 15, 2024.",
            reference=published,
        )
    }
    assert found["May"] == (dt.date(2024, 5, 1), "month")
    assert found["on Monday"] == (dt.date(2024, 6, 3), "day")
    assert found["on Tuesday"] == (dt.date(2024, 6, 4), "day")  # news of the day, not a week before
    assert found["February of the previous year"] == (dt.date(2023, 2, 1), "month")
    assert found["2014"] == (dt.date(2014, 1, 1), "year")
    assert found["last week"][1] == "week"
    assert found["May 15, 2024"] == (dt.date(2024, 5, 15), "day")


def test_may_the_verb_is_no_date_and_relative_dates_need_a_publication_day():
    assert find_dates("the initiative may result in promises", reference=dt.date(2024, 6, 4)) == []
    [monday] = find_dates("announced on Monday", reference=None)
    assert monday.value is None


def test_parties_by_name_demonym_capital_and_institution():
    text = (
        "German Chancellor Olaf Scholz and the U.S. met in Washington; the Pentagon said Berlin's aid "
        "and the UK's are large, NATO members agreed."
    )
    found = [(p.code, p.text, p.how) for p in find_parties(text)]
    assert ("DEU", "German", "demonym") in found
    assert ("USA", "U.S.", "name") in found
    assert ("USA", "Pentagon", "institution") in found
    assert ("DEU", "Berlin", "capital") in found
    assert ("GBR", "UK", "name") in found
    assert not any(p[1] == "Washington" for p in found)  # "in Washington" is a place
    assert not any(p[0] == "NATO" for p in found)  # "NATO members" is a group, not NATO


def test_items_match_names_aliases_variants_and_counts():
    matcher = ItemMatcher.from_entries(
        [
            ItemEntry(1, "Leopard 1A5"),
            ItemEntry(2, "Leopard 2A4"),
            ItemEntry(3, "Patriot (MIM-104)"),
            ItemEntry(4, "F-16 (AM/BM, C/D)"),
            ItemEntry(5, "MIM-23 HAWK"),
            ItemEntry(6, "M142 HIMARS", ("HIMARS",)),
        ]
    )
    found = {
        m.text: m
        for m in matcher.find(
            "40 more Leopard 1A5 tanks, three Patriot systems, 24 F-16s, six additional HAWK air defence systems, "
            "two Leopard tanks, 1.5 million artillery shells and F-16 fighter jets"
        )
    }
    assert (found["Leopard 1A5 tanks"].item_id, found["Leopard 1A5 tanks"].quantity) == (1, 40)
    assert (found["Patriot systems"].item_id, found["Patriot systems"].quantity) == (3, 3)
    assert (found["F-16s"].item_id, found["F-16s"].quantity) == (4, 24)
    assert (
        found["HAWK air defence systems"].item_id,
        found["HAWK air defence systems"].quantity,
    ) == (5, 6)
    ambiguous = found["Leopard tanks"]
    assert ambiguous.item_id is None and ambiguous.candidates == ("Leopard 1A5", "Leopard 2A4")
    assert found["artillery shells"].generic and found["artillery shells"].quantity == 1_500_000
    assert found["F-16 fighter jets"].quantity is None  # the 16 of F-16 is not a count


@needs_articles
def test_sentence_offsets_point_into_the_text():
    text, _ = article("000")
    sentences = split_sentences(text)
    assert len(sentences) > 20
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    assert any(s.text.startswith("Also in May, the United States announced") for s in sentences)
