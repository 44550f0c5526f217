"""The rules added after the sixth held-out round, each on sentences written for the test: a sale to the recipient
is no aid; "(U.S. $…)" after an amount is its conversion; a bare "13 million" before a converted sum takes the
currency named before it; "500.000 euros" groups thousands with dots; "this equipment includes" lists a package's
contents, a soldier's kit among them; "types that have not yet been delivered" describes what is new, not a wish."""

from tests.engine.intake.patterns import new_pledges, rows


def test_a_foreign_military_sale_is_no_pledge() -> None:
    text = "The State Department approved a possible Foreign Military Sale to Ukraine of radar spares for $95 million."
    assert new_pledges(text) == []
    assert [(r[0], r[3]) for r in rows(text) if r[2] == "funds"] == [("not_a_pledge", 95_000_000)]


def test_a_donor_agreeing_to_sell_is_no_pledge() -> None:
    text = "Poland agreed to sell 24 Krab howitzers to Ukraine for 2 billion zloty, the ministry announced."
    assert new_pledges(text) == []


def test_a_sale_named_far_after_the_item_leaves_it_a_pledge() -> None:
    text = (
        "The United States will provide Ukraine with 40 Bradley vehicles, which will reach the front sooner "
        "because deliveries of several foreign military sales were moved back."
    )
    assert new_pledges(text) == [("new_pledge", "USA", "in_kind", None, "", 40, "Bradley vehicles")]


def test_a_conversion_naming_the_us_with_dots_is_a_conversion() -> None:
    text = "Sweden will donate 500 million kronor (U.S. $48 million) to Ukraine for ammunition."
    assert [r[3:5] for r in new_pledges(text)] == [(500_000_000, "SEK")]


def test_a_bare_amount_before_its_conversion_takes_the_currency_named_before() -> None:
    text = (
        "Canada will give 4 million Canadian dollars ($2.9 million) to a drone coalition and about "
        "11 million ($8 million) to a demining coalition for Ukraine."
    )
    funds = [r[3:5] for r in new_pledges(text) if r[2] == "funds"]
    assert funds == [(4_000_000, "CAD"), (11_000_000, "CAD")]


def test_an_amount_with_its_own_currency_gains_no_second_reading() -> None:
    text = "Norway will increase its support to Ukraine by NOK 6 billion (about €510 million)."
    assert [r[3:5] for r in new_pledges(text)] == [(6_000_000_000, "NOK")]


def test_dots_grouping_thousands_give_the_whole_amount() -> None:
    text = "Slovenia will donate 750.000 euros to Ukraine for winter equipment."
    assert [r[3:5] for r in new_pledges(text)] == [(750_000, "EUR")]


def test_this_equipment_includes_lists_contents_with_a_soldiers_kit() -> None:
    text = (
        "Ireland will donate equipment worth €3 million to Ukraine's armed forces. "
        "This equipment includes helmets, sleeping bags, pistols and 20 generators."
    )
    assert new_pledges(text) == [
        ("new_pledge", "IRL", "funds", 3_000_000, "EUR", None, ""),
        ("new_pledge", "IRL", "in_kind", None, "", None, "helmets"),
        ("new_pledge", "IRL", "in_kind", None, "", None, "sleeping bags"),
        ("new_pledge", "IRL", "in_kind", None, "", None, "pistols"),
        ("new_pledge", "IRL", "in_kind", None, "", 20, "generators"),
    ]


def test_types_not_yet_delivered_are_new_contents_not_a_wish() -> None:
    text = (
        "The United States announced a $400 million package for Ukraine. "
        "The package includes two kinds of systems that have not yet been delivered to Ukraine: "
        "12 Stryker vehicles and 300 mortars."
    )
    assert [(r[0], r[5], r[6]) for r in new_pledges(text) if r[2] == "in_kind"] == [
        ("new_pledge", 12, "Stryker vehicles"),
        ("new_pledge", 300, "mortars"),
    ]


def test_not_yet_decided_is_still_no_pledge() -> None:
    text = "Germany has not yet decided whether to send 20 Taurus missiles to Ukraine."
    assert new_pledges(text) == []
