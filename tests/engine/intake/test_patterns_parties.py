"""Donors: several donors and amounts in one sentence, the aggressor named beside a donor, conversions and
sub-allocations that must not turn into donor-less pledges. Sentences written for the test."""

from tests.engine.intake.patterns import new_pledges, rows


def test_two_donors_each_own_their_amount():
    assert new_pledges(
        "Sweden is pledging $275 million and Norway about $135 million in new air defence aid."
    ) == [
        ("new_pledge", "SWE", "funds", 275_000_000, "USD", None, ""),
        ("new_pledge", "NOR", "funds", 135_000_000, "USD", None, ""),
    ]


def test_three_donors_in_a_list():
    assert [
        r[1:5]
        for r in new_pledges(
            "On Monday Latvia pledged €10 million, Estonia €20 million and Lithuania €30 million."
        )
    ] == [
        ("LVA", "funds", 10_000_000, "EUR"),
        ("EST", "funds", 20_000_000, "EUR"),
        ("LTU", "funds", 30_000_000, "EUR"),
    ]


def test_the_aggressor_named_beside_a_donor_is_not_the_other_side():
    assert rows("As Russia pressed its offensive, Estonia pledged €100 million on Monday.") == [
        ("new_pledge", "EST", "funds", 100_000_000, "EUR", None, "")
    ]
    assert rows(
        "Finland will send €200 million in new military aid to help Ukraine hold off Russia."
    ) == [("new_pledge", "FIN", "funds", 200_000_000, "EUR", None, "")]
    assert rows(
        "Croatia will give €30 million to replace equipment destroyed by Russian strikes."
    ) == [("new_pledge", "HRV", "funds", 30_000_000, "EUR", None, "")]


def test_the_aggressors_own_figure_stays_the_other_side():
    assert rows("Russia spent $100 billion on its army last year.")[0][:2] == (
        "not_a_pledge",
        "RUS",
    )


def test_a_conversion_is_no_second_pledge():
    assert rows("Canada will give C$500 million (US$366 million) in military aid.") == [
        ("new_pledge", "CAN", "funds", 500_000_000, "CAD", None, ""),
        ("not_a_pledge", "CAN", "funds", 366_000_000, "USD", None, ""),
    ]


def test_a_sub_allocation_of_the_package_before_is_no_pledge():
    assert rows(
        "Denmark announced a DKK 1.5 billion package on Friday. "
        "Of this, DKK 500 million will go to air defence."
    ) == [
        ("new_pledge", "DNK", "funds", 1_500_000_000, "DKK", None, ""),
        ("not_a_pledge", "DNK", "funds", 500_000_000, "DKK", None, ""),
    ]


def test_a_partner_named_with_with_is_not_the_donor():
    assert new_pledges(
        "Denmark, in cooperation with Sweden, will also provide 40 CV90 vehicles."
    ) == [("new_pledge", "DNK", "in_kind", None, "", 40, "CV90 vehicles")]


def test_a_remaining_balance_is_no_new_money():
    assert rows("The package leaves the remaining $2 billion of the authority unspent.")[0][0] == (
        "not_a_pledge"
    )


def test_a_canadian_dollar_sign_is_the_donors_dollar():
    assert rows(
        "Canada will send $25 million in protective gear, the minister said on Sunday."
    ) == [("new_pledge", "CAN", "funds", 25_000_000, "CAD", None, "")]
