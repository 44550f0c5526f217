"""The rules added after the fifth held-out round, each on sentences written for the test: a package's list of
kinds of equipment ("tanks, anti-aircraft missiles and grenades") gives one in-kind record each; a recipient named
before a count does not make the count a model number; an acronym or a name before a generic noun names it, a
nationality does not; a sum in parentheses that names the US dollar converts the donor's own dollar; "pound" and
"won" are currencies; a bare "kroner" takes the article's donor; "the total cost of the package" is the package and
"the combined value of all packages so far", "is now over" and "doubling … to" are totals."""

from tests.engine.intake.patterns import new_pledges, rows


def test_a_package_list_of_kinds_of_equipment_gives_one_record_each() -> None:
    text = (
        "Norway will donate a military aid package worth NOK 2 billion to Ukraine.\n\n"
        "According to the ministry, the package will include tanks, anti-aircraft missiles, hand grenades "
        "and tank ammunition."
    )
    assert new_pledges(text) == [
        ("new_pledge", "NOR", "funds", 2_000_000_000, "NOK", None, ""),
        ("new_pledge", "NOR", "in_kind", None, "", None, "tanks"),
        ("new_pledge", "NOR", "in_kind", None, "", None, "anti-aircraft missiles"),
        ("new_pledge", "NOR", "in_kind", None, "", None, "hand grenades"),
        ("new_pledge", "NOR", "in_kind", None, "", None, "tank ammunition"),
    ]


def test_a_shipment_that_would_notably_include_lists_contents() -> None:
    text = (
        "Greece announced a new package of military aid for Ukraine on Monday.\n"
        "The Greek shipment, the minister said, would notably include machine guns, grenades and other "
        "equipment."
    )
    assert new_pledges(text) == [
        ("new_pledge", "GRC", "in_kind", None, "", None, "machine guns"),
        ("new_pledge", "GRC", "in_kind", None, "", None, "grenades"),
    ]


def test_arms_and_equipment_that_include_or_also_contain_are_contents() -> None:
    text = (
        "The United States will provide $150 million worth of arms and equipment from its stocks.\n"
        "The arms and equipment include cluster munitions and artillery ammunition. It also contains small "
        "arms."
    )
    assert new_pledges(text) == [
        ("new_pledge", "USA", "funds", 150_000_000, "USD", None, ""),
        ("new_pledge", "USA", "in_kind", None, "", None, "cluster munitions"),
        ("new_pledge", "USA", "in_kind", None, "", None, "artillery ammunition"),
        ("new_pledge", "USA", "in_kind", None, "", None, "small arms"),
    ]


def test_kinds_of_equipment_outside_a_list_of_contents_are_no_records() -> None:
    # Named in passing, with no package and no list, a kind of equipment is no pledge of its own.
    text = "Croatia says it will keep supporting Ukraine, which needs tanks and machine guns."
    assert new_pledges(text) == []


def test_a_recipient_before_a_count_is_no_model_name() -> None:
    assert new_pledges("Finland will send Ukraine 12 M113 armoured vehicles.") == [
        ("new_pledge", "FIN", "in_kind", None, "", 12, "M113")
    ]
    # A name before the number still makes it a model number.
    assert new_pledges("Japan will send 14 Type 90 tanks.") == [
        ("new_pledge", "JPN", "in_kind", None, "", 14, "tanks")
    ]


def test_an_acronym_or_a_name_before_a_generic_noun_names_it_a_nationality_does_not() -> None:
    text = "Greece will provide 30 KORAL anti-tank missiles and 20 Skyhawk launchers to Ukraine."
    assert new_pledges(text) == [
        ("new_pledge", "GRC", "in_kind", None, "", 30, "KORAL anti-tank missiles"),
        ("new_pledge", "GRC", "in_kind", None, "", 20, "Skyhawk launchers"),
    ]
    assert new_pledges("Poland will give Ukraine 5 Western tanks.") == [
        ("new_pledge", "POL", "in_kind", None, "", 5, "tanks")
    ]
    assert new_pledges("Poland will give Ukraine 5 German tanks.") == [
        ("new_pledge", "POL", "in_kind", None, "", 5, "tanks")
    ]


def test_a_sum_in_parentheses_naming_the_us_dollar_converts_the_donors_dollar() -> None:
    text = "Canada will provide approximately $680 million (USD $500 million) for air defence in Ukraine."
    assert rows(text) == [
        ("new_pledge", "CAN", "funds", 680_000_000, "CAD", None, ""),
        ("not_a_pledge", "CAN", "funds", 500_000_000, "USD", None, ""),
    ]


def test_pound_and_won_are_currencies() -> None:
    assert new_pledges("Britain will detail the 300 million pound aid package for Ukraine.") == [
        ("new_pledge", "GBR", "funds", 300_000_000, "GBP", None, "")
    ]
    assert new_pledges("South Korea pledged 150 billion won in military aid to Ukraine.") == [
        ("new_pledge", "KOR", "funds", 150_000_000_000, "KRW", None, "")
    ]


def test_bare_kroner_take_the_articles_donor() -> None:
    text = (
        "Denmark unveils its 30th aid package to Ukraine\n\n"
        "The Danish Ministry of Defence has unveiled its 30th aid package.\n\n"
        "This latest contribution, amounting to 2.5 billion kroner, runs until 2027."
    )
    assert new_pledges(text) == [("new_pledge", "DNK", "funds", 2_500_000_000, "DKK", None, "")]


def test_the_total_cost_of_the_package_is_the_package_the_value_of_all_packages_is_a_total() -> (
    None
):
    text = (
        "Finland approves a new defence materiel package for Ukraine.\n\n"
        "The total cost of the new aid package is EUR 90 million.\n\n"
        "The combined value of all packages sent so far by Finland is about EUR 2 billion."
    )
    assert rows(text) == [
        ("new_pledge", "FIN", "funds", 90_000_000, "EUR", None, ""),
        ("background", None, "funds", 2_000_000_000, "EUR", None, ""),
    ]


def test_a_sum_that_is_now_over_or_reached_by_doubling_is_a_total() -> None:
    text = "According to the government, the military aid Australia has given Ukraine is now over $900 million."
    assert new_pledges(text) == []
    text = "The new measures add €300 million, doubling the fund's original amount to €600 million."
    assert [r[3] for r in new_pledges(text)] == [300_000_000]
