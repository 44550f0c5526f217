"""The rules added after the third held-out round, each on sentences written for the test: a pledge needs one donor
(a group's or an initiative's sum is no one's), a possessive offer owns its contents, a system another country
sends with the donor's money is not the donor's, a promise kept or restated is the earlier promise, a background
section recalls earlier news, a programme's yearly or multi-year sum is no package, a range is read at its lower
end with its scale, a price right after an item is that item's value, the value given for a package named in the
sentence before is that package's."""

import datetime as dt
from decimal import Decimal

import pytest

from nsatu.engine.intake.money import find_money
from tests.engine.intake.patterns import catalogue, new_pledges, rows

ARMS = catalogue(
    ("Leopard 2A6", ("Leopard 2",)),
    ("MIM-104 Patriot", ("Patriot",)),
    ("CAESAR", ("Caesar",)),
    "NASAMS",
)


def test_a_group_of_countries_is_no_donor() -> None:
    text = "Eleven NATO countries will provide $900 million for the ammunition project."
    assert rows(text) == [("not_a_pledge", None, "funds", 900_000_000, "USD", None, "")]


def test_money_an_initiative_has_raised_is_others_money() -> None:
    text = (
        "Slovenia's prime minister said on Monday that the Ljubljana-led initiative has raised "
        "€2.3 billion for shells."
    )
    assert new_pledges(text) == []
    assert rows(text)[0][0] == "not_a_pledge"


def test_a_possessive_offer_owns_its_contents() -> None:
    text = "Portugal's offer includes 12 Leopard 2 tanks and 4,000 rounds of ammunition."
    assert new_pledges(text, matcher=ARMS) == [
        ("new_pledge", "PRT", "in_kind", None, "", 12, "Leopard 2 tanks"),
        ("new_pledge", "PRT", "in_kind", None, "", 4000, "rounds of ammunition"),
    ]


def test_a_system_another_country_sends_with_the_donors_money_is_not_the_donors() -> None:
    text = (
        "Denmark is giving DKK 900 million that will enable Greece to send a Patriot system to Ukraine.\n"
        "Sweden will help co-finance a NASAMS battery for Ukraine."
    )
    assert new_pledges(text, matcher=ARMS) == [
        ("new_pledge", "DNK", "funds", 900_000_000, "DKK", None, ""),
    ]


def test_a_promise_kept_or_restated_is_the_earlier_promise() -> None:
    text = (
        "Paris will fulfil its promise, which was to deliver 18 Caesar howitzers to Ukraine.\n"
        "The minister reaffirmed Spain's commitment to supplying Patriot missiles and announced plans to send "
        "Leopard 2 tanks."
    )
    assert new_pledges(text, matcher=ARMS) == [
        ("new_pledge", "ESP", "in_kind", None, "", None, "Leopard 2 tanks"),
    ]


def test_a_system_named_by_who_provided_it_is_a_delivery() -> None:
    text = "Ukraine will receive missiles for the three initial Norwegian-provided NASAMS."
    assert new_pledges(text, matcher=ARMS) == []


def test_nothing_under_a_background_heading_is_new() -> None:
    text = (
        "Latvia sends drones to Ukraine\n"
        "Latvia will send 300 drones to Ukraine, the ministry said.\n\n"
        "Background:\n\n"
        "- Latvia will also provide Ukraine with €20 million for air defence this year."
    )
    assert new_pledges(text) == [("new_pledge", "LVA", "in_kind", None, "", 300, "drones")]
    assert ("background", "LVA", "funds", 20_000_000, "EUR", None, "") in rows(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "Belgium will allocate €600 million a year to Ukraine's defence.",
        "A further €4.1 billion was earmarked by Belgium for 2027 to 2030.",
    ],
)
def test_a_programmes_yearly_or_multi_year_sum_is_no_package(sentence: str) -> None:
    assert new_pledges(sentence) == []


def test_a_programme_brought_to_a_total_is_no_package() -> None:
    text = "The new order brings Canada's drone procurement programme for Ukraine to C$410 million."
    assert new_pledges(text) == []


def test_existing_commitments_are_background() -> None:
    text = "The aid adds to Italy's existing commitments, including 2.2 billion euros for Ukraine's defence."
    assert new_pledges(text) == []


@pytest.mark.parametrize(
    ("text", "amount", "currency", "words"),
    [
        ("another €30-35 million", 30_000_000, "EUR", "€30-35 million"),
        ("worth 400–450 million korunas", 400_000_000, "CZK", "400–450 million korunas"),
        ("between $1 to $2 billion", 1_000_000_000, "USD", "$1 to $2 billion"),
    ],
)
def test_a_range_is_read_at_its_lower_end_with_its_scale(
    text: str, amount: int, currency: str, words: str
) -> None:
    [money] = find_money(text)
    assert (money.amount, money.currency, money.text) == (Decimal(amount), currency, words)


def test_a_price_right_after_an_item_is_its_value() -> None:
    text = (
        "Estonia will donate drones worth 2 million euros to Ukraine.\n"
        "Finland is giving Ukraine its Leopard 2 tanks, which are valued at €90 million."
    )
    assert new_pledges(text, matcher=ARMS) == [
        ("new_pledge", "EST", "in_kind", 2_000_000, "EUR", None, "drones"),
        ("new_pledge", "FIN", "in_kind", 90_000_000, "EUR", None, "Leopard 2 tanks"),
    ]


def test_the_value_given_for_a_package_named_before_is_that_package() -> None:
    text = (
        "Croatia has approved its seventh package of military aid for Ukraine.\n"
        "Officials said that it is worth approximately €35 million."
    )
    assert new_pledges(text, published=dt.date(2025, 3, 10)) == [
        ("new_pledge", "HRV", "funds", 35_000_000, "EUR", None, ""),
    ]


def test_a_plan_to_approve_a_package_is_no_pledge_yet() -> None:
    text = "The Greek government plans to approve a new package for Ukraine including a Patriot system."
    assert new_pledges(text, matcher=ARMS) == []
