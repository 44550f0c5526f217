"""Rules added after the fourth held-out round was scored once (so that round no longer measures them), each on
sentences written for the test: totals reached ("raises … to", "in six months", "has so far contributed … worth
more than"), a year's budget, recent packages, authority and appropriations, restoration money, an apposition
that ranks the donor, the total value of a package, a delivery announced, a party the words exclude, the
subject after an opening phrase that holds the amount."""

import pytest

from tests.engine.intake.patterns import catalogue, new_pledges, rows

ARMS = catalogue("IRIS-T SLM", "NASAMS")


@pytest.mark.parametrize(
    "sentence",
    [
        "This pledge raises Estonia's military backing to Ukraine up to €600 million.",
        "Britain has sent more than 4,000 drones to Ukraine in three months.",
        "Slovakia has so far contributed military aid worth more than €170 million.",
        "Romania has now provided the Ukrainian army with more than €250 million of equipment.",
        "Next year, Finland will allocate €1.1 billion to Ukraine.",
        "In its budget 2023, Portugal also allocated €60 million for military assistance to Ukraine.",
        "The announcement follows a series of recent aid packages, including a $400 million package from the US.",
        "The President still has access to approximately $3.2 billion in Presidential Drawdown Authority.",
        "The US Congress has already approved the allocation of $40 billion in aid to Ukraine.",
        "Belgium announced €150 million towards the restoration of Ukraine's power grid.",
    ],
)
def test_not_a_new_package(sentence: str) -> None:
    assert new_pledges(sentence) == []


def test_an_apposition_ranks_the_donor_it_is_not_the_subject() -> None:
    text = "Japan, one of Ukraine's largest non-NATO donors, has announced a package worth $80 million."
    assert new_pledges(text) == [("new_pledge", "JPN", "funds", 80_000_000, "USD", None, "")]


def test_the_total_value_of_the_package_is_the_packages_value() -> None:
    text = (
        "Norway presented its new support package for Ukraine on Tuesday.\n"
        "The total value of the support package is approximately NOK 2.5 billion."
    )
    assert new_pledges(text) == [("new_pledge", "NOR", "funds", 2_500_000_000, "NOK", None, "")]


def test_a_delivery_announced_is_a_delivery() -> None:
    text = "The Swedish government announced that it has delivered two more IRIS-T SLM systems to Ukraine."
    assert new_pledges(text, matcher=ARMS) == []
    assert rows(text, matcher=ARMS)[0][0] == "background"


def test_the_subject_after_an_opening_phrase_owns_its_amount() -> None:
    text = (
        "Austria backs demining\n"
        "Austria will send €40 million in demining equipment to Ukraine.\n"
        "Germany coordinates the purchases for the coalition.\n"
        'The minister said that "With this further support of €15 million, Austria makes a real contribution."'
    )
    assert rows(text) == [
        ("new_pledge", "AUT", "funds", 40_000_000, "EUR", None, ""),
        ("new_pledge", "AUT", "funds", 15_000_000, "EUR", None, ""),
    ]
